using System.Data.Common;
using ComplianceKit.EntityFrameworkCore.Dialects;
using ComplianceKit.EntityFrameworkCore.Model;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.EntityFrameworkCore.Migrations.Operations;

namespace ComplianceKit.EntityFrameworkCore;

/// <summary>Creates ComplianceKit's tables for apps that do not use migrations (tools, demos, tests).</summary>
public static class ComplianceKitDatabase
{
    // Tables a later version added to the model: a database made before them gets them here. Named by table, not by row
    // type, so this surface stays below the store's namespaces (which use IComplianceKitDbContext) instead of reaching into them.
    private static readonly string[] AddedTables = [LedgerTableNames.AccessIndex, LedgerTableNames.AccessIndexHeads];

    /// <summary>
    /// Creates the database and its tables if they do not exist, then lets the context's dialect configure it (on
    /// SQLite it turns on WAL, so readers do not block the writer and a crash mid-append leaves the last committed state).
    /// In a database that exists, it creates the tables a later version added (the access side index), from the model.
    /// </summary>
    /// <exception cref="InvalidOperationException">The context has no ComplianceKit dialect.</exception>
    public static async Task EnsureCreatedAsync(DbContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        var dialect = LedgerDialects.Of(context);
        if (!await context.Database.EnsureCreatedAsync(cancellationToken).ConfigureAwait(false))
        {
            await CreateAddedTablesAsync(context, cancellationToken).ConfigureAwait(false);
        }

        await dialect.ConfigureDatabaseAsync(context, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Creates the side index's tables missing from a database made before they existed, with the DDL EF Core generates from the model.</summary>
    private static async Task CreateAddedTablesAsync(DbContext context, CancellationToken cancellationToken)
    {
        var missing = new List<string>();
        foreach (var entity in context.Model.GetEntityTypes().Where(e => AddedTables.Contains(e.GetTableName(), StringComparer.Ordinal)))
        {
            if (!await TableExistsAsync(context, DelimitedTable.Of(context, entity), cancellationToken).ConfigureAwait(false))
            {
                missing.Add(entity.GetTableName()!);
            }
        }

        if (missing.Count == 0)
        {
            return;
        }

        var model = context.GetService<IDesignTimeModel>().Model;
        var operations = context.GetService<IMigrationsModelDiffer>().GetDifferences(null, model.GetRelationalModel())
            .Where(o => o is CreateTableOperation table && missing.Contains(table.Name)).ToList();
        foreach (var command in context.GetService<IMigrationsSqlGenerator>().Generate(operations, model))
        {
            await context.Database.ExecuteSqlRawAsync(command.CommandText, cancellationToken).ConfigureAwait(false);
        }
    }

    private static async Task<bool> TableExistsAsync(DbContext context, string table, CancellationToken cancellationToken)
    {
        try
        {
            var probe = "SELECT 1 FROM " + table + " WHERE 1 = 0"; // the table's name from the model, delimited
            await context.Database.ExecuteSqlRawAsync(probe, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (DbException)
        {
            return false;
        }
    }
}
