namespace ComplianceKit.Approvals;

/// <summary>The ledger's tree head when a statement was signed: binds the signature to the record (21 CFR 11.70).</summary>
/// <param name="ChainId">The chain.</param>
/// <param name="Size">The tree size at signing.</param>
/// <param name="RootSha256">The Merkle root at that size, lower-case hex.</param>
public sealed record LedgerHeadReference(string ChainId, long Size, string RootSha256);
