using ComplianceKit.Administration;
using ComplianceKit.Ledger;
using ComplianceKit.EntityFrameworkCore.Projection;
using ComplianceKit.Gates;

namespace ComplianceKit.Cli.Output;

/// <summary>The JSON shape of <c>gate --json</c> (documented in README, "gate --json").</summary>
internal sealed record GateJson(string Database, string ChainId, string Gate, string Title, string Subject, string? ArtifactSha256, string At, string Status, bool Open,
    string TrustAnchors, IReadOnlyList<string> RequiredRoles, IReadOnlyList<string> SatisfiedRoles, IReadOnlyList<string> RequiredControls,
    IReadOnlyList<GateJson.Approval> Approvals, IReadOnlyList<GateJson.Blocker> Blockers, IReadOnlyList<string> ProjectionDrift,
    string Phase, string? ReleaseGate, IReadOnlyList<string> OptionalControls, IReadOnlyList<GateJson.Requirement> Requirements, IReadOnlyList<GateJson.Attestation> Attestations)
{
    public static GateJson From(string database, string chainId, GateEvaluation evaluation, string anchors, IReadOnlyList<ProjectionDrift> drift) => new(
        database, chainId, evaluation.Gate.Id, evaluation.Gate.Title, evaluation.Gate.Subject.ToString(), evaluation.Gate.ArtifactSha256,
        PayloadCodec.FormatInstant(evaluation.At), evaluation.Status.ToString(), evaluation.Status == GateStatus.Open && drift.Count == 0, anchors,
        evaluation.Gate.RequiredRoles, evaluation.SatisfiedRoles, evaluation.Gate.RequiredControls,
        evaluation.Approvals.Select(a => new Approval(a.Approval.Sequence, a.Approval.Statement.Signer.Name, a.Approval.Statement.Signer.Role,
            a.Approval.Statement.Decision.ToString(), PayloadCodec.FormatInstant(a.Approval.Statement.SignedAt), a.Signature.Status.ToString(), a.Authorized, a.Counts)).ToList(),
        evaluation.Blockers.Select(b => new Blocker(b.Kind.ToString(), b.Role, b.Sequence, b.Message)).ToList(),
        drift.Select(d => d.ToString()).ToList(),
        (evaluation.Gate.Phase ?? GatePhase.Release).ToString(), evaluation.Gate.ReleaseGate, evaluation.Gate.OptionalControls ?? [],
        (evaluation.Gate.Requirements ?? []).Select(r => new Requirement(r.Control, r.Kind.ToString(), r.Vendors ?? [])).ToList(),
        (evaluation.Gate.Attestations ?? []).Select(a => new Attestation(a.Role, a.Statement)).ToList())
    {
        IgnoredAdministration = evaluation.IgnoredAdministration.Select(f => new Ignored(f.Sequence, f.EntryType, f.Kind.ToString(), f.Message)).ToList(),
    };

    /// <summary>Administrative entries about the gate or its roles that decisions ignore.</summary>
    public IReadOnlyList<Ignored> IgnoredAdministration { get; init; } = [];

    internal sealed record Requirement(string Control, string Kind, IReadOnlyList<string> Vendors);

    internal sealed record Attestation(string Role, string Statement);

    internal sealed record Approval(long Sequence, string Signer, string Role, string Decision, string SignedAt, string Signature, bool Authorized, bool Counts);

    internal sealed record Ignored(long Sequence, string EntryType, string Kind, string Message);

    internal sealed record Blocker(string Kind, string? Role, long? Sequence, string Message);
}
