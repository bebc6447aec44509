using System.Globalization;
using System.Text;
using ComplianceKit.Ledger;
using ComplianceKit.Merkle;
using NodaTime;

namespace ComplianceKit.Conformance;

/// <summary>
/// Writes a chain as an SQL script for SQLite in the stored layout of docs/FORMAT.md ("Stored layout"): the three tables
/// and their rows, with the head row (size, last hash, root, frontier) as the store keeps it. Chains stay under 16 entries,
/// so no Merkle node row is due.
/// </summary>
internal static class LedgerDump
{
    private const string Schema = """
        CREATE TABLE "ck_ledger_entries" ("chain_id" TEXT NOT NULL, "sequence" INTEGER NOT NULL, "entry_type" TEXT NOT NULL, "subject" TEXT NOT NULL,
          "actor" TEXT NOT NULL, "occurred_at" INTEGER NOT NULL, "recorded_at" INTEGER NOT NULL, "payload" BLOB NULL, "payload_salt" BLOB NULL,
          "payload_digest" BLOB NOT NULL, "previous_hash" BLOB NOT NULL, "entry_hash" BLOB NOT NULL, PRIMARY KEY ("chain_id", "sequence"));
        CREATE TABLE "ck_chain_heads" ("chain_id" TEXT NOT NULL PRIMARY KEY, "size" INTEGER NOT NULL, "last_entry_hash" BLOB NOT NULL,
          "last_recorded_at" INTEGER NULL, "frontier" BLOB NOT NULL, "tree_root" BLOB NOT NULL, "lock_version" INTEGER NOT NULL);
        CREATE TABLE "ck_merkle_nodes" ("chain_id" TEXT NOT NULL, "level" INTEGER NOT NULL, "node_index" INTEGER NOT NULL, "hash" BLOB NOT NULL,
          PRIMARY KEY ("chain_id", "level", "node_index"));

        """;

    /// <summary>The script; the head covers the first <paramref name="headSize"/> entries (all by default).</summary>
    public static string Write(IReadOnlyList<LedgerEntry> entries, int? headSize = null)
    {
        if (entries.Count >= 16)
        {
            throw new ArgumentException("Conformance ledgers stay below 16 entries (no stored Merkle nodes).", nameof(entries));
        }

        var size = headSize ?? entries.Count;
        var sql = new StringBuilder(Schema);
        foreach (var e in entries)
        {
            sql.Append(CultureInfo.InvariantCulture,
                $"INSERT INTO ck_ledger_entries VALUES ({Text(e.ChainId)}, {e.Sequence}, {Text(e.EntryType)}, {Text(e.Subject)}, {Text(e.Actor)}, "
                + $"{Micros(e.OccurredAt)}, {Micros(e.RecordedAt)}, {Blob(e.Payload)}, {Blob(e.PayloadSalt)}, {Blob(e.PayloadDigest)}, {Blob(e.PreviousHash)}, {Blob(e.EntryHash)});\n");
        }

        var tree = new InMemoryMerkleTree(entries.Take(size).Select(e => MerkleHasher.HashLeaf(e.EntryHash)));
        var frontier = new List<byte>();
        long start = 0;
        for (var level = 62; level >= 0; level--)
        {
            if ((size & (1L << level)) != 0)
            {
                frontier.AddRange(tree.GetPerfectSubtreeHash(level, start >> level));
                start += 1L << level;
            }
        }

        var last = size == 0 ? new byte[32] : entries[size - 1].EntryHash;
        var lastRecorded = size == 0 ? "NULL" : Micros(entries[size - 1].RecordedAt).ToString(CultureInfo.InvariantCulture);
        sql.Append(CultureInfo.InvariantCulture,
            $"INSERT INTO ck_chain_heads VALUES ('default', {size}, {Blob(last)}, {lastRecorded}, {Blob([.. frontier])}, {Blob(tree.ComputeRoot(size))}, 0);\n");
        return sql.ToString();
    }

    private static long Micros(Instant instant) => instant.ToUnixTimeTicks() / 10;

    private static string Text(string value) => "'" + value.Replace("'", "''", StringComparison.Ordinal) + "'";

    private static string Blob(byte[]? value) => value is null ? "NULL" : $"X'{Convert.ToHexString(value)}'";
}
