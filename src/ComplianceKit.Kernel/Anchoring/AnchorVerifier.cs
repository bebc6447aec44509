using ComplianceKit.Hashing;

namespace ComplianceKit.Anchoring;

/// <summary>
/// Compares a verified chain with the checkpoints published of it (docs/FORMAT.md 13.3): the chain must be a consistent extension
/// of every one, that is hold at least its size with the same root at that size. Pure apart from the root callback.
/// </summary>
public static class AnchorVerifier
{
    /// <summary>Judges <paramref name="candidates"/> of <paramref name="origin"/> against a chain of <paramref name="chainSize"/> entries.</summary>
    /// <param name="origin">The chain's origin; candidates of other origins are ignored.</param>
    /// <param name="chainSize">The verified chain's size.</param>
    /// <param name="rootAt">The RFC 6962 root of the chain's first <c>n</c> entries, for <c>n</c> up to <paramref name="chainSize"/>.</param>
    /// <param name="candidates">The published checkpoints with their verified signatures and witness counts.</param>
    /// <param name="witnessesRequired">How many trusted witness co-signatures a checkpoint needs to anchor (0: the organisation's signature suffices).</param>
    /// <param name="cancellationToken">Cancels the root reads.</param>
    public static async Task<AnchorReport> CheckAsync(string origin, long chainSize, Func<long, CancellationToken, Task<byte[]>> rootAt,
        IReadOnlyList<AnchorCandidate> candidates, int witnessesRequired, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(origin);
        ArgumentNullException.ThrowIfNull(rootAt);
        ArgumentNullException.ThrowIfNull(candidates);
        ArgumentOutOfRangeException.ThrowIfNegative(chainSize);
        ArgumentOutOfRangeException.ThrowIfNegative(witnessesRequired);

        var findings = new List<AnchorFinding>();
        long anchored = 0;
        NodaTime.Instant? newest = null;
        var checkedCount = 0;
        var withoutQuorum = 0;
        foreach (var candidate in candidates.Where(c => c.Checkpoint.Checkpoint.Origin == origin).OrderBy(c => c.Checkpoint.Checkpoint.TreeSize))
        {
            checkedCount++;
            var checkpoint = candidate.Checkpoint.Checkpoint;
            var name = $"checkpoint {candidate.Source} (size {checkpoint.TreeSize}, root {Hex.Format(checkpoint.Root)})";
            if (!candidate.Signature.IsValid)
            {
                findings.Add(new AnchorFinding(AnchorFindingKind.SignatureInvalid, candidate.Source, checkpoint.TreeSize,
                    $"{name}: its signature does not verify ({candidate.Signature.Status}): {candidate.Signature.Message}"));
                continue;
            }

            if (candidate.KeyRefusal is { } refusal)
            {
                findings.Add(new AnchorFinding(AnchorFindingKind.KeyRefused, candidate.Source, checkpoint.TreeSize, $"{name}: {refusal}"));
                continue;
            }

            if (checkpoint.TreeSize > chainSize)
            {
                findings.Add(new AnchorFinding(AnchorFindingKind.Truncated, candidate.Source, checkpoint.TreeSize,
                    $"{name}: the chain holds {chainSize} entries, fewer than the published checkpoint covers: anchored entries were removed."));
                continue;
            }

            var root = await rootAt(checkpoint.TreeSize, cancellationToken).ConfigureAwait(false);
            if (!root.AsSpan().SequenceEqual(checkpoint.Root))
            {
                findings.Add(new AnchorFinding(AnchorFindingKind.Contradicted, candidate.Source, checkpoint.TreeSize,
                    $"{name}: the chain's root at that size is {Hex.Format(root)}: entries the published checkpoint covers were rewritten."));
                continue;
            }

            if (candidate.WitnessCosignatures < witnessesRequired)
            {
                withoutQuorum++;
                continue;
            }

            anchored = Math.Max(anchored, checkpoint.TreeSize);
            if (candidate.Signature.SigningTime is { } signed && (newest is null || signed > newest))
            {
                newest = signed;
            }
        }

        return new AnchorReport
        {
            Origin = origin, ChainSize = chainSize, AnchoredSize = findings.Count == 0 ? anchored : 0, NewestAnchorTime = findings.Count == 0 ? newest : null,
            CheckpointsChecked = checkedCount, CheckpointsWithoutQuorum = withoutQuorum, Findings = findings,
        };
    }
}
