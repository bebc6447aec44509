using System.Collections.Concurrent;
using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.Pkcs;
using System.Security.Cryptography.X509Certificates;
using NodaTime;

namespace ComplianceKit.Signing;

/// <summary>
/// Verifies detached CMS signatures (as produced by <see cref="ICmsSigner"/>) against a
/// <see cref="SignatureTrustPolicy"/>, offline, returning a <see cref="SignatureVerificationResult"/> instead of
/// throwing. Thread-safe; create one per policy and share it.
/// </summary>
/// <remarks>
/// <para>Checks run in this order and the first failure is reported, which is also the order of
/// <see cref="SignatureVerificationStatus"/> from most to least severe:</para>
/// <list type="number">
/// <item>the bytes decode as a DER CMS SignedData whose signer certificate is embedded (<c>Malformed</c>);</item>
/// <item>there is exactly one signer (<c>UnexpectedSignerCount</c>);</item>
/// <item>the digest is SHA-256, SHA-384 or SHA-512 and the key RSA or ECDSA (<c>UnsupportedAlgorithm</c>);</item>
/// <item>the signed messageDigest equals the digest of <c>content</c> (<c>ContentMismatch</c>);</item>
/// <item>the signature value verifies with the signer's public key (<c>SignatureInvalid</c>);</item>
/// <item>a signingTime signed attribute is present (<c>MissingSigningTime</c>);</item>
/// <item>the signer certificate chains to a trust anchor of the policy (<c>UntrustedChain</c>), built with
/// X509ChainTrustMode.CustomRootTrust, no revocation checking and no certificate downloads;</item>
/// <item>no certificate of the chain is listed in a policy CRL issued by its issuer with a revocation date at or
/// before the signing time (<c>Revoked</c>);</item>
/// <item>every certificate of the chain was valid (NotBefore &lt;= signing time &lt;= NotAfter) at the signing
/// time (<c>NotValidAtSigningTime</c>);</item>
/// <item>the signer certificate passes <see cref="SignerCertificatePolicy"/>: not a CA, RSA-2048 / P-256 or larger
/// (<c>SignerCertificateUnsuitable</c>);</item>
/// <item>the signer certificate has a key usage extension allowing digitalSignature or nonRepudiation
/// (<c>KeyUsageMissing</c>).</item>
/// </list>
/// <para>
/// Between the signature math and the chain, the time to judge at is chosen: when the signature carries an RFC 3161
/// signatureTimeStampToken and the policy has <see cref="SignatureTrustPolicy.TimestampAuthorityTrustAnchors"/>, the token
/// is checked by <see cref="TimestampTokenVerifier"/> (<c>TimestampRejected</c> when it fails) and the certificate checks
/// below run at its time; the claimed signing time must then be within <see cref="SignatureTrustPolicy.SigningTimeTolerance"/>
/// of it (<c>SigningTimeOutsideTolerance</c>, checked last). Otherwise the claimed signing time is used: a holder of a revoked
/// or expired key can backdate it. <see cref="SignatureVerificationResult.TimeBasis"/> says which time was used and why.
/// </para>
/// <para>
/// Chain cache: building a chain is by far the most expensive step, so the result of building each signer
/// certificate's chain is cached, keyed by the SHA-256 of the signer certificate. The cached value does not depend
/// on the signing time: chains are built with the NotTimeValid checks suppressed (VerificationTime set to the first
/// signing time seen), and the time validity of every certificate is then compared with the signing time of each
/// signature from cached NotBefore/NotAfter values, as are revocation dates. Key usage, serial numbers and validity
/// dates are extracted once per certificate. The cache is a <see cref="ConcurrentDictionary{TKey, TValue}"/>; it is
/// cleared when it reaches <see cref="MaxCachedChains"/> entries so that signatures from many distinct certificates
/// cannot grow it without bound. A policy is fixed at construction, so cached entries never go stale.
/// </para>
/// <para>
/// The verifier holds private copies of the policy's certificates for its lifetime (released by the garbage
/// collector); it is meant to be long-lived, for example a singleton per trust policy.
/// </para>
/// </remarks>
public sealed class CmsSignatureVerifier
{
    /// <summary>The number of distinct signer certificates whose chains are cached before the cache is cleared.</summary>
    public const int MaxCachedChains = 1024;

    private readonly X509Certificate2Collection trustAnchors = [];
    private readonly X509Certificate2Collection intermediates = [];
    private readonly HashSet<string> trustAnchorKeys = new(StringComparer.Ordinal);
    private readonly CertificateRevocationIndex revocations;
    private readonly ConcurrentDictionary<string, ChainOutcome> chains = new(StringComparer.Ordinal);
    private readonly TimestampTokenVerifier? timestamps;
    private readonly Duration tolerance;

