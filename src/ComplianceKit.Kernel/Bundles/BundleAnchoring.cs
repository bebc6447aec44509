using ComplianceKit.Anchoring;

namespace ComplianceKit.Bundles;

/// <summary>
/// What published checkpoints and witness co-signatures say about a bundle (docs/FORMAT.md 12.14): the anchored prefix and unanchored
/// tail of its chain, the newest anchor with the witnesses that co-signed it, and what was left unjudged.
/// </summary>
public sealed class BundleAnchoring
{
    internal BundleAnchoring()
    {
    }

    /// <summary>The anchored prefix, the unanchored tail, the newest anchor time and every contradicted checkpoint (docs/FORMAT.md 13.3).</summary>
    public AnchorReport Report { get; internal init; } = null!;

    /// <summary>How many published checkpoints the bundle carries (manifest <c>anchors</c>).</summary>
    public int CheckpointsCarried { get; internal init; }

    /// <summary>
    /// How many of the auditor's published checkpoints of this origin are newer than the bundle (larger, and signed at or after the bundle's
    /// <c>createdAt</c>): the bundle was made before them, so they neither anchor nor contradict it.
    /// </summary>
    public int CheckpointsNewerThanBundle { get; internal init; }

    /// <summary>The tree size of the newest anchoring checkpoint (equal to <see cref="AnchorReport.AnchoredSize"/>), or 0 when none anchors.</summary>
    public long NewestAnchorSize => Report.AnchoredSize;

    /// <summary>The subjects of the pinned witnesses that co-signed the newest anchoring checkpoint, sorted; empty when none anchors or none was required.</summary>
    public IReadOnlyList<string> NewestAnchorWitnesses { get; internal init; } = [];

    /// <summary>How many witness co-signatures a checkpoint needed to anchor.</summary>
    public int WitnessesRequired { get; internal init; }
}
