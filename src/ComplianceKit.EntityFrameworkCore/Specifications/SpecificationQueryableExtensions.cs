using Ardalis.Specification;

namespace ComplianceKit.EntityFrameworkCore.Specifications;

/// <summary>Applies Ardalis specifications to EF Core queries with <see cref="SpecificationQueryEvaluator"/>.</summary>
public static class SpecificationQueryableExtensions
{
    /// <summary>Filters, orders and pages <paramref name="source"/> as <paramref name="specification"/> says.</summary>
    /// <example><c>await context.Set&lt;LedgerEntry&gt;().ApplySpecification(new DeniedAccessSpec("access", from, to)).ToListAsync(ct)</c></example>
    /// <exception cref="NotSupportedException">The specification has includes or search criteria.</exception>
    public static IQueryable<T> ApplySpecification<T>(this IQueryable<T> source, ISpecification<T> specification)
        where T : class =>
        SpecificationQueryEvaluator.Default.GetQuery(source, specification);

    /// <summary>Filters, orders, pages and projects <paramref name="source"/> as <paramref name="specification"/> says.</summary>
    /// <exception cref="NotSupportedException">The specification has includes or search criteria.</exception>
    public static IQueryable<TResult> ApplySpecification<T, TResult>(this IQueryable<T> source, ISpecification<T, TResult> specification)
        where T : class =>
        SpecificationQueryEvaluator.Default.GetQuery(source, specification);
}
