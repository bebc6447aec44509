using ComplianceKit.Administration;
using ComplianceKit.Approvals;
using ComplianceKit.Signing;

namespace ComplianceKit.Gates;

/// <summary>
/// The gate rules, pure: given checked approvals, decide which roles are satisfied and list every
/// blocker. Per required role, the latest counting statement of each signer is that signer's
/// decision; any current rejection blocks; an invalid or unauthorized signature blocks, since it is
/// evidence of a process failure or tampering, even when another approval satisfies the role. A gate that requires
/// timestamped approvals counts only approvals judged at a verified timestamp's time.
/// </summary>
public static class GateDecision
{
    /// <summary>Decides a gate from its approval checks.</summary>
    public static (IReadOnlyList<GateBlocker> Blockers, IReadOnlyList<string> SatisfiedRoles) Decide(GateDefinition gate, IReadOnlyList<ApprovalCheck> checks)
    {
        ArgumentNullException.ThrowIfNull(gate);
        ArgumentNullException.ThrowIfNull(checks);
        var blockers = new List<GateBlocker>();
        var satisfied = new List<string>();
        var timestamped = gate.RequireTimestampedApprovals == true;
        bool Counts(ApprovalCheck c) => c.Counts && (!timestamped || c.Signature.TimeBasis == SigningTimeBasis.Timestamp);
        foreach (var role in gate.RequiredRoles)
        {
            var forRole = checks.Where(c => string.Equals(c.Approval.Statement.Signer.Role, role, StringComparison.Ordinal)).ToList();
            foreach (var check in forRole.Where(c => !Counts(c)))
            {
                blockers.Add(Problem(check, role));
            }

            var latestPerSigner = forRole.Where(Counts)
                .GroupBy(c => c.Approval.Statement.Signer.CertificateSha256, StringComparer.Ordinal)
                .Select(g => g.MaxBy(c => c.Approval.Sequence)!)
                .ToList();
            foreach (var rejection in latestPerSigner.Where(c => c.Approval.Statement.Decision == ApprovalDecision.Rejected))
            {
                blockers.Add(new GateBlocker(GateBlockerKind.Rejected, role, rejection.Approval.Sequence,
                    $"{rejection.Approval.Statement.Signer.Name} ({role}) rejected {gate.Subject} at {rejection.Approval.Statement.SignedAt}."));
            }

            var approvals = latestPerSigner.Where(c => c.Approval.Statement.Decision is ApprovalDecision.Approved or ApprovalDecision.ApprovedWithConditions).ToList();
            var current = approvals.Where(c => gate.ArtifactSha256 is null || c.Approval.Statement.ArtifactSha256 == gate.ArtifactSha256).ToList();
            if (current.Count > 0)
            {
                satisfied.Add(role);
                continue;
            }

            foreach (var stale in approvals)
            {
                blockers.Add(new GateBlocker(GateBlockerKind.ApprovalSuperseded, role, stale.Approval.Sequence,
                    $"{stale.Approval.Statement.Signer.Name} ({role}) approved artifact {Short(stale.Approval.Statement.ArtifactSha256)}, but the gate now requires {Short(gate.ArtifactSha256!)}."));
            }

            foreach (var withdrawn in latestPerSigner.Where(c => c.Approval.Statement.Decision == ApprovalDecision.Withdrawn))
            {
                blockers.Add(new GateBlocker(GateBlockerKind.ApprovalSuperseded, role, withdrawn.Approval.Sequence,
                    $"{withdrawn.Approval.Statement.Signer.Name} ({role}) withdrew their decision at {withdrawn.Approval.Statement.SignedAt}."));
            }

            blockers.Add(new GateBlocker(GateBlockerKind.RoleMissing, role, null, $"No valid, authorized approval from the {role}."));
        }

        return (blockers, satisfied);
    }

    private static GateBlocker Problem(ApprovalCheck check, string role)
    {
        var approval = check.Approval;
        var who = $"{approval.Statement.Signer.Name} ({role}), entry {approval.Sequence}";
        if (check.Counts)
        {
            return new GateBlocker(GateBlockerKind.ApprovalNotTimestamped, role, approval.Sequence,
                $"{who}: the gate requires timestamped approvals and this signature's time is not a verified timestamp ({check.Signature.TimeBasisReason}).");
        }

        if (!check.Signature.IsValid)
        {
            return check.Signature.Status == SignatureVerificationStatus.NotValidAtSigningTime
                ? new GateBlocker(GateBlockerKind.CertificateExpiredAtSigning, role, approval.Sequence, $"{who}: {check.Signature.Message}")
                : new GateBlocker(GateBlockerKind.SignatureInvalid, role, approval.Sequence, $"{who}: signature {check.Signature.Status}: {check.Signature.Message}");
        }

        return check.BindingProblem is { } problem
            ? new GateBlocker(GateBlockerKind.StatementMismatch, role, approval.Sequence, $"{who}: {problem}")
            : new GateBlocker(GateBlockerKind.SignerNotAuthorized, role, approval.Sequence,
                $"{who}: certificate {Short(approval.Statement.Signer.CertificateSha256)} did not hold the role '{role}' at {check.Signature.TrustedTime ?? approval.Statement.SignedAt} ({check.Signature.TimeBasisReason}).");
    }

    private static string Short(string hex) => hex.Length > 12 ? hex[..12] + "…" : hex;

    /// <summary>
    /// The blockers of a gate evaluated without trust anchors: no approval signature can be verified, so every required role
    /// blocks (<see cref="GateBlockerKind.RoleMissing"/>); controls are still decided as with anchors.
    /// </summary>
    public static IReadOnlyList<GateBlocker> WithoutTrustAnchors(GateDefinition gate)
    {
        ArgumentNullException.ThrowIfNull(gate);
        return gate.RequiredRoles.Select(role => new GateBlocker(GateBlockerKind.RoleMissing, role, null,
            $"No trust anchor is configured, so no approval by the {role} can be verified.")).ToList();
    }
}
