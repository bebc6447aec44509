using Ardalis.Specification;
using Microsoft.EntityFrameworkCore;

namespace ComplianceKit.EntityFrameworkCore.Specifications;

/// <summary>
/// Applies an Ardalis specification to an EF query with the core package's own evaluators (where, order, pagination),
/// untracked. The Ardalis EF package is not used: the domain's specifications need nothing else.
/// </summary>
internal static class EfSpecificationEvaluator
{
    private static readonly IEvaluator[] Evaluators = [WhereEvaluator.Instance, OrderEvaluator.Instance, PaginationEvaluator.Instance];

    public static IQueryable<T> GetQuery<T>(IQueryable<T> source, ISpecification<T> specification)
        where T : class
    {
        if (specification.IncludeExpressions.Any() || specification.IncludeStrings.Any() || specification.SearchCriterias.Any())
        {
            throw new NotSupportedException($"{specification.GetType().Name} uses includes or search criteria, which this evaluator does not apply.");
        }

        var query = source.AsNoTracking();
        foreach (var evaluator in Evaluators)
        {
            query = evaluator.GetQuery(query, specification);
        }

        return query;
    }

    public static IQueryable<T> GetCriteriaQuery<T>(IQueryable<T> source, ISpecification<T> specification)
        where T : class =>
        WhereEvaluator.Instance.GetQuery(source.AsNoTracking(), specification);
}
