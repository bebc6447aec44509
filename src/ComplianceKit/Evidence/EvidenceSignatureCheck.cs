using ComplianceKit.Signing;

namespace ComplianceKit.Evidence;

/// <summary>
/// Checks the signatures of signed evidence against the organisation's trust anchors. Without one, signed
/// evidence counts only as <see cref="EvidenceAssurance.Documented"/>: a signature nobody checked proves nothing.
/// Thread-safe when the verifier is (it is).
/// </summary>
public sealed class EvidenceSignatureCheck
{
    private readonly CmsSignatureVerifier _verifier;

    /// <summary>Creates a check over a verifier (reuse it: it caches certificate chains).</summary>
    public EvidenceSignatureCheck(CmsSignatureVerifier verifier)
    {
        ArgumentNullException.ThrowIfNull(verifier);
        _verifier = verifier;
    }

    /// <summary>Returns <see langword="null"/> when the evidence's signature verifies, else why not.</summary>
    public string? Problem(EvidenceRecord evidence)
    {
        ArgumentNullException.ThrowIfNull(evidence);
        if (evidence.SignedStatement is null || evidence.Signature is null)
        {
            return $"evidence {evidence.EvidenceId} claims a signature but carries none";
        }

        var result = _verifier.Verify(evidence.SignedStatement, evidence.Signature);
        return result.IsValid ? null : $"evidence {evidence.EvidenceId}: signature {result.Status}: {result.Message}";
    }
}
