namespace ComplianceKit.EntityFrameworkCore.Ledger;

/// <summary>A chain head as stored.</summary>
internal sealed record StoredHead(long Size, byte[] LastEntryHash, byte[] TreeRoot, byte[]? Frontier = null);
