using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using ComplianceKit.Administration;
using ComplianceKit.Signing;

namespace ComplianceKit.Tests.Administration;

/// <summary>
/// A throwaway administration root (the pinned root of a ledger) with two administrators, built once per test run. The
/// administrators' certificates are valid from 2020 to 2040, so they sign at any time the tests' clocks use.
/// </summary>
public sealed class TestAdministrators
{
    private static readonly Lazy<TestAdministrators> Shared = new(() => new TestAdministrators());

    private TestAdministrators()
    {
        var from = new DateTimeOffset(2020, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var until = new DateTimeOffset(2040, 1, 1, 0, 0, 0, TimeSpan.Zero);
        using var rootKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=Test Administration Root", rootKey, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        using var root = request.CreateSelfSigned(from, until);
        Root = X509CertificateLoader.LoadCertificate(root.RawData);
        AdministratorCertificate = Issue(root, "CN=Ada Administrator", from, until);
        SecondAdministratorCertificate = Issue(root, "CN=Sam Second", from, until);
        Administrator = new X509CertificateSigner(AdministratorCertificate);
        SecondAdministrator = new X509CertificateSigner(SecondAdministratorCertificate);
        Trust = AdministrationTrust.Pinned([Root]);
    }

    /// <summary>The shared instance.</summary>
    public static TestAdministrators Instance => Shared.Value;

    /// <summary>The administration root, public part: the pin.</summary>
    public X509Certificate2 Root { get; }

    /// <summary>The administrator's certificate with its private key.</summary>
    public X509Certificate2 AdministratorCertificate { get; }

    /// <summary>The second administrator's certificate with its private key.</summary>
    public X509Certificate2 SecondAdministratorCertificate { get; }

    /// <summary>An administrator under <see cref="Root"/>.</summary>
    public X509CertificateSigner Administrator { get; }

    /// <summary>Another administrator under <see cref="Root"/>, for separation of duties.</summary>
    public X509CertificateSigner SecondAdministrator { get; }

    /// <summary>Signed administration pinned to <see cref="Root"/>.</summary>
    public AdministrationTrust Trust { get; }

    /// <summary>Writes the pin next to <paramref name="database"/> (as init does) and the administrator as a PFX without password; returns the PFX path.</summary>
    public string WriteFor(string database)
    {
        var pin = database + ".admin-root.pem";
        if (!File.Exists(pin))
        {
            File.WriteAllText(pin, Root.ExportCertificatePem());
        }

        var pfx = database + ".administrator.pfx";
        if (!File.Exists(pfx))
        {
            File.WriteAllBytes(pfx, AdministratorCertificate.Export(X509ContentType.Pkcs12));
        }

        return pfx;
    }

    /// <summary>An administrator certificate with its private key (ECDSA P-256, digitalSignature) under <paramref name="root"/>.</summary>
    public static X509Certificate2 Issue(X509Certificate2 root, string subject, DateTimeOffset from, DateTimeOffset until)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        using var certificate = request.Create(root, from, until, RandomNumberGenerator.GetBytes(16));
        return certificate.CopyWithPrivateKey(key);
    }
}
