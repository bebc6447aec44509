using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.Pkcs;
using System.Security.Cryptography.X509Certificates;
using NodaTime;

namespace ComplianceKit.Signing;

/// <summary>
/// Checks an RFC 3161 timestamp token over a CMS signature value (the CAdES-T signatureTimeStampToken) against configured
/// time-stamping trust anchors, offline, returning a <see cref="TimestampVerificationResult"/> instead of throwing.
/// Thread-safe; create one per set of anchors and share it.
/// </summary>
/// <remarks>
/// <para>Checks, in order, the first failure reported (the order of <see cref="TimestampVerificationStatus"/>):</para>
/// <list type="number">
/// <item>the bytes are one DER TimeStampToken whose TSTInfo hash is SHA-256, SHA-384 or SHA-512 and which embeds the
/// authority's certificate (<c>Malformed</c>);</item>
/// <item>the message imprint equals the hash of the signature value (<c>ImprintMismatch</c>: a token for other bytes or
/// another signature);</item>
/// <item>the token's signature verifies with the embedded certificate and its ESS signing-certificate-v2 (or v1) attribute names
/// that certificate (<c>TokenSignatureInvalid</c>);</item>
/// <item>the certificate is judged at the token's genTime by exactly the checks <see cref="CmsSignatureVerifier.CheckCertificate"/>
/// runs for a signer, against the time-stamping anchors: chain (<c>UntrustedAuthority</c>), revocation and validity
/// (<c>AuthorityNotValidAtTime</c>), <see cref="SignerCertificatePolicy"/> and key usage (<c>AuthorityCertificateUnsuitable</c>);</item>
/// <item>the certificate's extended key usage is id-kp-timeStamping alone, critical (<c>TimeStampingUsageMissing</c>).</item>
/// </list>
/// <para>The nonce is checked by whoever sent the request (the timestamp client, when the response arrives): a stored token
/// does not say which nonce was sent. The authority's certificate is judged at the token's own time, so a token stays valid
/// after the authority's certificate expires, as long as the anchors are kept.</para>
/// </remarks>
public sealed class TimestampTokenVerifier
{
    private const string TimeStampingOid = "1.3.6.1.5.5.7.3.8";
    private const string SigningCertificateV1 = "1.2.840.113549.1.9.16.2.12";
    private const string SigningCertificateV2 = "1.2.840.113549.1.9.16.2.47";
    private const string TstInfoContentType = "1.2.840.113549.1.9.16.1.4";

    private readonly CmsSignatureVerifier _authorities;

    /// <summary>Creates a verifier trusting exactly <paramref name="trustAnchors"/> as roots of time-stamping authorities.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="trustAnchors"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="trustAnchors"/> is empty or contains null.</exception>
    public TimestampTokenVerifier(IEnumerable<X509Certificate2> trustAnchors) =>
        _authorities = new CmsSignatureVerifier(new SignatureTrustPolicy(trustAnchors));

    /// <summary>Checks <paramref name="token"/> as a timestamp over <paramref name="signatureValue"/>. Never throws for bad token bytes.</summary>
    /// <param name="token">The DER TimeStampToken (a CMS ContentInfo).</param>
    /// <param name="signatureValue">The bytes the token must timestamp: the SignerInfo's signature value (<see cref="SignatureTimestamps.SignatureValue"/>).</param>
    public TimestampVerificationResult Verify(ReadOnlyMemory<byte> token, ReadOnlySpan<byte> signatureValue)
    {
        try
        {
            return VerifyCore(token, signatureValue);
        }
        catch (CryptographicException e)
        {
            return new TimestampVerificationResult(TimestampVerificationStatus.Malformed, $"The timestamp token cannot be parsed: {e.Message}");
        }
    }

