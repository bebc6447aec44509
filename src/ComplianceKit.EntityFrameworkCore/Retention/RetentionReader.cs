using ComplianceKit.EntityFrameworkCore.Ledger;
using ComplianceKit.Ledger;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace ComplianceKit.EntityFrameworkCore.Retention;

/// <summary>Reads retention's own entries by type, through the (chain_id, entry_type) index: memory grows with them, not with the chain.</summary>
internal static class RetentionReader
{
    public static async Task<List<LedgerEntry>> ReadOfTypesAsync(DbContext context, string chainId, IReadOnlyList<string> types, long to,
        CancellationToken cancellationToken)
    {
        var sql = LedgerSql.For(context);
        var database = context.Database;
        await database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var command = RetentionSql.ReadOfTypes(sql, database.GetDbConnection(), database.CurrentTransaction?.GetDbTransaction(), chainId, types, to);
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
            await database.CloseConnectionAsync().ConfigureAwait(false);
        }
    }
}
