using System.Security.Cryptography.X509Certificates;
using ComplianceKit.Signing;
using ComplianceKit.Testing.Pki;
using NodaTime;
using NodaTime.Testing;

namespace ComplianceKit.Tests.Signing;

/// <summary>
/// The signature tests' named certificates, issued once per test run by ComplianceKit.Testing's
/// <see cref="TestCertificateAuthority"/> (the one implementation that makes certificates for tests). Signer
/// certificates carry their private keys. Times are fixed so results never depend on the day the tests run, except
/// that the good signers stay valid until 2049 so OpenSSL (which checks validity now) accepts them.
/// </summary>
internal sealed class TestPki
{
    /// <summary>The signing time the tests use: inside every good certificate's validity.</summary>
    public static readonly Instant SigningTime = Instant.FromUtc(2025, 6, 1, 12, 0);

    private static readonly Lazy<TestPki> Shared = new(() => new TestPki());

    private static readonly Instant LongAgo = Instant.FromUtc(2019, 1, 1, 0, 0);
    private static readonly Instant FarAhead = Instant.FromUtc(2049, 12, 31, 0, 0);
    private static readonly Instant SignerFrom = Instant.FromUtc(2020, 1, 1, 0, 0);
    private static readonly Instant SignerUntil = Instant.FromUtc(2049, 1, 1, 0, 0);

    private TestPki()
    {
        var clock = new FakeClock(SigningTime);
        var root = TestCertificateAuthority.CreateRoot(clock, "CN=ComplianceKit Test Root CA, O=ComplianceKit Tests", TestKeyType.Rsa2048, LongAgo, FarAhead);
        var otherRoot = TestCertificateAuthority.CreateRoot(clock, "CN=Some Other CA, O=Elsewhere", TestKeyType.EcdsaP256, LongAgo, FarAhead);
        using var impostorRoot = TestCertificateAuthority.CreateRoot(clock, root.Certificate.Subject, TestKeyType.Rsa2048, LongAgo, FarAhead);
        var intermediate = root.CreateIntermediate("CN=ComplianceKit Test Issuing CA, O=ComplianceKit Tests", TestKeyType.EcdsaP256);

        var signing = X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.NonRepudiation;
        RsaSigner = root.Issue("CN=Casey Officer, T=Compliance Officer", Signer(TestKeyType.Rsa2048));
        EcdsaSigner = root.Issue("CN=Erin Engineer, T=Release Manager", Signer());
        NonRepudiationOnlySigner = root.Issue("CN=Nora NonRepudiation", Signer() with { KeyUsage = X509KeyUsageFlags.NonRepudiation });
        NoDigitalSignatureSigner = root.Issue("CN=Kim KeyEncipherment", Signer(TestKeyType.Rsa2048) with { KeyUsage = X509KeyUsageFlags.KeyEncipherment });
        NoKeyUsageSigner = root.Issue("CN=Noel NoKeyUsage", Signer() with { KeyUsage = null });
        ExpiredSigner = root.Issue("CN=Eddie Expired", Signer() with { ValidUntil = Instant.FromUtc(2021, 1, 1, 0, 0) });
        NotYetValidSigner = root.Issue("CN=Nat NotYet", Signer() with { ValidFrom = Instant.FromUtc(2030, 1, 1, 0, 0) });
        ForeignSigner = otherRoot.Issue("CN=Frances Foreign", Signer());
        RevokedSigner = root.Issue("CN=Rhys Revoked", Signer());
        RevokedLaterSigner = root.Issue("CN=Lee RevokedLater", Signer());
        IntermediateSigner = intermediate.Issue("CN=Ian Intermediate", Signer());
        IntermediateRevokedSigner = intermediate.Issue("CN=Iris IntermediateRevoked", Signer());
        CaSigner = root.Issue("CN=Carl CaCertificate, O=ComplianceKit Tests", Signer() with
        {
            KeyUsage = signing | X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign,
            IsCertificateAuthority = true,
        });
        WeakRsaSigner = root.Issue("CN=Walt WeakKey, O=ComplianceKit Tests", Signer(TestKeyType.Rsa1024));

        var thisUpdate = Instant.FromUtc(2026, 1, 2, 0, 0);
        foreach (var authority in new[] { root, impostorRoot })
        {
            authority.Revoke(RevokedSigner, Instant.FromUtc(2024, 1, 1, 0, 0), X509RevocationReason.KeyCompromise);
            authority.Revoke(RevokedLaterSigner, Instant.FromUtc(2026, 1, 1, 0, 0), X509RevocationReason.Superseded);
        }

        RootCrl = root.CreateCrl(thisUpdate, Duration.FromDays(30));
        CrlSignedByWrongKey = impostorRoot.CreateCrl(thisUpdate, Duration.FromDays(30));
        intermediate.Revoke(IntermediateRevokedSigner, SigningTime);
        IntermediateCrl = intermediate.CreateCrl(thisUpdate, Duration.FromDays(30));

        Authority = root;
        Root = root.Certificate;
        OtherRoot = otherRoot.Certificate;
        Intermediate = intermediate.Certificate;
    }

