using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using NodaTime;

namespace ComplianceKit.Signing;

/// <summary>
/// Base class for an <see cref="ICmsSigner"/> whose private key lives outside the process (HSM, AWS KMS, Azure Key
/// Vault, Google Cloud KMS). It builds the CMS structure and asks the derived class only to sign one SHA-256 digest.
/// </summary>
/// <remarks>
/// <para>
/// <see cref="SignDetachedAsync"/> computes the SHA-256 of the content, builds the signed attributes (contentType,
/// signingTime, messageDigest), DER-encodes them as a SET OF and passes the SHA-256 of that encoding to
/// <see cref="SignDigestAsync"/>. That is the digest a KMS "sign digest" call expects (AWS KMS:
/// <c>MessageType = DIGEST</c> with <c>RSASSA_PKCS1_V1_5_SHA_256</c> or <c>ECDSA_SHA_256</c>; Azure Key Vault:
/// <c>RS256</c> or <c>ES256</c>). The content itself never leaves the process.
/// </para>
/// <para>
/// The returned signature is checked against the public key of <see cref="Certificate"/> before the CMS is
/// assembled, so a key identifier paired with the wrong certificate fails at signing time, not at audit time
/// (a derived class whose key and certificate are proven to belong together may skip the check for ECDSA, see
/// <see cref="ChecksEcdsaSignatures"/>). The certificate's <see cref="SignerCertificatePolicy"/> check and its
/// public key are computed once per certificate instance, not per signature. The output has the shape documented
/// on <see cref="ICmsSigner"/>. Instances are as thread-safe as <see cref="SignDigestAsync"/>.
/// </para>
/// </remarks>
public abstract class CmsDigestSigner : ICmsSigner
{
    /// <inheritdoc />
    public abstract X509Certificate2 Certificate { get; }

    /// <summary>
    /// The format <see cref="SignDigestAsync"/> returns ECDSA signatures in: DER (AWS KMS, PKCS #11 wrappers that
    /// re-encode) or IEEE P1363 r||s (Azure Key Vault, raw PKCS #11). Ignored for RSA. Defaults to DER.
    /// </summary>
    protected virtual DSASignatureFormat EcdsaSignatureFormat => DSASignatureFormat.Rfc3279DerSequence;

    /// <summary>
    /// Whether each ECDSA signature <see cref="SignDigestAsync"/> returns is verified against <see cref="Certificate"/>
    /// before it is used. Defaults to <see langword="true"/>. A derived class may return <see langword="false"/> only when
    /// it has itself proven that its key and <see cref="Certificate"/> belong together (for example by one checked
    /// signature when it connected); an ECDSA verification costs about as much as a fast token's signature. A signature
    /// that does not verify would then be found by every verifier, not at signing time. RSA signatures are always checked:
    /// the check costs about a hundredth of an RSA signature, and it keeps a faulty RSA-CRT signature (which reveals the
    /// key's factors) from ever leaving the process.
    /// </summary>
    protected virtual bool ChecksEcdsaSignatures => true;

    // The last certificate judged and its public key: signers keep one certificate, so this is computed once.
    private CertificateKey? checkedCertificate;

    /// <inheritdoc />
    /// <exception cref="SignerCertificateRejectedException"><see cref="Certificate"/> fails <see cref="SignerCertificatePolicy"/>; nothing is signed.</exception>
    public async ValueTask<byte[]> SignDetachedAsync(
        ReadOnlyMemory<byte> content, Instant signingTime, CancellationToken cancellationToken = default)
    {
        CmsSigningTime.ThrowIfNotEncodable(signingTime, nameof(signingTime));
        var certificate = Certificate;
        var key = KeyOf(certificate);
        var isRsa = key.Rsa is not null;
        var signedAttributes = EncodeSignedAttributes(SHA256.HashData(content.Span), signingTime);
        var digest = SHA256.HashData(signedAttributes);
        var signature = await SignDigestAsync(digest, HashAlgorithmName.SHA256, cancellationToken).ConfigureAwait(false);
        signature = CheckSignature(key, digest, signature);

        // Signed attributes are hashed with their universal SET OF tag but stored as [0] IMPLICIT.
        signedAttributes[0] = 0xA0;
        return EncodeContentInfo(certificate, isRsa, signedAttributes, signature);
    }

