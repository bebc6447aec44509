using ComplianceKit.Merkle;

namespace ComplianceKit.Anchoring;

/// <summary>
/// One checkpoint over every chain of a ledger (docs/FORMAT.md 13.8): a C2SP checkpoint of the append-only <i>heads log</i>, whose
/// leaves are chain heads, each the exact bytes of that chain's own checkpoint (13.1: origin, tree size, root). A round appends
/// the heads of the chains that grew, in ordinal order of chain id; the checkpoint's size is the log's size after it. Because the
/// heads log only grows, its checkpoints are witnessed, published and held to consistency proofs like any chain's.
/// </summary>
public static class AllChainsCheckpoint
{
    /// <summary>The chain id in the all-chains origin: <c>*</c>, which no chain id can be.</summary>
    public const string Wildcard = "*";

    /// <summary>The chain the <c>checkpoint.all-chains</c> entries are recorded in; it is the one chain the heads log leaves out.</summary>
    public const string RecordingChainId = "all-chains";

    /// <summary>The origin of the organisation's all-chains checkpoints: <c>&lt;organisation slug&gt;/compliancekit/*</c>.</summary>
    public static string OriginFor(string organization) => Checkpoint.OriginFor(organization, Wildcard);

    /// <summary>Whether <paramref name="origin"/> is an all-chains origin (any organisation).</summary>
    public static bool IsAllChainsOrigin(string origin)
    {
        ArgumentNullException.ThrowIfNull(origin);
        return origin.EndsWith("/compliancekit/" + Wildcard, StringComparison.Ordinal);
    }

    /// <summary>The chain a head (a leaf of the heads log) names, or <see langword="null"/> when its origin is not of <paramref name="allChainsOrigin"/>'s organisation.</summary>
    public static string? ChainOf(Checkpoint head, string allChainsOrigin)
    {
        ArgumentNullException.ThrowIfNull(head);
        ArgumentNullException.ThrowIfNull(allChainsOrigin);
        var prefix = allChainsOrigin[..^Wildcard.Length];
        return head.Origin.StartsWith(prefix, StringComparison.Ordinal) && head.Origin.Length > prefix.Length && head.Extensions.Count == 0
            ? head.Origin[prefix.Length..]
            : null;
    }

    /// <summary>The heads log's Merkle tree: leaf <c>i</c> is the RFC 6962 leaf hash of head <c>i</c>'s checkpoint bytes.</summary>
    public static InMemoryMerkleTree TreeOf(IEnumerable<Checkpoint> heads)
    {
        ArgumentNullException.ThrowIfNull(heads);
        return new InMemoryMerkleTree(heads.Select(h => MerkleHasher.HashLeaf(h.ToBytes())));
    }

    /// <summary>
    /// The heads log the rounds recorded: each round's heads, in order of its checkpoint's size, as long as each starts where the
    /// previous one ended (size less its head count); a round that does not (a gap or an overlap) ends what can be read.
    /// </summary>
    public static IReadOnlyList<Checkpoint> HeadsLogOf(IEnumerable<(SignedCheckpoint Checkpoint, IReadOnlyList<Checkpoint> Heads)> rounds)
    {
        ArgumentNullException.ThrowIfNull(rounds);
        var log = new List<Checkpoint>();
        foreach (var (checkpoint, heads) in rounds.OrderBy(r => r.Checkpoint.Checkpoint.TreeSize))
        {
            if (checkpoint.Checkpoint.TreeSize - heads.Count != log.Count)
            {
                break;
            }

            log.AddRange(heads);
        }

        return log;
    }
}
