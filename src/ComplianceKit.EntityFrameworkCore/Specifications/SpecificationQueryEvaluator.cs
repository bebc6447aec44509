using Ardalis.Specification;
using Microsoft.EntityFrameworkCore;

namespace ComplianceKit.EntityFrameworkCore.Specifications;

/// <summary>
/// Evaluates Ardalis specifications on EF Core queries with the core package's
/// <see cref="WhereEvaluator"/>, <see cref="OrderEvaluator"/> and <see cref="PaginationEvaluator"/>,
/// plus EF's tracking, query-filter and tag settings. What the database runs is one translated query.
/// </summary>
/// <remarks>
/// A specification that uses what this evaluator does not apply (includes, search criteria) is
/// refused with <see cref="NotSupportedException"/> rather than silently widened. Stateless and
/// thread safe: use <see cref="Default"/>.
/// </remarks>
public sealed class SpecificationQueryEvaluator : ISpecificationEvaluator
{
    private static readonly IEvaluator[] Evaluators = [WhereEvaluator.Instance, OrderEvaluator.Instance, PaginationEvaluator.Instance];

    private SpecificationQueryEvaluator()
    {
    }

    /// <summary>The evaluator.</summary>
    public static SpecificationQueryEvaluator Default { get; } = new();

    /// <inheritdoc />
    /// <exception cref="NotSupportedException">The specification has includes or search criteria.</exception>
    public IQueryable<T> GetQuery<T>(IQueryable<T> inputQuery, ISpecification<T> specification, bool evaluateCriteriaOnly = false)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(inputQuery);
        ArgumentNullException.ThrowIfNull(specification);
        if (specification.IncludeExpressions.Any() || specification.IncludeStrings.Any() || specification.SearchCriterias.Any())
        {
            throw new NotSupportedException($"{specification.GetType().Name} uses includes or search criteria, which this evaluator does not apply.");
        }

        var query = inputQuery;
        foreach (var evaluator in Evaluators)
        {
            if (!evaluateCriteriaOnly || evaluator.IsCriteriaEvaluator)
            {
                query = evaluator.GetQuery(query, specification);
            }
        }

        if (specification.IgnoreQueryFilters)
        {
            query = query.IgnoreQueryFilters();
        }

        if (specification.AsNoTracking)
        {
            query = query.AsNoTracking();
        }
        else if (specification.AsNoTrackingWithIdentityResolution)
        {
            query = query.AsNoTrackingWithIdentityResolution();
        }
        else if (specification.AsTracking)
        {
            query = query.AsTracking();
        }

        foreach (var tag in specification.QueryTags)
        {
            query = query.TagWith(tag);
        }

        return query;
    }

    /// <inheritdoc />
    /// <exception cref="NotSupportedException">The specification has includes or search criteria.</exception>
    /// <exception cref="InvalidOperationException">The specification has no selector, or both kinds of selector.</exception>
    public IQueryable<TResult> GetQuery<T, TResult>(IQueryable<T> inputQuery, ISpecification<T, TResult> specification)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(specification);
        var filtered = GetQuery(inputQuery, (ISpecification<T>)specification);
        return (specification.Selector, specification.SelectorMany) switch
        {
            ({ } selector, null) => filtered.Select(selector),
            (null, { } selectorMany) => filtered.SelectMany(selectorMany),
            _ => throw new InvalidOperationException($"{specification.GetType().Name} must have exactly one of Select and SelectMany."),
        };
    }
}