    /// <summary>
    /// Signs a digest with the private key of <see cref="Certificate"/>: RSA PKCS #1 v1.5 (the digest wrapped in a
    /// DigestInfo, as KMS "sign digest" operations do) or ECDSA in <see cref="EcdsaSignatureFormat"/>.
    /// </summary>
    /// <param name="digest">The digest to sign; 32 bytes for SHA-256.</param>
    /// <param name="hashAlgorithm">The algorithm that produced <paramref name="digest"/>; always SHA-256 today.</param>
    /// <param name="cancellationToken">Cancels the remote call.</param>
    /// <returns>The raw signature value.</returns>
    protected abstract ValueTask<byte[]> SignDigestAsync(
        ReadOnlyMemory<byte> digest, HashAlgorithmName hashAlgorithm, CancellationToken cancellationToken);

    /// <summary>Judges <paramref name="certificate"/> by <see cref="SignerCertificatePolicy"/> and reads its public key, once per instance.</summary>
    private CertificateKey KeyOf(X509Certificate2 certificate)
    {
        if (checkedCertificate is { } known && ReferenceEquals(known.Certificate, certificate))
        {
            return known;
        }

        SignerCertificatePolicy.ThrowIfUnsuitable(certificate);
        var key = certificate.PublicKey.Oid.Value switch
        {
            CmsOids.RsaEncryption => new CertificateKey(certificate, certificate.GetRSAPublicKey()!, null),
            CmsOids.EcPublicKey => new CertificateKey(certificate, null, certificate.GetECDsaPublicKey()!),
            var other => throw new InvalidOperationException(
                $"The signer key algorithm {other} is not supported; use RSA or ECDSA."),
        };

        // A racing thread may store its own copy of the same key; either is correct, and neither is disposed while in use.
        checkedCertificate = key;
        return key;
    }

