using System.Collections.Concurrent;
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
/// <para>Speed: the token is read with <see cref="AsnReader"/> (<c>TimestampTokenParts</c>), and what depends only on the
/// authority's certificate (the certificate object, its imported public key, its SHA-256, its extended key usage verdict) is
/// kept per exact DER bytes of that certificate, so a token from a known authority costs its parse, three hashes and one public
/// key operation. The cache holds at most <see cref="MaxCachedAuthorities"/> certificates and is cleared when full; a
/// certificate that differs in any byte is a different entry, so nothing is ever judged by another certificate's verdict.</para>
/// <para>The nonce is checked by whoever sent the request (the timestamp client, when the response arrives): a stored token
/// does not say which nonce was sent. The authority's certificate is judged at the token's own time, so a token stays valid
/// after the authority's certificate expires, as long as the anchors are kept.</para>
/// </remarks>
public sealed class TimestampTokenVerifier
{
    /// <summary>The number of distinct authority certificates whose parsed key and verdicts are kept before the cache is cleared.</summary>
    public const int MaxCachedAuthorities = 64;

    private const string TstInfoContentType = "1.2.840.113549.1.9.16.1.4";

    private readonly CmsSignatureVerifier _authorities;
    private readonly ConcurrentDictionary<byte[], TimestampAuthorityCertificate> _certificates = new(ByteArrayContentComparer.Instance);

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
        catch (Exception e) when (e is CryptographicException or AsnContentException)
        {
            return new TimestampVerificationResult(TimestampVerificationStatus.Malformed, $"The timestamp token cannot be parsed: {e.Message}");
        }
    }

    private TimestampVerificationResult VerifyCore(ReadOnlyMemory<byte> token, ReadOnlySpan<byte> signatureValue)
    {
        var parts = TimestampTokenParts.Decode(token);
        if (parts.ContentType != TstInfoContentType
            || !Rfc3161TimestampTokenInfo.TryDecode(parts.Content, out var info, out var consumed)
            || consumed != parts.Content.Length)
        {
            return new TimestampVerificationResult(TimestampVerificationStatus.Malformed, "The timestamp token is not a SignedData over a DER RFC 3161 TSTInfo.");
        }

        var time = Instant.FromDateTimeOffset(info.Timestamp);
        Duration? accuracy = info.AccuracyInMicroseconds is { } micros ? Duration.FromNanoseconds(micros * 1000L) : null;
        TimestampVerificationResult Result(TimestampVerificationStatus status, string message, TimestampAuthorityCertificate? authority = null) =>
            new(status, message, time, authority?.Der, authority?.Subject, accuracy);

        var algorithm = TimestampTokenSignature.Hash(info.HashAlgorithmId.Value ?? "");
        if (algorithm == default)
        {
            return Result(TimestampVerificationStatus.Malformed, $"The timestamp's hash algorithm {info.HashAlgorithmId.Value} is not SHA-256, SHA-384 or SHA-512.");
        }

        var hash = CryptographicOperations.HashData(algorithm, signatureValue);
        if (!info.GetMessageHash().Span.SequenceEqual(hash))
        {
            return Result(TimestampVerificationStatus.ImprintMismatch, "The timestamp's message imprint is not the hash of this signature value: it timestamps other bytes.");
        }

        if (parts.SignerCount != 1 || FindAuthority(parts) is not { } authority)
        {
            return Result(TimestampVerificationStatus.Malformed, "The timestamp token does not have one signer with its certificate embedded.");
        }

        if (TimestampTokenSignature.Problem(parts, authority, out var signingCertificate) is { } problem)
        {
            return Result(TimestampVerificationStatus.TokenSignatureInvalid, $"The timestamp token's signature is not valid: {problem}.", authority);
        }

        if (!TimestampTokenSignature.EssNames(signingCertificate, authority))
        {
            return Result(TimestampVerificationStatus.TokenSignatureInvalid,
                $"The timestamp token's ESS signing-certificate attribute does not name {authority.Subject}.", authority);
        }

        var judged = _authorities.CheckCertificateInPlace(authority.Certificate, authority.ChainKey, time);
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
            return Result(status, $"The time-stamping authority is not accepted at {time}: {judged.Message}", authority);
        }

        return authority.UsageProblem is { } usage
            ? Result(TimestampVerificationStatus.TimeStampingUsageMissing, $"The authority certificate {authority.Subject} {usage}.", authority)
            : Result(TimestampVerificationStatus.Valid, $"Timestamp {time} by {authority.Subject}, chaining to a time-stamping trust anchor.", authority);
    }

    /// <summary>The embedded certificate the signer identifier names (the first, as SignedCms picks it), from the cache by its exact bytes.</summary>
    private TimestampAuthorityCertificate? FindAuthority(TimestampTokenParts parts)
    {
        foreach (var encoded in parts.Certificates)
        {
            var der = encoded.ToArray();
            if (!_certificates.TryGetValue(der, out var authority))
            {
                if (_certificates.Count >= MaxCachedAuthorities)
                {
                    _certificates.Clear();
                }

                authority = _certificates.GetOrAdd(der, TimestampAuthorityCertificate.From(der));
            }

            if (authority.IsNamedBy(parts))
            {
                return authority;
            }
        }

        return null;
    }
}
