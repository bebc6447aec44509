using ComplianceKit.Anchoring;
using ComplianceKit.Bundles;

namespace ComplianceKit.Cli.Output;

/// <summary>The JSON of one chain's anchoring in <c>verify --checkpoints --json</c> (docs/ANCHORING.md).</summary>
internal sealed record AnchorJson(string Origin, long ChainSize, long AnchoredSize, long UnanchoredEntries, string? NewestAnchorTime, int CheckpointsChecked,
    int CheckpointsWithoutQuorum, bool Valid, IReadOnlyList<AnchorJson.FindingJson> Findings)
{
    public static AnchorJson From(AnchorReport report) =>
        new(report.Origin, report.ChainSize, report.AnchoredSize, report.UnanchoredEntries, report.NewestAnchorTime is { } t ? BundleInstant.Format(t) : null,
            report.CheckpointsChecked, report.CheckpointsWithoutQuorum, report.IsValid,
            report.Findings.Select(f => new FindingJson(f.Kind.ToString(), f.Source, f.TreeSize, f.Message)).ToList());

    internal sealed record FindingJson(string Kind, string Checkpoint, long TreeSize, string Message);
}