    /// <summary>Creates a verifier from a snapshot of <paramref name="policy"/>.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="policy"/> is null.</exception>
    /// <exception cref="ArgumentException">
    /// A CRL cannot be parsed, is a delta CRL, or is not signed by a trust anchor or intermediate of the policy
    /// (for example a CRL signed by the wrong key). CRLs are rejected here rather than ignored, because ignoring
    /// one would silently accept the certificates it revokes.
    /// </exception>
    public CmsSignatureVerifier(SignatureTrustPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(policy);
        var issuers = new List<CertificateFacts>();
        foreach (var anchor in policy.TrustAnchors)
        {
            var facts = CertificateFacts.From(anchor);
            trustAnchors.Add(facts.Certificate);
            trustAnchorKeys.Add(facts.Key);
            issuers.Add(facts);
        }

        foreach (var intermediate in policy.IntermediateCertificates)
        {
            var facts = CertificateFacts.From(intermediate);
            intermediates.Add(facts.Certificate);
            issuers.Add(facts);
        }

        revocations = CertificateRevocationIndex.Build(issuers, policy.CertificateRevocationLists);
        timestamps = policy.TimestampAuthorityTrustAnchors.Count == 0 ? null : new TimestampTokenVerifier(policy.TimestampAuthorityTrustAnchors);
        tolerance = policy.SigningTimeTolerance;
    }

    /// <summary>
    /// Verifies that <paramref name="detachedCms"/> is a valid signature over exactly <paramref name="content"/>
    /// under the policy. Never throws for bad signature bytes; every failure is a status.
    /// </summary>
    /// <param name="content">The bytes that were signed (the signature does not carry them).</param>
    /// <param name="detachedCms">The DER CMS ContentInfo produced by an <see cref="ICmsSigner"/>.</param>
    /// <returns>The result; <see cref="SignatureVerificationResult.IsValid"/> only when every check passed.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public SignatureVerificationResult Verify(byte[] content, byte[] detachedCms)
    {
        ArgumentNullException.ThrowIfNull(content);
        ArgumentNullException.ThrowIfNull(detachedCms);
        try
        {
            return VerifyCore(content, detachedCms);
        }
        catch (CryptographicException e)
        {
            // Parts of SignedCms decode lazily (embedded certificates, attributes); any late failure is still malformed.
            return Fail(SignatureVerificationStatus.Malformed, $"The signature cannot be parsed: {e.Message}");
        }
    }

    /// <summary>
    /// Verifies like <see cref="Verify"/> but throws unless the signature is valid.
    /// </summary>
    /// <param name="content">The bytes that were signed.</param>
    /// <param name="detachedCms">The DER CMS ContentInfo produced by an <see cref="ICmsSigner"/>.</param>
    /// <returns>The valid result, with the signer certificate, signing time and chain.</returns>
    /// <exception cref="SignatureVerificationException">The signature is not valid; the exception carries the result.</exception>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public SignatureVerificationResult VerifyOrThrow(byte[] content, byte[] detachedCms)
    {
        var result = Verify(content, detachedCms);
        return result.IsValid ? result : throw new SignatureVerificationException(result);
    }

    private static SignatureVerificationResult Fail(SignatureVerificationStatus status, string message) =>
        new(status, message);

    private SignatureVerificationResult VerifyCore(byte[] content, byte[] detachedCms)
    {
        var signedCms = new SignedCms(new ContentInfo(content), detached: true);
        try
        {
            signedCms.Decode(detachedCms);
        }
        catch (CryptographicException e)
        {
            return Fail(SignatureVerificationStatus.Malformed, $"The signature is not a DER CMS SignedData: {e.Message}");
        }

        var signers = signedCms.SignerInfos;
        if (signers.Count != 1)
        {
            return Fail(
                SignatureVerificationStatus.UnexpectedSignerCount,
                $"The signature has {signers.Count} signers; exactly one is required.");
        }

        var signerInfo = signers[0];
        return signerInfo.Certificate is { } certificate
            ? VerifySigner(content, signerInfo, certificate)
            : Fail(SignatureVerificationStatus.Malformed, "The signer certificate is not included in the signature.");
    }

