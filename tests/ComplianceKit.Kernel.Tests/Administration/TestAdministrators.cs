using System.Security.Cryptography.X509Certificates;
using ComplianceKit.Administration;
using ComplianceKit.Signing;
using ComplianceKit.Testing.Pki;
using NodaTime;
using NodaTime.Testing;

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
        var from = Instant.FromUtc(2020, 1, 1, 0, 0);
        var until = Instant.FromUtc(2040, 1, 1, 0, 0);
        var root = TestCertificateAuthority.CreateRoot(new FakeClock(from), "CN=Test Administration Root", TestKeyType.EcdsaP256, from, until);
        Root = root.Certificate;
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
    public static X509Certificate2 Issue(TestCertificateAuthority root, string subject, Instant from, Instant until) =>
        root.Issue(subject, new TestCertificateProfile { ValidFrom = from, ValidUntil = until, KeyUsage = X509KeyUsageFlags.DigitalSignature });
}
