namespace ComplianceKit.EntityFrameworkCore.Model;

/// <summary>The table names ComplianceKit's ledger uses, in the schema the host chooses.</summary>
public static class LedgerTableNames
{
    /// <summary>The entries.</summary>
    public const string Entries = "ck_ledger_entries";

    /// <summary>One row per chain: its head.</summary>
    public const string ChainHeads = "ck_chain_heads";

    /// <summary>Stored Merkle nodes.</summary>
    public const string MerkleNodes = "ck_merkle_nodes";
}
