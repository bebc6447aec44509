using ComplianceKit.Signing;

namespace ComplianceKit.Anchoring;

/// <summary>A published restore statement an auditor holds, with its signature verified against the auditor's trust anchors.</summary>
/// <param name="Source">Where it came from (a file name), named in findings.</param>
/// <param name="Statement">The signed statement.</param>
/// <param name="Signature">The organisation's signature over it, verified.</param>
/// <param name="Epoch">
/// Which restore of its origin it is, from 1: it ends the history of checkpoints of epoch <c>Epoch - 1</c> and opens epoch
/// <c>Epoch</c> (<see cref="AnchorCandidate.Epoch"/>).
/// </param>
public sealed record RestoreCandidate(string Source, SignedRestoreStatement Statement, SignatureVerificationResult Signature, int Epoch);