    private SignatureVerificationResult VerifySigner(byte[] content, SignerInfo signerInfo, X509Certificate2 certificate)
    {
        SignatureVerificationResult Result(
            SignatureVerificationStatus status, string message, Instant? time = null, ChainOutcome? chain = null, SignatureTime? judgedAt = null) =>
            new(status, message, certificate, time, chain?.Elements, judgedAt);

        Instant? signingTime = null;
        ReadOnlyMemory<byte>? messageDigest = null;
        try
        {
            foreach (var attribute in signerInfo.SignedAttributes)
            {
                switch (attribute.Oid.Value)
                {
                    case CmsOids.SigningTimeAttribute when signingTime is null && attribute.Values.Count == 1:
                        signingTime = CmsSigningTime.Decode(attribute.Values[0].RawData);
                        break;
                    case CmsOids.MessageDigestAttribute when messageDigest is null && attribute.Values.Count == 1:
                        messageDigest = new AsnReader(attribute.Values[0].RawData, AsnEncodingRules.DER).ReadOctetString();
                        break;
                    case CmsOids.SigningTimeAttribute or CmsOids.MessageDigestAttribute:
                        return Result(
                            SignatureVerificationStatus.Malformed,
                            $"The signed attribute {attribute.Oid.Value} must occur once with one value.");
                }
            }
        }
        catch (Exception e) when (e is AsnContentException or CryptographicException)
        {
            return Result(SignatureVerificationStatus.Malformed, $"A signed attribute is garbled: {e.Message}");
        }

        var digestAlgorithm = signerInfo.DigestAlgorithm.Value switch
        {
            CmsOids.Sha256 => HashAlgorithmName.SHA256,
            CmsOids.Sha384 => HashAlgorithmName.SHA384,
            CmsOids.Sha512 => HashAlgorithmName.SHA512,
            _ => default,
        };
        if (digestAlgorithm == default)
        {
            return Result(
                SignatureVerificationStatus.UnsupportedAlgorithm,
                $"The digest algorithm {signerInfo.DigestAlgorithm.FriendlyName ?? signerInfo.DigestAlgorithm.Value} " +
                "is not accepted; use SHA-256, SHA-384 or SHA-512.",
                signingTime);
        }

        if (certificate.PublicKey.Oid.Value is not (CmsOids.RsaEncryption or CmsOids.EcPublicKey))
        {
            return Result(
                SignatureVerificationStatus.UnsupportedAlgorithm,
                $"The signer key algorithm {certificate.PublicKey.Oid.Value} is not accepted; use RSA or ECDSA.",
                signingTime);
        }

        try
        {
            signerInfo.CheckSignature(verifySignatureOnly: true);
        }
        catch (CryptographicException)
        {
            // Diagnosed here rather than hashing up front, so valid signatures hash the content only once.
            return messageDigest is { } signed
                && !signed.Span.SequenceEqual(CryptographicOperations.HashData(digestAlgorithm, content))
                ? Result(
                    SignatureVerificationStatus.ContentMismatch,
                    "The signature covers different content: the signed message digest does not match the content.",
                    signingTime)
                : Result(
                    SignatureVerificationStatus.SignatureInvalid,
                    $"The signature value does not verify with the public key of {certificate.Subject}.",
                    signingTime);
        }

        if (signingTime is not { } time)
        {
            return Result(
                SignatureVerificationStatus.MissingSigningTime,
                "The signature has no signingTime signed attribute; the certificate cannot be judged at a time.");
        }

        SignatureTime judgedAt;
        try
        {
            judgedAt = TimeToJudge(signerInfo, time);
        }
        catch (FormatException e)
        {
            return Result(SignatureVerificationStatus.Malformed, $"The timestamp attribute is garbled: {e.Message}", time);
        }

        if (judgedAt.Timestamp is { IsValid: false } rejected)
        {
            return Result(SignatureVerificationStatus.TimestampRejected, $"The signature's timestamp token is rejected: {rejected.Message}", time, judgedAt: judgedAt);
        }

        var (status, message, chain) = CheckSigner(certificate, judgedAt.At);
        if (status == SignatureVerificationStatus.Valid && judgedAt.Basis == SigningTimeBasis.Timestamp
            && Duration.FromTicks(Math.Abs((judgedAt.At - time).BclCompatibleTicks)) > tolerance)
        {
            return Result(SignatureVerificationStatus.SigningTimeOutsideTolerance,
                $"The claimed signing time {time} and the timestamp's time {judgedAt.At} differ by more than the tolerance of {tolerance}.",
                time, chain, judgedAt);
        }

        return Result(status, message, time, chain, judgedAt);
    }

