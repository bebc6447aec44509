using System.Data.Common;
using ComplianceKit.Ledger;

namespace ComplianceKit.EntityFrameworkCore.Dialects;

/// <summary>
/// The one mapping between the ledger's rows and its columns: the column lists every statement names, how an entry,
/// a Merkle node and a head are written column by column, and how an entry is read back. Instants are stored as whole
/// Unix microseconds, the precision that was hashed.
/// </summary>
public static class LedgerColumns
{
    /// <summary>The entry columns, in the order <see cref="WriteEntry"/> writes and <see cref="ReadEntry{TReader}(ref TReader)"/> reads them.</summary>
    public const string Entry =
        "chain_id, sequence, entry_type, subject, actor, occurred_at, recorded_at, payload, payload_salt, payload_digest, previous_hash, entry_hash";

    /// <summary>How many entry columns there are.</summary>
    public const int EntryCount = 12;

    /// <summary>The Merkle node columns, in the order <see cref="WriteNode"/> writes them.</summary>
    public const string Node = "chain_id, level, node_index, hash";

    /// <summary>
    /// The head columns a move sets, in the order <see cref="WriteHead"/> writes them: size, last hash, last
    /// recorded-at, frontier, root, then the chain id the statement's WHERE names.
    /// </summary>
    public const string HeadMove = "size, last_entry_hash, last_recorded_at, frontier, tree_root, chain_id";

    /// <summary>Writes <paramref name="entry"/>'s twelve columns to <paramref name="row"/>.</summary>
    public static void WriteEntry<TWriter>(LedgerEntry entry, ref TWriter row)
        where TWriter : ILedgerRowWriter
    {
        ArgumentNullException.ThrowIfNull(entry);
        row.Text(0, entry.ChainId);
        row.Number(1, entry.Sequence);
        row.Text(2, entry.EntryType);
        row.Text(3, entry.Subject);
        row.Text(4, entry.Actor);
        row.Number(5, EntryEncoding.ToUnixMicroseconds(entry.OccurredAt));
        row.Number(6, EntryEncoding.ToUnixMicroseconds(entry.RecordedAt));
        row.Binary(7, entry.Payload);
        row.Binary(8, entry.PayloadSalt);
        row.Binary(9, entry.PayloadDigest);
        row.Binary(10, entry.PreviousHash);
        row.Binary(11, entry.EntryHash);
    }

    /// <summary>Writes a Merkle node of chain <paramref name="chainId"/> to <paramref name="row"/>.</summary>
    public static void WriteNode<TWriter>(string chainId, MerkleNode node, ref TWriter row)
        where TWriter : ILedgerRowWriter
    {
        ArgumentNullException.ThrowIfNull(node);
        row.Text(0, chainId);
        row.Number(1, node.Level);
        row.Number(2, node.Index);
        row.Binary(3, node.Hash);
    }

    /// <summary>Writes a head move (<see cref="HeadMove"/>) to <paramref name="head"/> and <paramref name="root"/>.</summary>
    public static void WriteHead<TWriter>(ChainState head, byte[] root, ref TWriter row)
        where TWriter : ILedgerRowWriter
    {
        ArgumentNullException.ThrowIfNull(head);
        row.Number(0, head.Size);
        row.Binary(1, head.LastEntryHash);
        row.Number(2, head.LastRecordedAt is { } at ? EntryEncoding.ToUnixMicroseconds(at) : null);
        row.Binary(3, head.SerializeFrontier());
        row.Binary(4, root);
        row.Text(5, head.ChainId);
    }

    /// <summary>Reads an entry from the current row of a reader whose first columns are <see cref="Entry"/>.</summary>
    public static LedgerEntry ReadEntry(DbDataReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var row = new DataReaderRow(reader);
        return ReadEntry(ref row);
    }

    /// <summary>
    /// Reads an entry from <paramref name="row"/>, whose columns are <see cref="Entry"/>: the one mapping from columns to an
    /// entry, whichever way a dialect reads them. A NULL hash column reads as empty (so verification names the entry).
    /// </summary>
    public static LedgerEntry ReadEntry<TReader>(ref TReader row)
        where TReader : ILedgerRowReader
    {
        return new()
        {
            ChainId = row.Text(0),
            Sequence = row.Number(1),
            EntryType = row.Text(2),
            Subject = row.Text(3),
            Actor = row.Text(4),
            OccurredAt = EntryEncoding.FromUnixMicroseconds(row.Number(5)),
            RecordedAt = EntryEncoding.FromUnixMicroseconds(row.Number(6)),
            Payload = row.Binary(7),
            PayloadSalt = row.Binary(8),
            PayloadDigest = row.Binary(9) ?? [],
            PreviousHash = row.Binary(10) ?? [],
            EntryHash = row.Binary(11) ?? [],
        };
    }

    /// <summary>
    /// The chain state a head row gives (size, last hash, last recorded-at in Unix microseconds, frontier), checked: a
    /// head altered outside the library is refused rather than linked onto.
    /// </summary>
    /// <exception cref="InvalidDataException">The last hash is not 32 bytes, or the frontier does not fit the size.</exception>
    public static ChainState ReadHead(string chainId, long size, byte[] lastHash, long? lastRecordedAt, byte[] frontier)
    {
        ArgumentNullException.ThrowIfNull(lastHash);
        if (lastHash.Length != Hashing.Sha256Digest.Size)
        {
            throw new InvalidDataException($"The head row of chain '{chainId}' holds a last entry hash of {lastHash.Length} bytes; it was altered outside the library.");
        }

        return ChainState.FromStored(chainId, size, lastHash, lastRecordedAt is { } at ? EntryEncoding.FromUnixMicroseconds(at) : null, frontier);
    }

    /// <summary>A column's bytes: empty for NULL.</summary>
    public static byte[] Bytes(DbDataReader reader, int ordinal)
    {
        ArgumentNullException.ThrowIfNull(reader);
        return reader.IsDBNull(ordinal) ? [] : reader.GetFieldValue<byte[]>(ordinal);
    }
}
