using System.Security.Cryptography.X509Certificates;
using ComplianceKit.Administration;
using ComplianceKit.Signing;
using ComplianceKit.Verification;
using NodaTime;

namespace ComplianceKit.Cli.Compliance;

/// <summary>
/// The one check <c>approve</c> and <c>evidence add</c> run before signing: the signer's certificate judged by the verifier decisions
/// use, over the trust anchors an administrator recorded, at the signing time. What a decision would not count is refused before anything is signed.
/// </summary>
internal static class SignerPreCheck
{
    /// <summary>The verifier over the ledger's recorded anchors in effect at <paramref name="at"/>; <see langword="null"/> when none is recorded.</summary>
    public static async Task<CmsSignatureVerifier?> VerifierAsync(VerifiedChain chain, (AdministrationTrust Trust, string Description) administration, Instant at,
        CancellationToken cancellationToken)
    {
        var (anchors, _) = await TrustAnchors.LoadAsync([], chain, administration.Trust, administration.Description, at, cancellationToken).ConfigureAwait(false);
        return VerifierOver(anchors);
    }

    /// <summary>A verifier trusting <paramref name="anchors"/>, or <see langword="null"/> when there are none (nothing could verify).</summary>
    public static CmsSignatureVerifier? VerifierOver(IReadOnlyList<X509Certificate2> anchors) =>
        anchors.Count == 0 ? null : new CmsSignatureVerifier(new SignatureTrustPolicy(anchors));

    /// <summary>Why <paramref name="certificate"/> must not sign <paramref name="what"/> at <paramref name="signingTime"/>: (kind, message), or <see langword="null"/>.</summary>
    public static (string Kind, string Message)? Problem(CmsSignatureVerifier? verifier, X509Certificate2 certificate, Instant signingTime, string what)
    {
        if (verifier is null)
        {
            return ("NoTrustAnchor", $"the ledger records no trust anchor, so {what} could not be verified; record one first (compliancekit trust add).");
        }

        var result = verifier.CheckCertificate(certificate, signingTime);
        return result.IsValid ? null : (result.Status.ToString(), result.Message);
    }
}
