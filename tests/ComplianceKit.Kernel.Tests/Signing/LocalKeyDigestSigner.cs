using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using ComplianceKit.Signing;

namespace ComplianceKit.Tests.Signing;

/// <summary>
/// Stands in for a KMS: signs digests with a key it holds, the way a remote "sign digest" call would, and can
/// return ECDSA signatures in P1363 form like Azure Key Vault does.
/// </summary>
internal sealed class LocalKeyDigestSigner : CmsDigestSigner
{
    private readonly X509Certificate2 keyHolder;
    private readonly DSASignatureFormat ecdsaFormat;
    private readonly bool checksEcdsa;
    private X509Certificate2 presented;

    /// <param name="keyHolder">The certificate whose private key "lives in the KMS".</param>
    /// <param name="ecdsaFormat">How the stand-in returns ECDSA signatures.</param>
    /// <param name="presentedCertificate">The certificate to claim; defaults to <paramref name="keyHolder"/>'s.</param>
    /// <param name="checksEcdsa">What <see cref="ChecksEcdsaSignatures"/> answers.</param>
    public LocalKeyDigestSigner(
        X509Certificate2 keyHolder,
        DSASignatureFormat ecdsaFormat = DSASignatureFormat.Rfc3279DerSequence,
        X509Certificate2? presentedCertificate = null,
        bool checksEcdsa = true)
    {
        this.keyHolder = keyHolder;
        this.ecdsaFormat = ecdsaFormat;
        this.checksEcdsa = checksEcdsa;
        presented = X509CertificateLoader.LoadCertificate((presentedCertificate ?? keyHolder).RawData);
    }

    public int Calls { get; private set; }

    public override X509Certificate2 Certificate => presented;

    protected override DSASignatureFormat EcdsaSignatureFormat => ecdsaFormat;

    protected override bool ChecksEcdsaSignatures => checksEcdsa;

    /// <summary>The stand-in "rotates" to another certificate (a new instance, as a KMS signer would load it).</summary>
    public void Present(X509Certificate2 certificate) => presented = X509CertificateLoader.LoadCertificate(certificate.RawData);

    /// <summary>When set, the stand-in returns these bytes instead of a signature.</summary>
    public byte[]? Garbage { get; set; }

    protected override async ValueTask<byte[]> SignDigestAsync(
        ReadOnlyMemory<byte> digest, HashAlgorithmName hashAlgorithm, CancellationToken cancellationToken)
    {
        await Task.Yield();
        Calls++;
        if (Garbage is not null)
        {
            return Garbage;
        }

        using var rsa = keyHolder.GetRSAPrivateKey();
        if (rsa is not null)
        {
            return rsa.SignHash(digest.Span, hashAlgorithm, RSASignaturePadding.Pkcs1);
        }

        using var ecdsa = keyHolder.GetECDsaPrivateKey()!;
        return ecdsa.SignHash(digest.Span, ecdsaFormat);
    }
}
