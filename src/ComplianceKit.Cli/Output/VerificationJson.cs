using ComplianceKit.Ledger;
using ComplianceKit.Hashing;
using ComplianceKit.Verification;

namespace ComplianceKit.Cli.Output;

/// <summary>The JSON shape of <c>verify --db --json</c> (documented in README, "verify --json").</summary>
internal sealed record VerificationJson(string Database, bool Valid, IReadOnlyList<VerificationJson.Chain> Chains, string? OpenedAs)
{
    /// <summary>The administrative entries decisions ignore, when the administration was checked (<see cref="AdministrationJson"/>).</summary>
    public AdministrationJson? Administration { get; init; }

    /// <summary>Per chain, what the published checkpoints anchor and what contradicts them; null without --checkpoints.</summary>
    public IReadOnlyList<AnchorJson>? Anchors { get; init; }

    /// <summary>Per chain, the chain of checkpoint keys and the rotations it ignores, with <c>--checkpoints</c> (<see cref="CheckpointKeysJson"/>).</summary>
    public IReadOnlyList<CheckpointKeysJson>? CheckpointKeys { get; init; }

    public static VerificationJson From(string database, IReadOnlyList<ChainVerificationReport> reports, string? openedAs = null) =>
        new(database, reports.All(r => r.IsValid), reports.Select(r => new Chain(
            r.ChainId, r.IsValid, r.Status, r.EntriesRead, r.PurgedEntries, r.TreeHead.Size, Hex.Format(r.TreeHead.Root), r.TotalFailures,
            r.Findings.Select(f => new Finding(f.Sequence, f.Status, f.Message)).ToList())).ToList(), openedAs);

    internal sealed record Chain(string ChainId, bool Valid, VerificationStatus Status, long Entries, long Purged, long TreeSize, string TreeRoot,
        long TotalFailures, IReadOnlyList<Finding> Findings);

    internal sealed record Finding(long Sequence, VerificationStatus Status, string Message);
}