    private byte[] CheckSignature(CertificateKey key, byte[] digest, byte[] signature)
    {
        bool verified;
        if (key.Rsa is { } rsa)
        {
            verified = rsa.VerifyHash(digest, signature, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        }
        else
        {
            var format = EcdsaSignatureFormat;
            verified = !ChecksEcdsaSignatures
                ? IsWellFormed(signature, format, key.Ecdsa!.KeySize)
                : key.Ecdsa!.VerifyHash(digest, signature, format);
            if (verified && format == DSASignatureFormat.IeeeP1363FixedFieldConcatenation)
            {
                signature = P1363ToDer(signature);
            }
        }

        return verified
            ? signature
            : throw new CryptographicException(
                "The signature returned by SignDigestAsync does not verify with the public key of Certificate; " +
                "check that the key and the certificate belong together.");
    }

    private static byte[] EncodeSignedAttributes(byte[] messageDigest, Instant signingTime)
    {
        var writer = new AsnWriter(AsnEncodingRules.DER);
        using (writer.PushSetOf())
        {
            WriteAttribute(writer, CmsOids.ContentTypeAttribute, w => w.WriteObjectIdentifier(CmsOids.Data));
            WriteAttribute(writer, CmsOids.SigningTimeAttribute, w => w.WriteEncodedValue(CmsSigningTime.Encode(signingTime)));
            WriteAttribute(writer, CmsOids.MessageDigestAttribute, w => w.WriteOctetString(messageDigest));
        }

        return writer.Encode();
    }

    private static void WriteAttribute(AsnWriter writer, string type, Action<AsnWriter> writeValue)
    {
        using (writer.PushSequence())
        {
            writer.WriteObjectIdentifier(type);
            using (writer.PushSetOf())
            {
                writeValue(writer);
            }
        }
    }

    private static byte[] EncodeContentInfo(
        X509Certificate2 certificate, bool isRsa, byte[] signedAttributes, byte[] signature)
    {
        var writer = new AsnWriter(AsnEncodingRules.DER);
        using (writer.PushSequence())
        {
            writer.WriteObjectIdentifier(CmsOids.SignedData);
            using (writer.PushSequence(new Asn1Tag(TagClass.ContextSpecific, 0, isConstructed: true)))
            using (writer.PushSequence())
            {
                writer.WriteInteger(1);
                using (writer.PushSetOf())
                {
                    WriteAlgorithm(writer, CmsOids.Sha256, nullParameters: false);
                }

                using (writer.PushSequence())
                {
                    writer.WriteObjectIdentifier(CmsOids.Data);
                }

                using (writer.PushSetOf(new Asn1Tag(TagClass.ContextSpecific, 0, isConstructed: true)))
                {
                    writer.WriteEncodedValue(certificate.RawDataMemory.Span);
                }

                using (writer.PushSetOf())
                {
                    WriteSignerInfo(writer, certificate, isRsa, signedAttributes, signature);
                }
            }
        }

        return writer.Encode();
    }

    private static void WriteSignerInfo(
        AsnWriter writer, X509Certificate2 certificate, bool isRsa, byte[] signedAttributes, byte[] signature)
    {
        using (writer.PushSequence())
        {
            writer.WriteInteger(1);
            using (writer.PushSequence())
            {
                writer.WriteEncodedValue(certificate.IssuerName.RawData);
                writer.WriteInteger(certificate.SerialNumberBytes.Span);
            }

            WriteAlgorithm(writer, CmsOids.Sha256, nullParameters: false);
            writer.WriteEncodedValue(signedAttributes);
            if (isRsa)
            {
                WriteAlgorithm(writer, CmsOids.RsaEncryption, nullParameters: true);
            }
            else
            {
                WriteAlgorithm(writer, CmsOids.EcdsaWithSha256, nullParameters: false);
            }

            writer.WriteOctetString(signature);
        }
    }

    private static void WriteAlgorithm(AsnWriter writer, string oid, bool nullParameters)
    {
        using (writer.PushSequence())
        {
            writer.WriteObjectIdentifier(oid);
            if (nullParameters)
            {
                writer.WriteNull();
            }
        }
    }

    private static byte[] P1363ToDer(byte[] signature)
    {
        var half = signature.Length / 2;
        var writer = new AsnWriter(AsnEncodingRules.DER);
        using (writer.PushSequence())
        {
            writer.WriteIntegerUnsigned(TrimLeadingZeros(signature.AsSpan(0, half)));
            writer.WriteIntegerUnsigned(TrimLeadingZeros(signature.AsSpan(half)));
        }

        return writer.Encode();
    }

    /// <summary>Without the check, at least the shape: r||s of the curve's size, or one DER SEQUENCE of two INTEGERs.</summary>
    private static bool IsWellFormed(byte[] signature, DSASignatureFormat format, int keyBits)
    {
        if (format == DSASignatureFormat.IeeeP1363FixedFieldConcatenation)
        {
            return signature.Length == 2 * ((keyBits + 7) / 8);
        }

        try
        {
            var outer = new AsnReader(signature, AsnEncodingRules.DER);
            var sequence = outer.ReadSequence();
            sequence.ReadIntegerBytes();
            sequence.ReadIntegerBytes();
            sequence.ThrowIfNotEmpty();
            outer.ThrowIfNotEmpty();
            return true;
        }
        catch (AsnContentException)
        {
            return false;
        }
    }

    /// <summary>A certificate that passed <see cref="SignerCertificatePolicy"/>, with its public key (one of the two).</summary>
    private sealed record CertificateKey(X509Certificate2 Certificate, RSA? Rsa, ECDsa? Ecdsa);

    private static ReadOnlySpan<byte> TrimLeadingZeros(ReadOnlySpan<byte> value)
    {
        var start = 0;
        while (start < value.Length - 1 && value[start] == 0)
        {
            start++;
        }

        return value[start..];
    }
}
