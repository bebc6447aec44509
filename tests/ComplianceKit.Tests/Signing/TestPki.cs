using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using ComplianceKit.Signing;
using NodaTime;

namespace ComplianceKit.Tests.Signing;

/// <summary>
/// A throwaway PKI for signature tests, built once per test run with <see cref="CertificateRequest"/>. Signer
/// certificates carry their private keys. Times are fixed so results never depend on the day the tests run, except
/// that the good signers stay valid until 2049 so OpenSSL (which checks validity now) accepts them.
/// </summary>
internal sealed class TestPki
{
    /// <summary>The signing time the tests use: inside every good certificate's validity.</summary>
    public static readonly Instant SigningTime = Instant.FromUtc(2025, 6, 1, 12, 0);

    private static readonly Lazy<TestPki> Shared = new(() => new TestPki());

    private static readonly DateTimeOffset LongAgo = new(2019, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset FarAhead = new(2049, 12, 31, 0, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset SignerFrom = new(2020, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset SignerUntil = new(2049, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private int nextSerial = 0x1000;

    private TestPki()
    {
        using var rootKey = RSA.Create(2048);
        Root = CreateRoot("CN=ComplianceKit Test Root CA, O=ComplianceKit Tests", rootKey);

        using var otherRootKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        OtherRoot = CreateRoot("CN=Some Other CA, O=Elsewhere", otherRootKey);

        using var impostorKey = RSA.Create(2048);
        var impostorRoot = CreateRoot(Root.Subject, impostorKey);

        using var intermediateKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        Intermediate = Issue("CN=ComplianceKit Test Issuing CA, O=ComplianceKit Tests", intermediateKey, Root, LongAgo, FarAhead.AddDays(-1), CaUsage, isCa: true);

        var signing = X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.NonRepudiation;
        RsaSigner = Issue("CN=Casey Officer, T=Compliance Officer", RSA.Create(2048), Root, SignerFrom, SignerUntil, signing);
        EcdsaSigner = Issue("CN=Erin Engineer, T=Release Manager", NewEcKey(), Root, SignerFrom, SignerUntil, signing);
        NonRepudiationOnlySigner = Issue("CN=Nora NonRepudiation", NewEcKey(), Root, SignerFrom, SignerUntil, X509KeyUsageFlags.NonRepudiation);
        NoDigitalSignatureSigner = Issue("CN=Kim KeyEncipherment", RSA.Create(2048), Root, SignerFrom, SignerUntil, X509KeyUsageFlags.KeyEncipherment);
        NoKeyUsageSigner = Issue("CN=Noel NoKeyUsage", NewEcKey(), Root, SignerFrom, SignerUntil, keyUsage: null);
        ExpiredSigner = Issue("CN=Eddie Expired", NewEcKey(), Root, SignerFrom, new DateTimeOffset(2021, 1, 1, 0, 0, 0, TimeSpan.Zero), signing);
        NotYetValidSigner = Issue("CN=Nat NotYet", NewEcKey(), Root, new DateTimeOffset(2030, 1, 1, 0, 0, 0, TimeSpan.Zero), SignerUntil, signing);
        ForeignSigner = Issue("CN=Frances Foreign", NewEcKey(), OtherRoot, SignerFrom, SignerUntil, signing);
        RevokedSigner = Issue("CN=Rhys Revoked", NewEcKey(), Root, SignerFrom, SignerUntil, signing);
        RevokedLaterSigner = Issue("CN=Lee RevokedLater", NewEcKey(), Root, SignerFrom, SignerUntil, signing);
        IntermediateSigner = Issue("CN=Ian Intermediate", NewEcKey(), Intermediate, SignerFrom, SignerUntil, signing);
        IntermediateRevokedSigner = Issue("CN=Iris IntermediateRevoked", NewEcKey(), Intermediate, SignerFrom, SignerUntil, signing);
        CaSigner = Issue("CN=Carl CaCertificate, O=ComplianceKit Tests", NewEcKey(), Root, SignerFrom, SignerUntil, signing | CaUsage, isCa: true);
        WeakRsaSigner = Issue("CN=Walt WeakKey, O=ComplianceKit Tests", RSA.Create(1024), Root, SignerFrom, SignerUntil, signing);

        var thisUpdate = new DateTimeOffset(2026, 1, 2, 0, 0, 0, TimeSpan.Zero);
        var rootCrl = new CertificateRevocationListBuilder();
        rootCrl.AddEntry(RevokedSigner, new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero), X509RevocationReason.KeyCompromise);
        rootCrl.AddEntry(RevokedLaterSigner, new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero), X509RevocationReason.Superseded);
        RootCrl = rootCrl.Build(Root, 1, thisUpdate.AddDays(30), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1, thisUpdate);
        CrlSignedByWrongKey = rootCrl.Build(impostorRoot, 1, thisUpdate.AddDays(30), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1, thisUpdate);

        var intermediateCrl = new CertificateRevocationListBuilder();
        intermediateCrl.AddEntry(IntermediateRevokedSigner, new DateTimeOffset(2025, 6, 1, 12, 0, 0, TimeSpan.Zero));
        IntermediateCrl = intermediateCrl.Build(Intermediate, 7, thisUpdate.AddDays(30), HashAlgorithmName.SHA256, thisUpdate: thisUpdate);

        Root = PublicPart(Root);
        OtherRoot = PublicPart(OtherRoot);
        Intermediate = PublicPart(Intermediate);
        impostorRoot.Dispose();
    }

    public static TestPki Instance => Shared.Value;

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

    private static X509KeyUsageFlags CaUsage => X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign;

    private static ECDsa NewEcKey() => ECDsa.Create(ECCurve.NamedCurves.nistP256);

    private static X509Certificate2 PublicPart(X509Certificate2 certificate)
    {
        var publicPart = X509CertificateLoader.LoadCertificate(certificate.RawData);
        certificate.Dispose();
        return publicPart;
    }

    private static CertificateRequest NewRequest(string subject, AsymmetricAlgorithm key) => key switch
    {
        RSA rsa => new CertificateRequest(subject, rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1),
        ECDsa ecdsa => new CertificateRequest(subject, ecdsa, HashAlgorithmName.SHA256),
        _ => throw new NotSupportedException(),
    };

    private static X509Certificate2 CreateRoot(string subject, AsymmetricAlgorithm key)
    {
        var request = NewRequest(subject, key);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(CaUsage, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        return request.CreateSelfSigned(LongAgo, FarAhead);
    }

    private X509Certificate2 Issue(
        string subject,
        AsymmetricAlgorithm key,
        X509Certificate2 issuer,
        DateTimeOffset notBefore,
        DateTimeOffset notAfter,
        X509KeyUsageFlags? keyUsage,
        bool isCa = false)
    {
        using (key)
        {
            var request = NewRequest(subject, key);
            request.CertificateExtensions.Add(new X509BasicConstraintsExtension(isCa, false, 0, true));
            if (keyUsage is { } usage)
            {
                request.CertificateExtensions.Add(new X509KeyUsageExtension(usage, true));
            }

            request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
            request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(issuer, true, false));

            var generator = issuer.GetRSAPrivateKey() is { } issuerRsa
                ? X509SignatureGenerator.CreateForRSA(issuerRsa, RSASignaturePadding.Pkcs1)
                : X509SignatureGenerator.CreateForECDsa(issuer.GetECDsaPrivateKey()!);
            var counter = BitConverter.GetBytes(Interlocked.Increment(ref nextSerial));
            byte[] serial = [0x5C, 0x4B, counter[3], counter[2], counter[1], counter[0]];
            using var certificate = request.Create(issuer.SubjectName, generator, notBefore, notAfter, serial);
            return key switch
            {
                RSA rsa => certificate.CopyWithPrivateKey(rsa),
                ECDsa ecdsa => certificate.CopyWithPrivateKey(ecdsa),
                _ => throw new NotSupportedException(),
            };
        }
    }
}
