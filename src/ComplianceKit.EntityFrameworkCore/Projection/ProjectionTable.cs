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
    private readonly string _insertFull;
    private readonly Func<int, string> _insertOf;

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
        // The dialect's budget: SQLite looks named parameters up one by one (quadratic in a statement's parameters), so its
        // statements stay near 500 parameters; PostgreSQL pays a round trip per statement instead.
        RowsPerInsert = Math.Max(1, Math.Min(1000, dialect.MaxParametersPerStatement / columns.Count));
        _insertOne = Insert(1);
        _insertFull = Insert(RowsPerInsert);
        _insertOf = rows => rows == 1 ? _insertOne : rows == RowsPerInsert ? _insertFull : Insert(rows);
    }

    public Type RowType { get; }

    public string Name { get; }

    public string QualifiedName { get; }

    public IReadOnlyList<ProjectionColumn> Columns { get; }

    /// <summary>The positions of the primary key's columns in <see cref="Columns"/>.</summary>
    public IReadOnlyList<int> KeyIndexes { get; }

    public int RowsPerInsert { get; }

    /// <summary>About how many values are converted and handed to the dialect's writer at a time (whole statements' worth of rows).</summary>
    private const int ValuesPerFill = 32_768;

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
    /// Inserts the rows <see cref="RowsPerInsert"/> to a statement: through the dialect's own writer where it has one
    /// (<see cref="ILedgerDialect.TryInsertRows"/>, handed about <see cref="ValuesPerFill"/> values at a time, so that it runs
    /// many statements per call), otherwise with one reused multi-row statement (prepared once) and one for the rest.
    /// </summary>
    public async Task InsertAsync(DbConnection connection, DbTransaction transaction, IReadOnlyList<object> rows, CancellationToken cancellationToken)
    {
        var rowsPerFill = Math.Max(1, ValuesPerFill / Columns.Count / RowsPerInsert) * RowsPerInsert;
        var values = new object?[Math.Min(rowsPerFill, Math.Max(rows.Count, 1)) * Columns.Count];
        DbCommand? full = null;
        try
        {
            for (var fill = 0; fill < rows.Count; fill += rowsPerFill)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var filled = Math.Min(rowsPerFill, rows.Count - fill);
                Fill(values, rows, fill, filled);
                if (_dialect.TryInsertRows(connection, _insertOf, Columns.Count, values.AsSpan(0, filled * Columns.Count)))
                {
                    continue;
                }

                for (var start = 0; start < filled; start += RowsPerInsert)
                {
                    var count = Math.Min(RowsPerInsert, filled - start);
                    var statementValues = values.AsMemory(start * Columns.Count, count * Columns.Count);
                    if (count == RowsPerInsert)
                    {
                        full ??= Command(connection, transaction, count);
                        await ExecuteAsync(full, statementValues, cancellationToken).ConfigureAwait(false);
                        continue;
                    }

                    var rest = Command(connection, transaction, count);
                    await using var restScope = rest.ConfigureAwait(false);
                    await ExecuteAsync(rest, statementValues, cancellationToken).ConfigureAwait(false);
                }
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

    /// <summary>Runs <paramref name="command"/> with its parameters set, in order, from <paramref name="values"/>.</summary>
    private static async Task ExecuteAsync(DbCommand command, ReadOnlyMemory<object?> values, CancellationToken cancellationToken)
    {
        for (var i = 0; i < command.Parameters.Count; i++)
        {
            var parameter = command.Parameters[i];
            var value = values.Span[i];
            parameter.Value = value ?? DBNull.Value;
            if (value is byte[])
            {
                parameter.DbType = DbType.Binary;
            }
        }

        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }
}
