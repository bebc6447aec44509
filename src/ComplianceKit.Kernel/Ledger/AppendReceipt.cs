using ComplianceKit.Merkle;

namespace ComplianceKit.Ledger;

/// <summary>What an append wrote: the sealed entries and the tree head that includes them.</summary>
/// <param name="ChainId">The chain appended to.</param>
/// <param name="Entries">The entries as stored, with sequence numbers and hashes.</param>
/// <param name="TreeHead">The chain's Merkle tree head right after the append.</param>
public sealed record AppendReceipt(string ChainId, IReadOnlyList<LedgerEntry> Entries, MerkleTreeHead TreeHead)
{
    /// <summary>The sequence of the first entry written.</summary>
    public long FirstSequence => Entries.Count > 0 ? Entries[0].Sequence : TreeHead.Size;
}
