using ComplianceKit.Ledger;
using ComplianceKit.Merkle;
using ComplianceKit.Verification;

namespace ComplianceKit.Bundles;

/// <summary>An entry line with everything about it that needs no ordering already computed: its digests and, in a selective bundle, its inclusion proof's result.</summary>
/// <param name="Entry">The parsed entry.</param>
/// <param name="Proof">The line's inclusion proof, if it has one.</param>
/// <param name="Digests">The payload digest, entry hash and leaf hash, recomputed.</param>
/// <param name="Inclusion">The inclusion proof checked against the signed root; <see langword="null"/> without a proof or in a full bundle.</param>
internal sealed record DigestedEntry(LedgerEntry Entry, List<byte[]>? Proof, EntryDigests Digests, MerkleProofResult? Inclusion)
{
    /// <summary>Computes the digests (and, for a selective bundle, checks the proof against the signed tree head).</summary>
    /// <param name="entry">The parsed entry.</param>
    /// <param name="proof">Its inclusion proof, if the line has one.</param>
    /// <param name="treeSize">The checkpoint's tree size.</param>
    /// <param name="root">The checkpoint's root, when proofs are to be checked (a selective bundle); otherwise <see langword="null"/>.</param>
    public static DigestedEntry Compute(LedgerEntry entry, List<byte[]>? proof, long treeSize, byte[]? root)
    {
        var digests = EntryDigests.Compute(entry);
        var inclusion = root is null || proof is null
            ? null
            : MerkleProofVerifier.VerifyInclusion(digests.LeafHash, new InclusionProof(entry.Sequence, treeSize, proof), root);
        return new DigestedEntry(entry, proof, digests, inclusion);
    }
}
