namespace ComplianceKit.EntityFrameworkCore.Dialects;

/// <summary>
/// The ledger's three tables as SQL names, delimited and (where the dialect uses schemas) qualified, from the host's model.
/// One instance per model, so a dialect may cache statements built from it.
/// </summary>
/// <param name="Entries">The entries table (<c>ck_ledger_entries</c>).</param>
/// <param name="Heads">The chain heads table (<c>ck_chain_heads</c>).</param>
/// <param name="Nodes">The stored Merkle nodes table (<c>ck_merkle_nodes</c>).</param>
public sealed record LedgerTables(string Entries, string Heads, string Nodes);
