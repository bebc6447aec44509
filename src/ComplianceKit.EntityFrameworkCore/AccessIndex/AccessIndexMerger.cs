using System.Data.Common;
using Microsoft.EntityFrameworkCore;

namespace ComplianceKit.EntityFrameworkCore.AccessIndex;

/// <summary>
/// Merges wholly indexed spans into their first blocks, one key range per transaction, so no transaction holds the write
/// lock for long (merging a whole span at once, 131,072 rows, stalled the writer's callers for as long). A step moves the
/// rows of one kind whose keys lie in the next range into the span's first block and deletes them from the other blocks,
/// then records where it stands; every row is in exactly one of the two places at every commit, and lookups probe every
/// block of a span until its last step moves <c>merged_to</c> past it.
/// </summary>
internal static class AccessIndexMerger
{
    private static readonly int[] Kinds = [.. Enum.GetValues<AccessIndexKey>().Select(k => (int)k).Order()];

    /// <summary>Merges one step if a wholly indexed span is not merged yet; returns whether more is left to merge.</summary>
    public static Task<bool> StepAsync(DbContext context, string chainId, CancellationToken cancellationToken) =>
        AccessIndexer.InTransactionAsync(context, chainId, async (sql, connection, tx) =>
        {
            var (indexedTo, mergedTo, kind, after) = await ReadStateAsync(connection, tx, sql, chainId, cancellationToken).ConfigureAwait(false);
            if (mergedTo + AccessIndexLayout.SpanSize > indexedTo)
            {
                return false;
            }

            kind = Math.Max(kind, Kinds[0]); // zero: the span's merge has not begun
            var first = mergedTo / AccessIndexLayout.BlockSize;
            var upto = await BoundaryAsync(connection, tx, sql, chainId, first, kind, after, cancellationToken).ConfigureAwait(false);
            var (insert, delete) = sql.MergeChunk[upto is null ? 0 : 1];
            (string, object)[] chunk = [("@first", first), ("@kind", kind), ("@after", after), .. upto is null ? Array.Empty<(string, object)>() : [("@upto", upto)]];
            await AccessIndexer.ExecuteAsync(connection, tx, insert, chainId, cancellationToken, chunk).ConfigureAwait(false);
            await AccessIndexer.ExecuteAsync(connection, tx, delete, chainId, cancellationToken, chunk).ConfigureAwait(false);

            // The kind's last range done: on to the next kind, or past the span once every kind is.
            var next = Array.IndexOf(Kinds, kind) + 1;
            (mergedTo, kind, after) = upto is not null ? (mergedTo, kind, upto)
                : next < Kinds.Length ? (mergedTo, Kinds[next], "")
                : (mergedTo + AccessIndexLayout.SpanSize, 0, "");
            await AccessIndexer.ExecuteAsync(connection, tx, sql.MoveMerge, chainId, cancellationToken, ("@mergedTo", mergedTo), ("@kind", kind), ("@key", after)).ConfigureAwait(false);
            return mergedTo + AccessIndexLayout.SpanSize <= indexedTo;
        }, cancellationToken);

    private static async Task<(long IndexedTo, long MergedTo, int Kind, string After)> ReadStateAsync(DbConnection connection, DbTransaction tx, AccessIndexSql sql,
        string chainId, CancellationToken cancellationToken)
    {
        var command = AccessIndexer.Command(connection, tx, sql.ReadMergeState, chainId);
        await using var commandScope = command.ConfigureAwait(false);
        var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await using var readerScope = reader.ConfigureAwait(false);
        return await reader.ReadAsync(cancellationToken).ConfigureAwait(false)
            ? (reader.GetInt64(0), reader.GetInt64(1), reader.GetInt32(2), reader.GetString(3))
            : (0, 0, 0, "");
    }

    /// <summary>The key ending the next range of <paramref name="kind"/> after <paramref name="after"/>, from the span's second block; none: the rest of the kind.</summary>
    private static async Task<string?> BoundaryAsync(DbConnection connection, DbTransaction tx, AccessIndexSql sql, string chainId, long first, int kind, string after,
        CancellationToken cancellationToken)
    {
        var command = AccessIndexer.Command(connection, tx, sql.MergeBoundary, chainId);
        await using var commandScope = command.ConfigureAwait(false);
        Ledger.LedgerSql.Add(command, "@first", first);
        Ledger.LedgerSql.Add(command, "@kind", kind);
        Ledger.LedgerSql.Add(command, "@after", after);
        return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) as string;
    }
}
