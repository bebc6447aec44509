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

    /// <summary>The lines <c>verify &lt;bundle&gt;</c> prints about anchoring: the anchored prefix with its newest anchor and witnesses, the unanchored tail, what was left unjudged.</summary>
    public static IEnumerable<string> Lines(BundleAnchoring anchoring)
    {
        var report = anchoring.Report;
        var quorum = $"{anchoring.WitnessesRequired} witness co-signature(s) required";
        if (report.AnchoredSize > 0)
        {
            var witnesses = anchoring.NewestAnchorWitnesses.Count == 0 ? "" : $", co-signed by {string.Join("; ", anchoring.NewestAnchorWitnesses)}";
            yield return $"entries 0-{report.AnchoredSize - 1} anchored by the checkpoint of size {report.AnchoredSize} signed "
                + $"{(report.NewestAnchorTime is { } t ? BundleInstant.Format(t) : "at an unknown time")}{witnesses} ({quorum})";
        }
        else
        {
            yield return $"nothing anchored ({report.CheckpointsChecked} checkpoint(s) judged, {report.CheckpointsWithoutQuorum} without the quorum; {quorum})";
        }

        if (report.UnanchoredEntries > 0 && report.IsValid)
        {
            yield return $"entries {report.AnchoredSize}-{report.ChainSize - 1} not yet anchored (not tampering; a later checkpoint covers them)";
        }

        if (anchoring.CheckpointsNewerThanBundle > 0)
        {
            yield return $"{anchoring.CheckpointsNewerThanBundle} published checkpoint(s) newer than this bundle (made after it): not judged";
        }

        yield return $"{anchoring.CheckpointsCarried} checkpoint(s) carried in the bundle";
    }
}
