using ComplianceKit.Anchoring;

namespace ComplianceKit.Bundles;

/// <summary>What an export wrote.</summary>
/// <param name="Checkpoint">The signed checkpoint: the tree head the bundle is verified against.</param>
/// <param name="Entries">How many entries the bundle holds.</param>
/// <param name="Approvals">How many approvals (with statement and signature files) it holds.</param>
/// <param name="Scope">Which entries it holds.</param>
public sealed record BundleExportResult(Checkpoint Checkpoint, long Entries, int Approvals, BundleScope Scope)
{
    /// <summary>How many published checkpoints the bundle carries with their witness co-signatures (docs/FORMAT.md 12.14).</summary>
    public int AnchorsCarried { get; init; }

    /// <summary>How many CRLs the bundle carries under <c>revocation/</c> (docs/FORMAT.md 12.15).</summary>
    public int RevocationListsCarried { get; init; }

    /// <summary>How many OCSP responses the bundle carries under <c>revocation/</c> (docs/FORMAT.md 12.15).</summary>
    public int OcspResponsesCarried { get; init; }
}
