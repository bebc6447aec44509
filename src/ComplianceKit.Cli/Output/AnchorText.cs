using ComplianceKit.Anchoring;
using ComplianceKit.Bundles;
using ComplianceKit.Cli.Bundles;

namespace ComplianceKit.Cli.Output;

/// <summary>The text of <c>verify --checkpoints</c>: per chain, the anchored range, the unanchored tail and each contradicted checkpoint.</summary>
internal static class AnchorText
{
    public static void Write(TextWriter output, AnchorInputs inputs, IReadOnlyList<AnchorReport> reports)
    {
        output.WriteLine($"Anchors: checkpoints in {inputs.Folder}, {inputs.WitnessesRequired} of {inputs.WitnessCount} witness co-signature(s) required");
        foreach (var report in reports)
        {
            output.WriteLine(report.AnchoredSize > 0
                ? $"  {report.Origin}: entries 0-{report.AnchoredSize - 1} anchored (newest anchor signed {(report.NewestAnchorTime is { } t ? BundleInstant.Format(t) : "at an unknown time")})"
                : $"  {report.Origin}: nothing anchored ({report.CheckpointsChecked} checkpoint(s) found, {report.CheckpointsWithoutQuorum} without the witness quorum)");
            if (report.UnanchoredEntries > 0 && report.IsValid)
            {
                output.WriteLine($"  {report.Origin}: entries {report.AnchoredSize}-{report.ChainSize - 1} not yet anchored (not tampering; a later checkpoint covers them)");
            }

            foreach (var finding in report.Findings)
            {
                output.WriteLine(finding.Kind == AnchorFindingKind.LostInRestore
                    ? $"  Lost in a restore (not tampering): {finding.Message}"
                    : $"  {finding.Kind}: {finding.Message}");
            }
        }
    }
}