    public static TestPki Instance => Shared.Value;

    /// <summary>The root's authority, for tests that need a certificate of their own under <see cref="Root"/>.</summary>
    public TestCertificateAuthority Authority { get; }

    /// <summary>RSA-2048 root: basic constraints CA, keyCertSign + cRLSign. Public part only.</summary>
    public X509Certificate2 Root { get; }

    /// <summary>An unrelated ECDSA root that no test policy trusts. Public part only.</summary>
    public X509Certificate2 OtherRoot { get; }

    /// <summary>ECDSA P-256 issuing CA under <see cref="Root"/>. Public part only.</summary>
    public X509Certificate2 Intermediate { get; }

    public X509Certificate2 RsaSigner { get; }

    public X509Certificate2 EcdsaSigner { get; }

    public X509Certificate2 NonRepudiationOnlySigner { get; }

    public X509Certificate2 NoDigitalSignatureSigner { get; }

    public X509Certificate2 NoKeyUsageSigner { get; }

    /// <summary>Valid 2020 to 2021, so expired at <see cref="SigningTime"/>.</summary>
    public X509Certificate2 ExpiredSigner { get; }

    /// <summary>Valid from 2030, so not yet valid at <see cref="SigningTime"/>.</summary>
    public X509Certificate2 NotYetValidSigner { get; }

    /// <summary>Issued by <see cref="OtherRoot"/>.</summary>
    public X509Certificate2 ForeignSigner { get; }

    /// <summary>Revoked by <see cref="RootCrl"/> on 2024-01-01, before <see cref="SigningTime"/>.</summary>
    public X509Certificate2 RevokedSigner { get; }

    /// <summary>Revoked by <see cref="RootCrl"/> on 2026-01-01, after <see cref="SigningTime"/>.</summary>
    public X509Certificate2 RevokedLaterSigner { get; }

    /// <summary>Issued by <see cref="Intermediate"/>.</summary>
    public X509Certificate2 IntermediateSigner { get; }

    /// <summary>Issued by <see cref="Intermediate"/>, revoked by <see cref="IntermediateCrl"/> exactly at <see cref="SigningTime"/>.</summary>
    public X509Certificate2 IntermediateRevokedSigner { get; }

    /// <summary>A CA certificate (basic constraint CA:TRUE) under <see cref="Root"/> that also allows digitalSignature, with its key.</summary>
    public X509Certificate2 CaSigner { get; }

    /// <summary>An RSA-1024 end-entity certificate under <see cref="Root"/> with signing key usage, with its key.</summary>
    public X509Certificate2 WeakRsaSigner { get; }

    /// <summary>DER CRL signed by <see cref="Root"/> (RSA).</summary>
    public byte[] RootCrl { get; }

    /// <summary>DER CRL signed by <see cref="Intermediate"/> (ECDSA).</summary>
    public byte[] IntermediateCrl { get; }

    /// <summary>The entries of <see cref="RootCrl"/>, issued in the root's name but signed by another key.</summary>
    public byte[] CrlSignedByWrongKey { get; }

    /// <summary>Trusts <see cref="Root"/>, knows <see cref="Intermediate"/>, and carries both CRLs.</summary>
    public SignatureTrustPolicy NewPolicy()
    {
        var policy = new SignatureTrustPolicy([Root]);
        policy.IntermediateCertificates.Add(Intermediate);
        policy.CertificateRevocationLists.Add(RootCrl);
        policy.CertificateRevocationLists.Add(IntermediateCrl);
        return policy;
    }

    /// <summary>A good signer's profile: signing key usage, valid from 2020 until 2049.</summary>
    private static TestCertificateProfile Signer(TestKeyType keyType = TestKeyType.EcdsaP256) =>
        new() { KeyType = keyType, ValidFrom = SignerFrom, ValidUntil = SignerUntil };
}
