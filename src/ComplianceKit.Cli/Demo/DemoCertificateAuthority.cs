using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using NodaTime;

namespace ComplianceKit.Cli.Demo;

/// <summary>
/// A throwaway ECDSA P-256 certificate authority for the demo clinic. Its subject says
/// "DEMO ONLY - NOT FOR PRODUCTION" so that no one mistakes its signatures for real approvals. The CA private key
/// lives only in memory and is never written anywhere; only the CA certificate is exported, as PEM, so that
/// auditors can verify demo signatures with <c>compliancekit</c> or OpenSSL.
/// </summary>
internal sealed class DemoCertificateAuthority : IDisposable
{
    /// <summary>The marker placed in every subject this authority creates.</summary>
    public const string DemoMarker = "DEMO ONLY - NOT FOR PRODUCTION";

    private static readonly Duration ClockSkew = Duration.FromMinutes(5);

    private readonly X509Certificate2 root;

    private DemoCertificateAuthority(X509Certificate2 root, string organization)
    {
        this.root = root;
        Organization = organization;
        Certificate = X509CertificateLoader.LoadCertificate(root.RawData);
    }

    /// <summary>The organization named in every certificate.</summary>
    public string Organization { get; }

    /// <summary>The CA certificate, public part only: the trust anchor for demo signatures.</summary>
    public X509Certificate2 Certificate { get; }

    /// <summary>Creates a new root valid from <paramref name="now"/> (less five minutes of skew) for <paramref name="validity"/>.</summary>
    /// <param name="now">The current time, from the host's IClock.</param>
    /// <param name="organization">The organization name for the subject.</param>
    /// <param name="validity">How long the root is valid; two years when null.</param>
    /// <param name="name">What the root is for, in its common name ("Root CA" when null; "Administration Root" for the pinned administration root).</param>
    public static DemoCertificateAuthority Create(
        Instant now, string organization = "ComplianceKit Demo Clinic", Duration? validity = null, string? name = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(organization);
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var subject = new X500DistinguishedNameBuilder();
        subject.AddCommonName($"ComplianceKit Demo {name ?? "Root CA"} ({DemoMarker})");
        subject.AddOrganizationalUnitName(DemoMarker);
        subject.AddOrganizationName(organization);

        var request = new CertificateRequest(subject.Build(), key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, true, 0, true));
        request.CertificateExtensions.Add(
            new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        var notBefore = (now - ClockSkew).ToDateTimeOffset();
        var notAfter = (now + (validity ?? Duration.FromDays(730))).ToDateTimeOffset();
        return new DemoCertificateAuthority(request.CreateSelfSigned(notBefore, notAfter), organization);
    }

    /// <summary>
    /// Issues an ECDSA P-256 signer certificate for a person acting in a role (for example "Compliance Officer"),
    /// with digitalSignature and nonRepudiation key usage. The result carries its private key; dispose it.
    /// </summary>
    /// <param name="personName">The common name, for example "Casey Ortiz".</param>
    /// <param name="role">The title attribute, for example "Compliance Officer".</param>
    /// <param name="now">The current time, from the host's IClock.</param>
    /// <param name="validity">How long the certificate is valid; one year when null, capped at the CA's expiry.</param>
    public X509Certificate2 IssueSigner(string personName, string role, Instant now, Duration? validity = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(personName);
        ArgumentException.ThrowIfNullOrWhiteSpace(role);
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var subject = new X500DistinguishedNameBuilder();
        subject.AddCommonName(personName);
        subject.Add("2.5.4.12", role);
        subject.AddOrganizationalUnitName(DemoMarker);
        subject.AddOrganizationName(Organization);

        var request = new CertificateRequest(subject.Build(), key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(
            X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.NonRepudiation, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(root, true, false));

        var notBefore = (now - ClockSkew).ToDateTimeOffset();
        var notAfter = (now + (validity ?? Duration.FromDays(365))).ToDateTimeOffset();
        var caNotAfter = new DateTimeOffset(root.NotAfter.ToUniversalTime(), TimeSpan.Zero);
        using var certificate = request.Create(
            root, notBefore, notAfter < caNotAfter ? notAfter : caNotAfter, NewSerialNumber());
        return certificate.CopyWithPrivateKey(key);
    }

    /// <summary>The CA certificate as PEM ("-----BEGIN CERTIFICATE-----"), for <c>openssl -CAfile</c>.</summary>
    public string ExportCertificatePem() => Certificate.ExportCertificatePem();

    /// <summary>Writes the CA certificate as PEM to <paramref name="path"/>, replacing any existing file.</summary>
    public void WriteCertificatePem(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        File.WriteAllText(path, ExportCertificatePem());
    }

    /// <summary>Releases the CA key and certificates.</summary>
    public void Dispose()
    {
        Certificate.Dispose();
        root.Dispose();
    }

    private static byte[] NewSerialNumber()
    {
        var serial = RandomNumberGenerator.GetBytes(16);
        serial[0] = (byte)((serial[0] & 0x7F) | 0x01);
        return serial;
    }
}
