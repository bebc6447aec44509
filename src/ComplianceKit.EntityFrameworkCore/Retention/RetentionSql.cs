using System.Data.Common;
using System.Globalization;
using System.Text;
using ComplianceKit.EntityFrameworkCore.Dialects;
using ComplianceKit.EntityFrameworkCore.Ledger;
using ComplianceKit.Retention;

namespace ComplianceKit.EntityFrameworkCore.Retention;

/// <summary>Retention's SQL over the ledger's tables (names from the host's model, as <see cref="LedgerSql"/> gives them).</summary>
internal static class RetentionSql
{
    /// <summary>The most sequence ranges one statement names; keeps parameters well under every provider's limit.</summary>
    public const int RangesPerStatement = 500;

    /// <summary>Entries of the given types below <c>@to</c>, in sequence order; served by the (chain_id, entry_type) index.</summary>
    public static DbCommand ReadOfTypes(LedgerSql sql, DbConnection connection, DbTransaction? transaction, string chainId, IReadOnlyList<string> types, long to)
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

    /// <summary>The entries in <paramref name="ranges"/>, in sequence order.</summary>
    public static DbCommand ReadRanges(LedgerSql sql, DbConnection connection, DbTransaction transaction, string chainId, IReadOnlyList<SequenceRange> ranges) =>
        WithRanges(connection, transaction, $"SELECT {LedgerColumns.Entry} FROM {sql.Entries} WHERE chain_id = @chain AND (", ") ORDER BY sequence", chainId, ranges);

    /// <summary>Clears payload and salt of the entries in <paramref name="ranges"/> that still have one; header and digest stay.</summary>
    public static DbCommand ClearPayloads(LedgerSql sql, DbConnection connection, DbTransaction transaction, string chainId, IReadOnlyList<SequenceRange> ranges) =>
        WithRanges(connection, transaction, $"UPDATE {sql.Entries} SET payload = NULL, payload_salt = NULL WHERE chain_id = @chain AND payload IS NOT NULL AND (", ")", chainId, ranges);

    private static DbCommand WithRanges(DbConnection connection, DbTransaction transaction, string head, string tail, string chainId, IReadOnlyList<SequenceRange> ranges)
    {
        var text = new StringBuilder(head, head.Length + tail.Length + (ranges.Count * 40));
        for (var i = 0; i < ranges.Count; i++)
        {
            var n = i.ToString(CultureInfo.InvariantCulture);
            text.Append(i == 0 ? "" : " OR ").Append("sequence BETWEEN @a").Append(n).Append(" AND @b").Append(n);
        }

        text.Append(tail);
        var command = LedgerSql.Command(connection, transaction, text.ToString());
        LedgerSql.Add(command, "@chain", chainId);
        for (var i = 0; i < ranges.Count; i++)
        {
            var n = i.ToString(CultureInfo.InvariantCulture);
            LedgerSql.Add(command, "@a" + n, ranges[i].First);
            LedgerSql.Add(command, "@b" + n, ranges[i].Last);
        }

        return command;
    }
}
