using System.Data;
using System.Data.Common;
using System.Globalization;
using System.Text;
using ComplianceKit.EntityFrameworkCore.Dialects;
using ComplianceKit.EntityFrameworkCore.Ledger;

namespace ComplianceKit.EntityFrameworkCore.Projection;

/// <summary>One projection table: its columns in model order, its key, and its SQL.</summary>
internal sealed class ProjectionTable
{
    private readonly IReadOnlyList<string> _delimited;
    private readonly ILedgerDialect _dialect;
    private readonly string _insertOne;

    public ProjectionTable(Type rowType, string name, string qualifiedName, IReadOnlyList<ProjectionColumn> columns, IReadOnlyList<int> keyIndexes,
        IReadOnlyList<string> delimited, ILedgerDialect dialect)
    {
        RowType = rowType;
        Name = name;
        QualifiedName = qualifiedName;
        Columns = columns;
        KeyIndexes = keyIndexes;
        _delimited = delimited;
        _dialect = dialect;
        _insertOne = Insert(1);
        // The dialect's budget: SQLite looks named parameters up one by one (quadratic in a statement's parameters), so its
        // statements stay near 500 parameters; PostgreSQL pays a round trip per statement instead.
        RowsPerInsert = Math.Max(1, Math.Min(1000, dialect.MaxParametersPerStatement / columns.Count));
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

    /// <summary>
    /// Inserts the rows <see cref="RowsPerInsert"/> at a time: through the dialect's own one-row writer where it has one
    /// (<see cref="ILedgerDialect.TryInsertRows"/>), otherwise with one reused multi-row statement (prepared once) and one
    /// for the rest.
    /// </summary>
    public async Task InsertAsync(DbConnection connection, DbTransaction transaction, IReadOnlyList<object> rows, CancellationToken cancellationToken)
    {
        var values = new object?[RowsPerInsert * Columns.Count];
        DbCommand? full = null;
        try
        {
            for (var start = 0; start < rows.Count; start += RowsPerInsert)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var count = Math.Min(RowsPerInsert, rows.Count - start);
                Fill(values, rows, start, count);
                if (_dialect.TryInsertRows(connection, _insertOne, Columns.Count, values.AsSpan(0, count * Columns.Count)))
                {
                    continue;
                }

                if (count == RowsPerInsert)
                {
                    full ??= Command(connection, transaction, count);
                    await ExecuteAsync(full, values, cancellationToken).ConfigureAwait(false);
                    continue;
                }

                var rest = Command(connection, transaction, count);
                await using var restScope = rest.ConfigureAwait(false);
                await ExecuteAsync(rest, values, cancellationToken).ConfigureAwait(false);
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

    /// <summary>The provider values of <paramref name="count"/> rows from <paramref name="start"/>, row after row.</summary>
    private void Fill(object?[] values, IReadOnlyList<object> rows, int start, int count)
    {
        for (var row = 0; row < count; row++)
        {
            for (var column = 0; column < Columns.Count; column++)
            {
                values[(row * Columns.Count) + column] = Columns[column].ProviderValue(rows[start + row]);
            }
        }
    }

    /// <summary>Runs <paramref name="command"/> with its parameters set, in order, from the start of <paramref name="values"/>.</summary>
    private static async Task ExecuteAsync(DbCommand command, object?[] values, CancellationToken cancellationToken)
    {
        for (var i = 0; i < command.Parameters.Count; i++)
        {
            var parameter = command.Parameters[i];
            parameter.Value = values[i] ?? DBNull.Value;
            if (values[i] is byte[])
            {
                parameter.DbType = DbType.Binary;
            }
        }

        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }
}
