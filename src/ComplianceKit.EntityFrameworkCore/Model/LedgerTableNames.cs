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

    /// <summary>The access side index: subject and actor of each entry of an access chain, by block of sequences (no hashes).</summary>
    public const string AccessIndex = "ck_access_index";

    /// <summary>One row per indexed chain: the first sequence the access side index does not hold yet.</summary>
    public const string AccessIndexHeads = "ck_access_index_heads";
}
