using System.Data;
using System.Data.Common;
using System.Globalization;
using System.Text;
using ComplianceKit.EntityFrameworkCore.Ledger;

namespace ComplianceKit.EntityFrameworkCore.Projection;

/// <summary>One projection table: its columns in model order, its key, and its SQL.</summary>
internal sealed class ProjectionTable
{
    private readonly IReadOnlyList<string> _delimited;

    public ProjectionTable(Type rowType, string name, string qualifiedName, IReadOnlyList<ProjectionColumn> columns, IReadOnlyList<int> keyIndexes,
        IReadOnlyList<string> delimited, int maxParametersPerStatement)
    {
        RowType = rowType;
        Name = name;
        QualifiedName = qualifiedName;
        Columns = columns;
        KeyIndexes = keyIndexes;
        _delimited = delimited;
        // The dialect's budget: SQLite looks named parameters up one by one (quadratic in a statement's parameters), so its
        // statements stay near 500 parameters; PostgreSQL pays a round trip per statement instead.
        RowsPerInsert = Math.Max(1, Math.Min(1000, maxParametersPerStatement / columns.Count));
    }

    public Type RowType { get; }

    public string Name { get; }

    public string QualifiedName { get; }

    public IReadOnlyList<ProjectionColumn> Columns { get; }

    /// <summary>The positions of the primary key's columns in <see cref="Columns"/>.</summary>
    public IReadOnlyList<int> KeyIndexes { get; }

    public int RowsPerInsert { get; }

    public string Delete => $"DELETE FROM {QualifiedName} WHERE chain_id = @chain";

    public string Select => $"SELECT {string.Join(", ", _delimited)} FROM {QualifiedName} WHERE chain_id = @chain";

    public string Insert(int rows)
    {
        var sql = new StringBuilder(64 + (rows * Columns.Count * 8));
        sql.Append("INSERT INTO ").Append(QualifiedName).Append(" (").AppendJoin(", ", _delimited).Append(") VALUES ");
        for (var row = 0; row < rows; row++)
        {
            sql.Append(row == 0 ? "(" : ",(");
            for (var column = 0; column < Columns.Count; column++)
            {
                sql.Append(column == 0 ? "@p" : ",@p").Append(((row * Columns.Count) + column).ToString(CultureInfo.InvariantCulture));
            }

            sql.Append(')');
        }

        return sql.ToString();
    }

    /// <summary>Inserts the rows with one reused statement of <see cref="RowsPerInsert"/> rows (prepared once), and one for the rest.</summary>
    public async Task InsertAsync(DbConnection connection, DbTransaction transaction, IReadOnlyList<object> rows, CancellationToken cancellationToken)
    {
        DbCommand? full = null;
        try
        {
            for (var start = 0; start < rows.Count; start += RowsPerInsert)
            {
                var count = Math.Min(RowsPerInsert, rows.Count - start);
                if (count == RowsPerInsert)
                {
                    full ??= Command(connection, transaction, count);
                    await ExecuteAsync(full, rows, start, count, cancellationToken).ConfigureAwait(false);
                    continue;
                }

                var rest = Command(connection, transaction, count);
                await using var restScope = rest.ConfigureAwait(false);
                await ExecuteAsync(rest, rows, start, count, cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            if (full is not null)
            {
                await full.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    private DbCommand Command(DbConnection connection, DbTransaction transaction, int rows)
    {
        var command = LedgerSql.Command(connection, transaction, Insert(rows));
        for (var i = 0; i < rows * Columns.Count; i++)
        {
            LedgerSql.Add(command, "@p" + i.ToString(CultureInfo.InvariantCulture), null);
        }

        return command;
    }

    private async Task ExecuteAsync(DbCommand command, IReadOnlyList<object> rows, int start, int count, CancellationToken cancellationToken)
    {
        for (var row = 0; row < count; row++)
        {
            for (var column = 0; column < Columns.Count; column++)
            {
                var parameter = command.Parameters[(row * Columns.Count) + column];
                var value = Columns[column].ProviderValue(rows[start + row]);
                parameter.Value = value ?? DBNull.Value;
                if (value is byte[])
                {
                    parameter.DbType = DbType.Binary;
                }
            }
        }

        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }
}
