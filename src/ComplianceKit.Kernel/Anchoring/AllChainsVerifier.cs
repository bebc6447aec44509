using ComplianceKit.Hashing;

namespace ComplianceKit.Anchoring;

/// <summary>
/// Holds every chain of a ledger to the all-chains checkpoints published of it (docs/FORMAT.md 13.8): the heads log the ledger
/// records must have the published root at each published size, and every head in it must be a prefix of its chain (same root at
/// that size). Pure apart from the root callback.
/// </summary>
public static class AllChainsVerifier
{
    /// <summary>Judges the all-chains <paramref name="candidates"/> of <paramref name="origin"/> against the ledger's <paramref name="headsLog"/> and chains.</summary>
    /// <param name="origin">The all-chains origin (<see cref="AllChainsCheckpoint.OriginFor"/>); candidates of other origins are ignored.</param>
    /// <param name="headsLog">The heads log read from the verified <c>checkpoint.all-chains</c> entries (<see cref="AllChainsCheckpoint.HeadsLogOf"/>).</param>
    /// <param name="rootOf">The RFC 6962 root of chain <c>c</c>'s first <c>n</c> verified entries, or <see langword="null"/> when the ledger holds no such chain or fewer entries.</param>
    /// <param name="candidates">The published all-chains checkpoints with their verified signatures and witness counts.</param>
    /// <param name="witnessesRequired">How many trusted witness co-signatures a checkpoint needs to anchor (0: the organisation's signature suffices).</param>
    /// <param name="cancellationToken">Cancels the root reads.</param>
    /// <returns>A report whose chain size is the heads log's size and whose anchored size is the largest anchoring checkpoint's.</returns>
    public static async Task<AnchorReport> CheckAsync(string origin, IReadOnlyList<Checkpoint> headsLog, Func<string, long, CancellationToken, Task<byte[]?>> rootOf,
        IReadOnlyList<AnchorCandidate> candidates, int witnessesRequired, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(origin);
        ArgumentNullException.ThrowIfNull(headsLog);
        ArgumentNullException.ThrowIfNull(rootOf);
        ArgumentNullException.ThrowIfNull(candidates);
        ArgumentOutOfRangeException.ThrowIfNegative(witnessesRequired);

        var tree = AllChainsCheckpoint.TreeOf(headsLog);
        var findings = new List<AnchorFinding>();
        long anchored = 0, judged = 0;
        NodaTime.Instant? newest = null;
        int checkedCount = 0, withoutQuorum = 0;
        foreach (var candidate in candidates.Where(c => c.Checkpoint.Checkpoint.Origin == origin).OrderBy(c => c.Checkpoint.Checkpoint.TreeSize))
        {
            checkedCount++;
            var checkpoint = candidate.Checkpoint.Checkpoint;
            var name = $"all-chains checkpoint {candidate.Source} (size {checkpoint.TreeSize}, root {Hex.Format(checkpoint.Root)})";
            var before = findings.Count;
            if (!candidate.Signature.IsValid)
            {
                Add(AnchorFindingKind.SignatureInvalid, $"{name}: its signature does not verify ({candidate.Signature.Status}): {candidate.Signature.Message}");
            }
            else if (candidate.KeyRefusal is { } refusal)
            {
                Add(AnchorFindingKind.KeyRefused, $"{name}: {refusal}");
            }
            else if (checkpoint.TreeSize > headsLog.Count)
            {
                Add(AnchorFindingKind.Truncated, $"{name}: the ledger records {headsLog.Count} chain heads ('{AllChainsCheckpoint.RecordingChainId}' chain), fewer than it covers: recorded heads were removed.");
            }
            else if (!tree.ComputeRoot(checkpoint.TreeSize).AsSpan().SequenceEqual(checkpoint.Root))
            {
                Add(AnchorFindingKind.Contradicted, $"{name}: the root of the chain heads the ledger records ('{AllChainsCheckpoint.RecordingChainId}' chain) differs: recorded heads were rewritten.");
            }
            else
            {
                // Each head is judged once, under the first checkpoint that covers it; the later ones cover the same bytes.
                for (; judged < checkpoint.TreeSize; judged++)
                {
                    await JudgeHeadAsync(headsLog[(int)judged], judged).ConfigureAwait(false);
                }
            }

            if (findings.Count > before)
            {
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

            void Add(AnchorFindingKind kind, string message) => findings.Add(new AnchorFinding(kind, candidate.Source, checkpoint.TreeSize, message));

            async Task JudgeHeadAsync(Checkpoint head, long index)
            {
                var chain = AllChainsCheckpoint.ChainOf(head, origin);
                if (chain is null)
                {
                    Add(AnchorFindingKind.Contradicted, $"{name}: head {index} has origin '{head.Origin}', not a chain of this organisation.");
                    return;
                }

                var root = await rootOf(chain, head.TreeSize, cancellationToken).ConfigureAwait(false);
                if (root is null)
                {
                    Add(AnchorFindingKind.Truncated, $"{name}: chain '{chain}' does not hold the {head.TreeSize} entries its head {index} covers: the chain was dropped or cut.");
                }
                else if (!root.AsSpan().SequenceEqual(head.Root))
                {
                    Add(AnchorFindingKind.Contradicted, $"{name}: chain '{chain}' has root {Hex.Format(root)} at size {head.TreeSize}, its head {index} says {Hex.Format(head.Root)}: entries of the chain were rewritten.");
                }
            }
        }

        var failed = findings.Count > 0;
        return new AnchorReport
        {
            Origin = origin, ChainSize = headsLog.Count, AnchoredSize = failed ? 0 : anchored, NewestAnchorTime = failed ? null : newest,
            CheckpointsChecked = checkedCount, CheckpointsWithoutQuorum = withoutQuorum, Findings = findings,
        };
    }
}
