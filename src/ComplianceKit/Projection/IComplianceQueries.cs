using Ardalis.Specification;

namespace ComplianceKit.Projection;

/// <summary>
/// Runs the domain's specifications over the projected compliance state: in the database (the EF store), or in
/// memory over a <see cref="ComplianceSnapshot"/> just built from the verified ledger. Both give the same answers.
/// </summary>
public interface IComplianceQueries
{
    /// <summary>Returns the rows the specification selects, in its order.</summary>
    Task<IReadOnlyList<T>> ListAsync<T>(ISpecification<T> specification, CancellationToken cancellationToken = default)
        where T : class;

    /// <summary>Counts the rows the specification selects.</summary>
    Task<int> CountAsync<T>(ISpecification<T> specification, CancellationToken cancellationToken = default)
        where T : class;

    /// <summary>The entries of the chain the projection could not apply as written, by sequence.</summary>
    Task<IReadOnlyList<ProjectionIssue>> GetIssuesAsync(string chainId, CancellationToken cancellationToken = default);
}
