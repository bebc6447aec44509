using ComplianceKit.Approvals;
using ComplianceKit.Ledger;

namespace ComplianceKit.Administration;

/// <summary>
/// A release gate, for example "production deployment of release 2.4.0": the approvals it needs (one
/// per role) and the controls that must have current evidence. Recorded as a <c>gate.defined</c>
/// entry; a later definition with the same id replaces the earlier one from its recording on.
/// </summary>
public sealed record GateDefinition
{
    /// <summary>The ledger entry type of gate definitions.</summary>
    public const string EntryType = "gate.defined";

    /// <summary>The gate's id, for example <c>release-2.4.0-production</c>.</summary>
    public required string Id { get; init; }

    /// <summary>A title people read.</summary>
    public required string Title { get; init; }

    /// <summary>The subject the approvals must name.</summary>
    public required ApprovalSubject Subject { get; init; }

    /// <summary>The roles that must each approve.</summary>
    public required IReadOnlyList<string> RequiredRoles { get; init; }

    /// <summary>When set, approvals count only for this artifact digest; approvals of another artifact are superseded.</summary>
    public string? ArtifactSha256 { get; init; }

    /// <summary>Controls that must have current evidence for the gate to open.</summary>
    public IReadOnlyList<string> RequiredControls { get; init; } = [];

    /// <summary>When the gate is decided; <see langword="null"/> (omitted) for gates that do not say, which are release gates.</summary>
    public GatePhase? Phase { get; init; }

    /// <summary>For a <see cref="GatePhase.PostDeployment"/> gate, the release gate it follows; otherwise <see langword="null"/>.</summary>
    public string? ReleaseGate { get; init; }

    /// <summary>Controls shown and counted in the readiness figure that never block the gate; <see langword="null"/> when none.</summary>
    public IReadOnlyList<string>? OptionalControls { get; init; }

    /// <summary>Controls bound to programme records, which only those records satisfy; <see langword="null"/> when none.</summary>
    public IReadOnlyList<GateRequirement>? Requirements { get; init; }

    /// <summary>Statements required roles attest, shown to the signer when approving; <see langword="null"/> when none.</summary>
    public IReadOnlyList<RoleAttestation>? Attestations { get; init; }

    /// <summary>
    /// <see langword="true"/> when an approval counts only if its signature carries an RFC 3161 timestamp that verified
    /// (docs/FORMAT.md 7.2), so its signer's certificate and role are judged at a trusted time; <see langword="null"/>
    /// (omitted, the bytes of earlier gates unchanged) or false when the claimed signing time suffices.
    /// </summary>
    public bool? RequireTimestampedApprovals { get; init; }

    /// <summary>The requirement <paramref name="control"/> is bound to, or <see langword="null"/> when its evidence decides.</summary>
    public GateRequirement? RequirementFor(string control) =>
        Requirements?.FirstOrDefault(r => string.Equals(r.Control, control, StringComparison.Ordinal));

    /// <summary>What <paramref name="role"/> attests by approving this gate, or <see langword="null"/> when the checklist stated nothing.</summary>
    public string? AttestationFor(string role) =>
        Attestations?.FirstOrDefault(a => string.Equals(a.Role, role, StringComparison.Ordinal))?.Statement;

    /// <summary>The canonical JSON bytes of the definition: the record an administrator signs (docs/FORMAT.md, section 8).</summary>
    public byte[] ToRecordBytes() => PayloadCodec.Encode(this);

    /// <summary>
    /// An unsigned draft of this definition. It counts only where unsigned administration is allowed (the weaker mode);
    /// sign it with <c>AdministrationRecorder</c> (in the ComplianceKit package) instead.
    /// </summary>
    public EntryDraft ToDraft(string actor) => new(EntryType, $"gate:{Id}", actor, ToRecordBytes());

    /// <summary>Reads a <c>gate.defined</c> entry.</summary>
    /// <exception cref="FormatException">The payload is malformed.</exception>
    public static GateDefinition FromEntry(LedgerEntry entry) => PayloadCodec.Decode<GateDefinition>(entry);
}
