using ComplianceKit.Anchoring;
using ComplianceKit.Merkle;

namespace ComplianceKit.Bundles;

/// <summary>
/// Relates a bundle's checkpoint to an earlier one: the one the bundle itself names (with its consistency
/// proof), and the officer's own copy, which must be proven a prefix or the log was rewritten.
/// </summary>
internal sealed class PreviousCheckpointVerification
{
    private readonly BundleVerificationSession _session;
    private readonly Checkpoint? _officer;

    public PreviousCheckpointVerification(BundleVerificationSession session, Checkpoint? officer)
    {
        _session = session;
        _officer = officer;
    }

    /// <summary>What was found, for the report.</summary>
    public PreviousCheckpointCheck? Result { get; private set; }

    /// <summary>Checks the bundle's own claim of an earlier checkpoint and the officer's; returns a size whose root the entries must reproduce.</summary>
    public long? Check(BundleManifest manifest, Checkpoint checkpoint)
    {
        var claimed = manifest.PreviousCheckpoint;
        bool? claimConsistent = null;
        if (claimed is not null)
        {
            var result = claimed.TreeSize > checkpoint.TreeSize
                ? MerkleProofResult.Invalid(MerkleProofFailure.InvalidSizes, $"the earlier size {claimed.TreeSize} exceeds the checkpoint's {checkpoint.TreeSize}")
                : MerkleProofVerifier.VerifyConsistency(new ConsistencyProof(claimed.TreeSize, checkpoint.TreeSize, claimed.ConsistencyProof), claimed.Root, checkpoint.Root);
            claimConsistent = result.IsValid && claimed.Origin == checkpoint.Origin;
            if (!result.IsValid)
            {
                _session.Add(BundleFindingKind.ConsistencyProofInvalid, BundleFormat.ManifestFile, null,
                    $"The consistency proof from the earlier checkpoint (size {claimed.TreeSize}) does not verify: {result.Message}");
            }
            else if (claimed.Origin != checkpoint.Origin)
            {
                _session.Add(BundleFindingKind.CheckpointMismatch, BundleFormat.ManifestFile, null,
                    $"The earlier checkpoint is of origin '{claimed.Origin}', not '{checkpoint.Origin}'.");
            }
        }

        if (_officer is not { } officer)
        {
            Result = claimed is null ? null : new PreviousCheckpointCheck(claimed.TreeSize, claimed.Root, FromOfficer: false, claimConsistent);
            return null;
        }

        var root = officer.Root;
        void Record(bool? consistent) => Result = new PreviousCheckpointCheck(officer.TreeSize, root, FromOfficer: true, consistent);
        if (officer.Origin != checkpoint.Origin)
        {
            Record(false);
            _session.Add(BundleFindingKind.CheckpointMismatch, null, null, $"Your earlier checkpoint is of origin '{officer.Origin}'; this bundle is of '{checkpoint.Origin}'.");
            return null;
        }

        if (officer.TreeSize > checkpoint.TreeSize)
        {
            Record(null);
            _session.Add(BundleFindingKind.PreviousCheckpointUnproven, null, null,
                $"This bundle's checkpoint (size {checkpoint.TreeSize}) is older than yours (size {officer.TreeSize}); ask for a current export.");
            return null;
        }

        if (officer.TreeSize == checkpoint.TreeSize)
        {
            var same = root.AsSpan().SequenceEqual(checkpoint.Root);
            Record(same);
            if (!same)
            {
                _session.Add(BundleFindingKind.CheckpointMismatch, null, null,
                    $"Your checkpoint and this bundle's are both of size {officer.TreeSize} but have different roots: the log was rewritten (a fork).");
            }

            return null;
        }

        if (claimed is not null && claimed.TreeSize == officer.TreeSize)
        {
            var sameRoot = claimed.Root.AsSpan().SequenceEqual(root);
            Record(sameRoot && claimConsistent == true);
            if (!sameRoot)
            {
                _session.Add(BundleFindingKind.CheckpointMismatch, BundleFormat.ManifestFile, null,
                    $"The bundle's earlier checkpoint at size {officer.TreeSize} has another root than yours: the log was rewritten (a fork).");
            }

            return null;
        }

        if (manifest.Scope.IsFull)
        {
            Record(null); // decided by the entries
            return officer.TreeSize;
        }

        Record(null);
        _session.Add(BundleFindingKind.PreviousCheckpointUnproven, null, null,
            $"This selective bundle carries no consistency proof from your checkpoint (size {officer.TreeSize}); ask for an export made with --since-checkpoint.");
        return null;
    }

    /// <summary>Compares the root of a full export's first <paramref name="size"/> entries with the officer's checkpoint.</summary>
    public void CheckPrefix(CompactRange prefix, long size)
    {
        var root = _officer!.Root;
        var consistent = prefix.Size == size && prefix.ComputeRoot().AsSpan().SequenceEqual(root);
        Result = new PreviousCheckpointCheck(size, root, FromOfficer: true, consistent);
        if (!consistent)
        {
            _session.Add(BundleFindingKind.CheckpointMismatch, BundleFormat.EntriesFile, null,
                $"The first {size} entries do not have your checkpoint's root: the log was rewritten since you saw it (a fork).");
        }
    }
}
