using ComplianceKit.Approvals;
using ComplianceKit.Signing;

namespace ComplianceKit.Gates;

/// <summary>One approval entry as the gate saw it: its signature check, authorization and binding.</summary>
/// <param name="Approval">The approval.</param>
/// <param name="Signature">The CMS verification result.</param>
/// <param name="Authorized">Whether the certificate held the role at the signature's trusted time (<see cref="SignatureVerificationResult.TrustedTime"/>: a verified timestamp's, else the claimed signing time).</param>
/// <param name="BindingProblem">Why the statement does not match its entry or ledger head, or <see langword="null"/>.</param>
public sealed record ApprovalCheck(SignedApproval Approval, SignatureVerificationResult Signature, bool Authorized, string? BindingProblem)
{
    /// <summary>Whether this approval can count: signature valid, signer authorized, statement bound.</summary>
    public bool Counts => Signature.IsValid && Authorized && BindingProblem is null;
}
