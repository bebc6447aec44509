using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;

namespace ComplianceKit.EntityFrameworkCore.Dialects;

/// <summary>A table of the host's model as the shared SQL names it.</summary>
internal static class DelimitedTable
{
    /// <summary>The entity's table, delimited, and qualified with its schema where the context's dialect uses schemas.</summary>
    /// <exception cref="InvalidOperationException">The context's options name no dialect.</exception>
    public static string Of(DbContext context, IEntityType entity) =>
        context.GetService<ISqlGenerationHelper>().DelimitIdentifier(entity.GetTableName()!, LedgerDialects.Of(context).UsesSchemas ? entity.GetSchema() : null);
}
