using ComplianceKit.Ledger;

namespace ComplianceKit.EntityFrameworkCore.Dialects;

/// <summary>A batch linked onto a chain's head, ready to write: the sealed entries, the Merkle nodes they completed, and the new head.</summary>
/// <param name="Entries">The entries, in sequence order.</param>
/// <param name="Nodes">The stored-level Merkle nodes the entries completed.</param>
/// <param name="Head">The chain's head after the batch (size, last hash, last recorded-at, frontier).</param>
/// <param name="Root">The Merkle root at the new head's size.</param>
public sealed record LedgerBatch(IReadOnlyList<LedgerEntry> Entries, IReadOnlyList<MerkleNode> Nodes, ChainState Head, byte[] Root);