    private TimestampVerificationResult VerifyCore(ReadOnlyMemory<byte> token, ReadOnlySpan<byte> signatureValue)
    {
        var cms = new SignedCms();
        cms.Decode(token.Span);
        if (cms.ContentInfo.ContentType.Value != TstInfoContentType
            || !Rfc3161TimestampTokenInfo.TryDecode(cms.ContentInfo.Content, out var info, out var consumed)
            || consumed != cms.ContentInfo.Content.Length)
        {
            return new TimestampVerificationResult(TimestampVerificationStatus.Malformed, "The timestamp token is not a SignedData over a DER RFC 3161 TSTInfo.");
        }

        var time = Instant.FromDateTimeOffset(info.Timestamp);
        Duration? accuracy = info.AccuracyInMicroseconds is { } micros ? Duration.FromNanoseconds(micros * 1000L) : null;
        TimestampVerificationResult Result(TimestampVerificationStatus status, string message, X509Certificate2? certificate = null) =>
            new(status, message, time, certificate, accuracy);

        var algorithm = info.HashAlgorithmId.Value switch
        {
            "2.16.840.1.101.3.4.2.1" => HashAlgorithmName.SHA256,
            "2.16.840.1.101.3.4.2.2" => HashAlgorithmName.SHA384,
            "2.16.840.1.101.3.4.2.3" => HashAlgorithmName.SHA512,
            _ => default,
        };
        if (algorithm == default)
        {
            return Result(TimestampVerificationStatus.Malformed, $"The timestamp's hash algorithm {info.HashAlgorithmId.Value} is not SHA-256, SHA-384 or SHA-512.");
        }

        var hash = CryptographicOperations.HashData(algorithm, signatureValue);
        if (!info.GetMessageHash().Span.SequenceEqual(hash))
        {
            return Result(TimestampVerificationStatus.ImprintMismatch, "The timestamp's message imprint is not the hash of this signature value: it timestamps other bytes.");
        }

        var signers = cms.SignerInfos;
        if (signers.Count != 1 || signers[0].Certificate is not { } certificate)
        {
            return Result(TimestampVerificationStatus.Malformed, "The timestamp token does not have one signer with its certificate embedded.");
        }

        try
        {
            signers[0].CheckSignature(verifySignatureOnly: true);
        }
        catch (CryptographicException)
        {
            return Result(TimestampVerificationStatus.TokenSignatureInvalid, $"The timestamp token's signature does not verify with the key of {certificate.Subject}.", certificate);
        }

        var usage = TimeStampingUsageProblem(certificate);
        if (!EssNamesCertificate(signers[0], certificate))
        {
            return Result(TimestampVerificationStatus.TokenSignatureInvalid,
                $"The timestamp token's ESS signing-certificate attribute does not name {certificate.Subject}.", certificate);
        }

        var judged = _authorities.CheckCertificateInPlace(certificate, time);
        var status = judged.Status switch
        {
            SignatureVerificationStatus.Valid => TimestampVerificationStatus.Valid,
            SignatureVerificationStatus.UntrustedChain => TimestampVerificationStatus.UntrustedAuthority,
            SignatureVerificationStatus.Revoked or SignatureVerificationStatus.NotValidAtSigningTime => TimestampVerificationStatus.AuthorityNotValidAtTime,
            SignatureVerificationStatus.SignerCertificateUnsuitable or SignatureVerificationStatus.KeyUsageMissing => TimestampVerificationStatus.AuthorityCertificateUnsuitable,
            _ => TimestampVerificationStatus.Malformed,
        };
        if (status != TimestampVerificationStatus.Valid)
        {
            return Result(status, $"The time-stamping authority is not accepted at {time}: {judged.Message}", certificate);
        }

        return usage is null
            ? Result(TimestampVerificationStatus.Valid, $"Timestamp {time} by {certificate.Subject}, chaining to a time-stamping trust anchor.", certificate)
            : Result(TimestampVerificationStatus.TimeStampingUsageMissing, $"The authority certificate {certificate.Subject} {usage}.", certificate);
    }

    /// <summary>
    /// Whether the ESS signing-certificate-v2 (RFC 5816) or signing-certificate (RFC 2634) signed attribute's first
    /// certificate ID is the hash of <paramref name="certificate"/> (RFC 3161 section 2.4.2 requires one of them).
    /// </summary>
    private static bool EssNamesCertificate(SignerInfo signer, X509Certificate2 certificate)
    {
        foreach (var attribute in signer.SignedAttributes)
        {
            var v2 = attribute.Oid.Value == SigningCertificateV2;
            if ((!v2 && attribute.Oid.Value != SigningCertificateV1) || attribute.Values.Count != 1)
            {
                continue;
            }

            try
            {
                var certs = new AsnReader(attribute.Values[0].RawData, AsnEncodingRules.DER).ReadSequence().ReadSequence();
                var id = certs.ReadSequence();
                var algorithm = HashAlgorithmName.SHA256;
                if (v2 && id.PeekTag().HasSameClassAndValue(Asn1Tag.Sequence))
                {
                    var identifier = id.ReadSequence();
                    algorithm = identifier.ReadObjectIdentifier() switch
                    {
                        "2.16.840.1.101.3.4.2.1" => HashAlgorithmName.SHA256,
                        "2.16.840.1.101.3.4.2.2" => HashAlgorithmName.SHA384,
                        "2.16.840.1.101.3.4.2.3" => HashAlgorithmName.SHA512,
                        _ => default,
                    };
                }
                else if (!v2)
                {
                    // RFC 2634's ESSCertID is SHA-1 by definition; it identifies the certificate, second preimages stay infeasible.
                    algorithm = HashAlgorithmName.SHA1;
                }

                return algorithm != default && id.ReadOctetString().AsSpan().SequenceEqual(CryptographicOperations.HashData(algorithm, certificate.RawData));
            }
            catch (AsnContentException)
            {
                return false;
            }
        }

        return false;
    }

    /// <summary>RFC 3161 section 2.3: one extended key usage extension, critical, with id-kp-timeStamping as its only purpose.</summary>
    private static string? TimeStampingUsageProblem(X509Certificate2 certificate)
    {
        var extensions = certificate.Extensions.OfType<X509EnhancedKeyUsageExtension>().ToList();
        if (extensions.Count != 1)
        {
            return "has no extended key usage extension (id-kp-timeStamping is required)";
        }

        var purposes = extensions[0].EnhancedKeyUsages.Cast<Oid>().Select(o => o.Value).ToList();
        return purposes is [TimeStampingOid] && extensions[0].Critical
            ? null
            : $"does not carry id-kp-timeStamping as its only extended key usage in a critical extension (purposes: {string.Join(", ", purposes)}; critical: {extensions[0].Critical})";
    }
}
