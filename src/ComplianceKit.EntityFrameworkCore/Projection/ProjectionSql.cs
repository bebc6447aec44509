using System.Runtime.CompilerServices;
using ComplianceKit.EntityFrameworkCore.Dialects;
using ComplianceKit.EntityFrameworkCore.Ledger;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;

namespace ComplianceKit.EntityFrameworkCore.Projection;

/// <summary>
/// The projection tables as the host's model maps them (names, schema, columns, converters), with plain multi-row
/// SQL to replace a chain's rows and read them back raw: rebuilding must not pay for change tracking, and comparing
/// must survive values no converter would accept.
/// </summary>
internal sealed class ProjectionSql
{
    private static readonly ConditionalWeakTable<IModel, ProjectionSql> Cache = new();

    private ProjectionSql(IReadOnlyList<ProjectionTable> tables, ILedgerDialect dialect)
    {
        Tables = tables;
        Dialect = dialect;
    }

    /// <summary>The tables in insert order (parents first).</summary>
    public IReadOnlyList<ProjectionTable> Tables { get; }

    public static ProjectionSql For(DbContext context) => Cache.GetValue(context.Model, _ => Create(context));

    /// <summary>The context's dialect.</summary>
    public ILedgerDialect Dialect { get; }

    public ProjectionTable Table(Type rowType) => Tables.First(t => t.RowType == rowType);

    private static ProjectionSql Create(DbContext context)
    {
        var dialect = LedgerSql.For(context).Dialect;
        var helper = context.GetService<ISqlGenerationHelper>();
        var tables = ProjectionModel.RowTypes.Select(type =>
        {
            var entity = context.Model.FindEntityType(type)
                ?? throw new InvalidOperationException($"The context's model has no {type.Name}: call modelBuilder.ApplyComplianceKit() in OnModelCreating.");
            var name = entity.GetTableName()!;
            var store = StoreObjectIdentifier.Table(name, entity.GetSchema());
            var columns = entity.GetProperties()
                .Select(p => new ProjectionColumn(p.GetColumnName(store)!, p, p.GetTypeMapping().Converter))
                .ToList();
            var key = entity.FindPrimaryKey()!.Properties.Select(p => columns.FindIndex(c => c.Property == p)).ToList();
            return new ProjectionTable(type, name, helper.DelimitIdentifier(name, dialect.UsesSchemas ? entity.GetSchema() : null), columns, key,
                columns.Select(c => helper.DelimitIdentifier(c.Name)).ToList(), dialect);
        }).ToList();
        return new ProjectionSql(tables, dialect);
    }
}