    /// <summary>The timestamp's time when the signature carries a token and time-stamping anchors are configured, else the claimed time; the reason says which.</summary>
    private SignatureTime TimeToJudge(SignerInfo signerInfo, Instant claimed)
    {
        var token = SignatureTimestamps.FindIn(signerInfo);
        if (token is null)
        {
            return new SignatureTime(claimed, SigningTimeBasis.ClaimedSigningTime, "the signature carries no timestamp token; judged at the claimed signing time", null);
        }

        if (timestamps is null)
        {
            return new SignatureTime(claimed, SigningTimeBasis.ClaimedSigningTime,
                "the signature carries a timestamp token but no time-stamping trust anchor is configured; judged at the claimed signing time", null);
        }

        var checkedToken = timestamps.Verify(token, signerInfo.GetSignature());
        return checkedToken.IsValid
            ? new SignatureTime(checkedToken.Time!.Value, SigningTimeBasis.Timestamp,
                $"judged at the time of the RFC 3161 timestamp by {checkedToken.AuthoritySubject}", checkedToken)
            : new SignatureTime(claimed, SigningTimeBasis.ClaimedSigningTime, "the timestamp token was rejected", checkedToken);
    }

    /// <summary>
    /// Judges <paramref name="signerCertificate"/> as a signer at <paramref name="at"/> by exactly the certificate checks
    /// <see cref="Verify"/> runs after the signature math (chain to a trust anchor, revocation, validity at the time,
    /// <see cref="SignerCertificatePolicy"/>, key usage), so that a tool can refuse to sign what verification would refuse.
    /// </summary>
    /// <param name="signerCertificate">The certificate that is about to sign (its public part is enough).</param>
    /// <param name="at">The signing time to judge it at.</param>
    /// <returns>The result; its status is one of the certificate statuses (below <see cref="SignatureVerificationStatus.MissingSigningTime"/>), or Valid.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="signerCertificate"/> is null.</exception>
    public SignatureVerificationResult CheckCertificate(X509Certificate2 signerCertificate, Instant at)
    {
        ArgumentNullException.ThrowIfNull(signerCertificate);
        var certificate = X509CertificateLoader.LoadCertificate(signerCertificate.RawDataMemory.Span);
        var (status, message, chain) = CheckSigner(certificate, at);
        return new SignatureVerificationResult(status, message, certificate, at, chain?.Elements);
    }

    /// <summary>The certificate checks of <see cref="CheckCertificate"/> on the caller's own instance (no copy): for the timestamp check.</summary>
    /// <param name="certificate">The certificate, never disposed or handed out here.</param>
    /// <param name="chainKey"><see cref="CertificateFacts.KeyOf"/> of <paramref name="certificate"/>, already known to the caller.</param>
    /// <param name="time">The time to judge it at.</param>
    internal (SignatureVerificationStatus Status, string Message) CheckCertificateInPlace(X509Certificate2 certificate, string chainKey, Instant time)
    {
        var (status, message, _) = CheckSigner(certificate, time, chainKey);
        return (status, message);
    }

    private (SignatureVerificationStatus Status, string Message, ChainOutcome? Chain) CheckSigner(X509Certificate2 certificate, Instant time, string? chainKey = null)
    {
        ChainOutcome chain;
        try
        {
            chain = GetChain(certificate, time, chainKey ?? CertificateFacts.KeyOf(certificate));
        }
        catch (CryptographicException e)
        {
            return (SignatureVerificationStatus.Malformed, $"The signer certificate cannot be parsed: {e.Message}", null);
        }

        if (!chain.IsTrusted)
        {
            return (SignatureVerificationStatus.UntrustedChain,
                $"The signer certificate {certificate.Subject} does not chain to a trust anchor: {chain.Problem}", chain);
        }

        var elements = chain.Elements;
        for (var i = 0; i < elements.Count - 1; i++)
        {
            if (revocations.TryGetRevocation(elements[i], elements[i + 1], out var revokedAt) && revokedAt <= time)
            {
                return (SignatureVerificationStatus.Revoked,
                    $"The certificate {elements[i].Subject} was revoked by {elements[i + 1].Subject} at {revokedAt}, " +
                    $"at or before the signing time {time}.",
                    chain);
            }
        }

        return CheckElements(chain, time);
    }

