using ComplianceKit.Administration;
using ComplianceKit.Ledger;
using ComplianceKit.EntityFrameworkCore.Projection;
using ComplianceKit.Gates;

namespace ComplianceKit.Cli.Output;

/// <summary>The text a person reads after <c>gate</c>.</summary>
internal static class GateText
{
    /// <summary>A gate evaluated against trust anchors the caller names, with no projection to compare.</summary>
    public static void Write(TextWriter output, GateEvaluation evaluation, string anchors) => Write(output, evaluation, anchors, []);

    public static void Write(TextWriter output, GateEvaluation evaluation, string anchors, IReadOnlyList<ProjectionDrift> drift)
    {
        var gate = evaluation.Gate;
        var open = evaluation.Status == GateStatus.Open && drift.Count == 0;
        output.WriteLine($"Gate {gate.Id} ({gate.Title}) at {PayloadCodec.FormatInstant(evaluation.At)}: {(open ? "OPEN" : "BLOCKED")}");
        output.WriteLine($"  subject {gate.Subject}, artifact {gate.ArtifactSha256 ?? "(any)"}; trust anchors from {anchors}");
        output.WriteLine($"  approvals: {evaluation.SatisfiedRoles.Count} of {gate.RequiredRoles.Count} required role(s) satisfied{(gate.RequiredRoles.Count == 0 ? "" : ": " + string.Join(", ", gate.RequiredRoles.Select(r => evaluation.SatisfiedRoles.Contains(r) ? $"{r} ✓" : r)))}");
        output.WriteLine($"  {(gate.Phase ?? GatePhase.Release) switch { GatePhase.PostDeployment => $"post-deployment gate, after release gate {gate.ReleaseGate}", _ => "release gate" }}; required controls: {gate.RequiredControls.Count}, optional (never block): {gate.OptionalControls?.Count ?? 0}, bound to programme records: {gate.Requirements?.Count ?? 0}");
        foreach (var attestation in gate.Attestations ?? [])
        {
            output.WriteLine($"  the {attestation.Role} attests by approving: \"{attestation.Statement}\"");
        }
        foreach (var approval in evaluation.Approvals)
        {
            var statement = approval.Approval.Statement;
            output.WriteLine($"  entry {approval.Approval.Sequence}: {statement.Signer.Name} ({statement.Signer.Role}) {statement.Decision} at {PayloadCodec.FormatInstant(statement.SignedAt)}: signature {approval.Signature.Status}, {(approval.Authorized ? "authorized" : "not authorized")}{(approval.Counts ? "" : ", does not count")}");
        }

        foreach (var ignored in evaluation.IgnoredAdministration)
        {
            output.WriteLine($"  ignored ({ignored.Kind}): {ignored.Message}");
        }

        var count = evaluation.Blockers.Count + drift.Count;
        if (count == 0)
        {
            return;
        }

        output.WriteLine($"Blockers ({count}):");
        foreach (var d in drift)
        {
            output.WriteLine($"  - ProjectionTampered: {d}");
        }

        foreach (var blocker in evaluation.Blockers)
        {
            output.WriteLine($"  - {blocker.Kind}{(blocker.Role is null ? "" : $" [{blocker.Role}]")}: {blocker.Message}");
        }
    }
}
