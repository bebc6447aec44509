using System.Text.Json;
using Ardalis.Specification;
using ComplianceKit.EntityFrameworkCore.Specifications;
using ComplianceKit.Ledger;
using ComplianceKit.Projection;
using Microsoft.EntityFrameworkCore;

namespace ComplianceKit.EntityFrameworkCore.Projection;

/// <summary>
/// Runs the domain's specifications against the projection tables of the host's database, untracked. The rows are as
/// fresh as the last <see cref="ComplianceProjection{TContext}.RebuildAsync"/>.
/// </summary>
/// <typeparam name="TContext">The host's context, with <c>ApplyComplianceKit()</c> in its model.</typeparam>
/// <remarks>Not thread-safe, like the context it wraps: resolve one per scope.</remarks>
public sealed class EntityFrameworkComplianceQueries<TContext> : IComplianceQueries
    where TContext : DbContext, IComplianceKitDbContext
{
    private readonly TContext _context;

    /// <summary>Creates the queries over the host's context.</summary>
    public EntityFrameworkComplianceQueries(TContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        _context = context;
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<T>> ListAsync<T>(ISpecification<T> specification, CancellationToken cancellationToken = default)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(specification);
        return await SpecificationQueryEvaluator.Default.GetQuery(_context.Set<T>().AsNoTracking(), specification).ToListAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public Task<int> CountAsync<T>(ISpecification<T> specification, CancellationToken cancellationToken = default)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(specification);
        return SpecificationQueryEvaluator.Default.GetQuery(_context.Set<T>().AsNoTracking(), specification, evaluateCriteriaOnly: true).CountAsync(cancellationToken);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<ProjectionIssue>> GetIssuesAsync(string chainId, CancellationToken cancellationToken = default)
    {
        var issues = await _context.Set<ProjectionHeadRow>().AsNoTracking().Where(h => h.ChainId == chainId).Select(h => h.Issues)
            .FirstOrDefaultAsync(cancellationToken).ConfigureAwait(false);
        return issues is null ? [] : JsonSerializer.Deserialize<List<ProjectionIssue>>(issues, LedgerJson.Options) ?? [];
    }
}