    /// <summary>
    /// Judges <paramref name="signerCertificate"/> alone at <paramref name="at"/>: validity, <see cref="SignerCertificatePolicy"/> and key
    /// usage, exactly as <see cref="CheckCertificate"/> does after the chain, for a tool that has no trust anchor to build a chain to.
    /// The chain and revocation are not checked, so a valid result does not establish who the signer is.
    /// </summary>
    /// <param name="signerCertificate">The certificate that is about to sign.</param>
    /// <param name="at">The signing time to judge it at.</param>
    /// <returns>Valid, or <see cref="SignatureVerificationStatus.NotValidAtSigningTime"/>, <see cref="SignatureVerificationStatus.SignerCertificateUnsuitable"/> or <see cref="SignatureVerificationStatus.KeyUsageMissing"/>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="signerCertificate"/> is null.</exception>
    public static SignatureVerificationResult CheckCertificateWithoutChain(X509Certificate2 signerCertificate, Instant at)
    {
        ArgumentNullException.ThrowIfNull(signerCertificate);
        var facts = CertificateFacts.From(signerCertificate);
        var (status, message, _) = CheckElements(new ChainOutcome(true, null, [facts]), at);
        return new SignatureVerificationResult(status, message, X509CertificateLoader.LoadCertificate(signerCertificate.RawDataMemory.Span), at);
    }

    /// <summary>The checks after the chain: every element valid at the time, the signer suitable and allowed to sign.</summary>
    private static (SignatureVerificationStatus Status, string Message, ChainOutcome? Chain) CheckElements(ChainOutcome chain, Instant time)
    {
        var elements = chain.Elements;
        foreach (var element in elements)
        {
            if (!element.IsValidAt(time))
            {
                return (SignatureVerificationStatus.NotValidAtSigningTime,
                    $"The certificate {element.Subject} was not valid at the signing time {time}: it is valid from " +
                    $"{element.NotBefore} to {element.NotAfter}.",
                    chain);
            }
        }

        if (!chain.Signer.SignerCheck.IsAcceptable)
        {
            return (SignatureVerificationStatus.SignerCertificateUnsuitable, chain.Signer.SignerCheck.Message, chain);
        }

        if (!chain.Signer.HasSigningKeyUsage)
        {
            return (SignatureVerificationStatus.KeyUsageMissing,
                $"The signer certificate {chain.Signer.Subject} does not allow digitalSignature or nonRepudiation " +
                $"(key usage: {chain.Signer.KeyUsages?.ToString() ?? "absent"}).",
                chain);
        }

        return (SignatureVerificationStatus.Valid,
            $"Valid signature by {chain.Signer.Subject} at {time}, chaining to {elements[^1].Subject}.",
            chain);
    }

    private ChainOutcome GetChain(X509Certificate2 signer, Instant signingTime, string key)
    {
        if (chains.TryGetValue(key, out var cached))
        {
            return cached;
        }

        if (chains.Count >= MaxCachedChains)
        {
            chains.Clear();
        }

        return chains.GetOrAdd(key, BuildChain(signer, signingTime));
    }

    private ChainOutcome BuildChain(X509Certificate2 signer, Instant signingTime)
    {
        using var chain = new X509Chain();
        var policy = chain.ChainPolicy;
        policy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        policy.CustomTrustStore.AddRange(trustAnchors);
        policy.ExtraStore.AddRange(intermediates);
        policy.RevocationMode = X509RevocationMode.NoCheck;
        policy.DisableCertificateDownloads = true;
        policy.VerificationTime = signingTime.ToDateTimeUtc();

        // Time validity is judged per signature against cached dates, so the cached outcome is time-independent.
        policy.VerificationFlags = X509VerificationFlags.IgnoreNotTimeValid | X509VerificationFlags.IgnoreCtlNotTimeValid;

        bool built;
        try
        {
            built = chain.Build(signer);
        }
        catch (CryptographicException e)
        {
            return new ChainOutcome(false, $"the chain cannot be built: {e.Message}", [CertificateFacts.From(signer)]);
        }

        var elements = new CertificateFacts[chain.ChainElements.Count];
        for (var i = 0; i < elements.Length; i++)
        {
            var element = chain.ChainElements[i].Certificate;
            elements[i] = CertificateFacts.From(element);
            if (!ReferenceEquals(element, signer) && !trustAnchors.Contains(element) && !intermediates.Contains(element))
            {
                element.Dispose();
            }
        }

        if (elements.Length == 0)
        {
            elements = [CertificateFacts.From(signer)];
        }

        var trusted = built && trustAnchorKeys.Contains(elements[^1].Key);
        var problem = trusted
            ? null
            : string.Join("; ", chain.ChainStatus
                .Where(s => (s.Status & ~(X509ChainStatusFlags.NotTimeValid | X509ChainStatusFlags.CtlNotTimeValid)) != 0)
                .Select(s => $"{s.Status}: {s.StatusInformation.Trim()}")
                .DefaultIfEmpty("the chain does not end at a configured trust anchor"));
        return new ChainOutcome(trusted, problem, elements);
    }
}
