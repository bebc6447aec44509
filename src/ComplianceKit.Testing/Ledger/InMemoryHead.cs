namespace ComplianceKit.Testing.Ledger;

/// <summary>A chain's head as the in-memory store keeps it: what a store's head row holds. Immutable.</summary>
internal sealed record InMemoryHead(long Size, byte[] LastEntryHash, byte[] TreeRoot, byte[] Frontier);
