using System.Data.Common;
using System.Globalization;
using System.Text;
using ComplianceKit.EntityFrameworkCore.Dialects;
using ComplianceKit.Ledger;

namespace ComplianceKit.EntityFrameworkCore.Ledger;

/// <summary>Reads a chain's entries of some types (retention's rules, purges), through the (chain_id, entry_type) index: memory grows with them, not with the chain.</summary>
internal static class EntriesOfTypeReader
{
    public static async Task<List<LedgerEntry>> ReadOfTypesAsync(LedgerSession session, string chainId, IReadOnlyList<string> types, long to,
        CancellationToken cancellationToken)
    {
        var sql = session.Sql;
        await session.OpenAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var command = ReadOfTypes(sql, session.Connection, session.Transaction, chainId, types, to);
            await using var commandScope = command.ConfigureAwait(false);
            var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await using var readerScope = reader.ConfigureAwait(false);
            var entries = new List<LedgerEntry>();
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                entries.Add(LedgerSql.ReadEntry(reader));
            }

            return entries;
        }
        finally
        {
            await session.CloseAsync().ConfigureAwait(false);
        }
    }

    /// <summary>Entries of the given types below <c>@to</c>, in sequence order; served by the (chain_id, entry_type) index.</summary>
    private static DbCommand ReadOfTypes(LedgerSql sql, DbConnection connection, DbTransaction? transaction, string chainId, IReadOnlyList<string> types, long to)
    {
        var text = new StringBuilder($"SELECT {LedgerColumns.Entry} FROM {sql.Entries} WHERE chain_id = @chain AND sequence < @to AND entry_type IN (");
        for (var i = 0; i < types.Count; i++)
        {
            text.Append(i == 0 ? "@t" : ", @t").Append(i.ToString(CultureInfo.InvariantCulture));
        }

        text.Append(") ORDER BY sequence");
        var command = LedgerSql.Command(connection, transaction, text.ToString());
        LedgerSql.Add(command, "@chain", chainId);
        LedgerSql.Add(command, "@to", to);
        for (var i = 0; i < types.Count; i++)
        {
            LedgerSql.Add(command, "@t" + i.ToString(CultureInfo.InvariantCulture), types[i]);
        }

        return command;
    }
}
