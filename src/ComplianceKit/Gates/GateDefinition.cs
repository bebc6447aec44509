using System.Text.Json;
using ComplianceKit.Approvals;
using ComplianceKit.Canonicalization;
using ComplianceKit.Ledger;

namespace ComplianceKit.Gates;

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

    /// <summary>The canonical JSON bytes of the definition: the record an administrator signs (docs/FORMAT.md, section 8).</summary>
    public byte[] ToRecordBytes() => JsonCanonicalizer.Serialize(this, LedgerJson.Options);

    /// <summary>
    /// An unsigned draft of this definition. It counts only where unsigned administration is allowed (the weaker mode);
    /// sign it with <see cref="Administration.AdministrationRecorder"/> instead.
    /// </summary>
    public EntryDraft ToDraft(string actor) => new(EntryType, $"gate:{Id}", actor, ToRecordBytes());

    /// <summary>Reads a <c>gate.defined</c> entry.</summary>
    /// <exception cref="FormatException">The payload is malformed.</exception>
    public static GateDefinition FromEntry(LedgerEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        try
        {
            return JsonSerializer.Deserialize<GateDefinition>(entry.Payload ?? throw new FormatException("no payload"), LedgerJson.Options)
                ?? throw new FormatException("null definition");
        }
        catch (JsonException ex)
        {
            throw new FormatException($"Gate entry {entry.Sequence} is malformed: {ex.Message}", ex);
        }
    }
}
