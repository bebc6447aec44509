using System.Data.Common;
using System.Runtime.CompilerServices;
using ComplianceKit.Ledger;
using ComplianceKit.Merkle;

namespace ComplianceKit.EntityFrameworkCore.Ledger;

/// <summary>Streams entries and reads heads and Merkle nodes with plain data readers: no tracking, no buffering.</summary>
internal static class LedgerReader
{
    public static IAsyncEnumerable<LedgerEntry> ReadEntriesAsync(LedgerSession session, string chainId, long from, long to, CancellationToken cancellationToken) =>
        QueryEntriesAsync(session, session.Sql.ReadEntries, command =>
        {
            LedgerSql.Add(command, "@chain", chainId);
            LedgerSql.Add(command, "@from", from);
            LedgerSql.Add(command, "@to", to);
        }, cancellationToken);

    /// <summary>
    /// Adds up to <paramref name="limit"/> entries from <paramref name="from"/> on, past the head too (verification names
    /// those), to <paramref name="page"/>: through the dialect's own reader where it has one, else a data reader.
    /// </summary>
    public static async Task ReadEntriesPageAsync(LedgerSession session, string chainId, long from, int limit, ICollection<LedgerEntry> page,
        CancellationToken cancellationToken)
    {
        var sql = session.Sql;
        await session.OpenAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (sql.Dialect.TryReadEntriesPage(session.Connection, sql.ReadEntriesPage, chainId, from, limit, page))
            {
                return;
            }
        }
        finally
        {
            await session.CloseAsync().ConfigureAwait(false);
        }

        var rows = QueryEntriesAsync(session, sql.ReadEntriesPage, command =>
        {
            LedgerSql.Add(command, "@chain", chainId);
            LedgerSql.Add(command, "@from", from);
            LedgerSql.Add(command, "@limit", limit);
        }, cancellationToken);
        await foreach (var entry in rows.ConfigureAwait(false))
        {
            page.Add(entry);
        }
    }

    /// <summary>The stored nodes of <paramref name="level"/> with index in [<paramref name="from"/>, <paramref name="to"/>), in index order.</summary>
    public static async Task<List<(long Index, byte[] Hash)>> ReadNodesAsync(LedgerSession session, string chainId, int level, long from, long to,
        CancellationToken cancellationToken)
    {
        await session.OpenAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var command = session.Command(session.Sql.ReadIndexedNodes);
            await using var commandScope = command.ConfigureAwait(false);
            LedgerSql.Add(command, "@chain", chainId);
            LedgerSql.Add(command, "@level", level);
            LedgerSql.Add(command, "@from", from);
            LedgerSql.Add(command, "@to", to);
            var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await using var readerScope = reader.ConfigureAwait(false);
            var nodes = new List<(long, byte[])>();
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                nodes.Add((reader.GetInt64(0), LedgerSql.Bytes(reader, 1)));
            }

            return nodes;
        }
        finally
        {
            await session.CloseAsync().ConfigureAwait(false);
        }
    }

    public static IAsyncEnumerable<LedgerEntry> ReadEntriesOfTypesAsync(LedgerSession session, string chainId, IReadOnlyCollection<string> types, long fromSequence,
        CancellationToken cancellationToken) =>
        QueryEntriesAsync(session, session.Sql.ReadEntriesOfTypes(types.Count, fromSequence > 0), command =>
        {
            LedgerSql.Add(command, "@chain", chainId);
            if (fromSequence > 0)
            {
                LedgerSql.Add(command, "@from", fromSequence);
            }

            var i = 0;
            foreach (var type in types)
            {
                LedgerSql.Add(command, "@t" + i++, type);
            }
        }, cancellationToken);

    private static async IAsyncEnumerable<LedgerEntry> QueryEntriesAsync(LedgerSession session, string sql, Action<DbCommand> bind,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await session.OpenAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var command = session.Command(sql);
            await using var commandScope = command.ConfigureAwait(false);
            bind(command);
            var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await using var readerScope = reader.ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                yield return LedgerSql.ReadEntry(reader);
            }
        }
        finally
        {
            await session.CloseAsync().ConfigureAwait(false);
        }
    }

    public static async Task<StoredHead?> ReadHeadAsync(LedgerSession session, string chainId, CancellationToken cancellationToken)
    {
        var sql = session.Sql;
        await session.OpenAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var command = session.Command(sql.ReadHead);
            await using var commandScope = command.ConfigureAwait(false);
            LedgerSql.Add(command, "@chain", chainId);
            var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await using var readerScope = reader.ConfigureAwait(false);
            return await reader.ReadAsync(cancellationToken).ConfigureAwait(false)
                ? new StoredHead(reader.GetInt64(0), LedgerSql.Bytes(reader, 1), LedgerSql.Bytes(reader, 2), LedgerSql.Bytes(reader, 3))
                : null;
        }
        finally
        {
            await session.CloseAsync().ConfigureAwait(false);
        }
    }

    public static async Task<IReadOnlyList<string>> ReadChainIdsAsync(LedgerSession session, CancellationToken cancellationToken)
    {
        var sql = session.Sql;
        await session.OpenAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var command = session.Command(sql.ReadChains);
            await using var commandScope = command.ConfigureAwait(false);
            var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await using var readerScope = reader.ConfigureAwait(false);
            var chains = new List<string>();
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                chains.Add(reader.GetString(0));
            }

            return chains;
        }
        finally
        {
            await session.CloseAsync().ConfigureAwait(false);
        }
    }

    /// <summary>
    /// A Merkle subtree source over the stored levels: level 0 from entry hashes, higher stored levels
    /// from <c>ck_merkle_nodes</c>. The caller keeps the connection open while it is used.
    /// </summary>
    public static IMerkleSubtreeSource SubtreeSource(LedgerSession session, string chainId)
    {
        var sql = session.Sql;
        return new StridedSubtreeSource(async (level, start, count, cancellationToken) =>
        {
            var text = level == 0 ? sql.ReadEntryHashes : sql.ReadNodes;
            var command = session.Command(text);
            await using var commandScope = command.ConfigureAwait(false);
            LedgerSql.Add(command, "@chain", chainId);
            LedgerSql.Add(command, "@from", start);
            LedgerSql.Add(command, "@to", start + count);
            if (level != 0)
            {
                LedgerSql.Add(command, "@level", level);
            }

            var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await using var readerScope = reader.ConfigureAwait(false);
            var hashes = new List<byte[]>(count);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                var hash = LedgerSql.Bytes(reader, 0);
                hashes.Add(level == 0 ? MerkleHasher.HashLeaf(hash) : hash);
            }

            return hashes;
        });
    }
}
