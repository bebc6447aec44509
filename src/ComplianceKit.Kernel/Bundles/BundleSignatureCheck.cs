using System.Security.Cryptography.X509Certificates;
using ComplianceKit.Signing;

namespace ComplianceKit.Bundles;

/// <summary>
/// How one bundle verification checks signatures: against the auditor's trust policy (with any time-stamping anchors the
/// options add), or for integrity only when no trust anchors were given. Thread-safe, as the verifier it wraps.
/// </summary>
internal sealed class BundleSignatureCheck(CmsSignatureVerifier? verifier)
{
    /// <summary>Whether signers are judged against trust anchors (otherwise signatures are only checked for being intact).</summary>
    public bool TrustChecked => verifier is not null;

    /// <summary>The verifier under the auditor's trust anchors, or <see langword="null"/> for integrity only.</summary>
    public CmsSignatureVerifier? TrustVerifier => verifier;

    /// <summary>Verifies a detached signature: against the trust anchors, or for integrity only without them.</summary>
    public SignatureVerificationResult Verify(byte[] content, byte[] signature) =>
        verifier?.Verify(content, signature) ?? IntegrityOnlySignatureCheck.Verify(content, signature);

    /// <summary>Whether <paramref name="result"/> is good enough: valid, or intact when no trust anchors were given.</summary>
    public bool Accepts(SignatureVerificationResult result) =>
        result.IsValid || (verifier is null && result.Status == SignatureVerificationStatus.UntrustedChain);

    /// <summary>
    /// A private copy of <paramref name="policy"/> (fresh certificate instances, the CRL list, the tolerance), with
    /// <paramref name="timestampAnchors"/> added: later changes to, or disposal of, the caller's certificates do not reach it.
    /// </summary>
    public static SignatureTrustPolicy Copy(SignatureTrustPolicy policy, IEnumerable<X509Certificate2>? timestampAnchors = null)
    {
        static X509Certificate2 Own(X509Certificate2 certificate) => X509CertificateLoader.LoadCertificate(certificate.RawDataMemory.Span);

        var copy = new SignatureTrustPolicy(policy.TrustAnchors.Select(Own)) { SigningTimeTolerance = policy.SigningTimeTolerance };
        foreach (var intermediate in policy.IntermediateCertificates)
        {
            copy.IntermediateCertificates.Add(Own(intermediate));
        }

        foreach (var anchor in policy.TimestampAuthorityTrustAnchors.Concat(timestampAnchors ?? []))
        {
            copy.TimestampAuthorityTrustAnchors.Add(Own(anchor));
        }

        foreach (var crl in policy.CertificateRevocationLists)
        {
            copy.CertificateRevocationLists.Add(crl);
        }

        return copy;
    }
}
