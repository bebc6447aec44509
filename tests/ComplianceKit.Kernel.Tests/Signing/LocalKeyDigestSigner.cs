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
    private readonly X509Certificate2 presented;
    private readonly DSASignatureFormat ecdsaFormat;

    /// <param name="keyHolder">The certificate whose private key "lives in the KMS".</param>
    /// <param name="ecdsaFormat">How the stand-in returns ECDSA signatures.</param>
    /// <param name="presentedCertificate">The certificate to claim; defaults to <paramref name="keyHolder"/>'s.</param>
    public LocalKeyDigestSigner(
        X509Certificate2 keyHolder,
        DSASignatureFormat ecdsaFormat = DSASignatureFormat.Rfc3279DerSequence,
        X509Certificate2? presentedCertificate = null)
    {
        this.keyHolder = keyHolder;
        this.ecdsaFormat = ecdsaFormat;
        presented = X509CertificateLoader.LoadCertificate((presentedCertificate ?? keyHolder).RawData);
    }

    public int Calls { get; private set; }

    public override X509Certificate2 Certificate => presented;

    protected override DSASignatureFormat EcdsaSignatureFormat => ecdsaFormat;

    protected override async ValueTask<byte[]> SignDigestAsync(
        ReadOnlyMemory<byte> digest, HashAlgorithmName hashAlgorithm, CancellationToken cancellationToken)
    {
        await Task.Yield();
        Calls++;
        using var rsa = keyHolder.GetRSAPrivateKey();
        if (rsa is not null)
        {
            return rsa.SignHash(digest.Span, hashAlgorithm, RSASignaturePadding.Pkcs1);
        }

        using var ecdsa = keyHolder.GetECDsaPrivateKey()!;
        return ecdsa.SignHash(digest.Span, ecdsaFormat);
    }
}
