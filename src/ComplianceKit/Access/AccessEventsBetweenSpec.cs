using Ardalis.Specification;
using ComplianceKit.Ledger;
using NodaTime;

namespace ComplianceKit.Access;

/// <summary>
/// Every access event between two instants (occurred-at in [<c>from</c>, <c>to</c>)), unordered:
/// the input of volume statistics such as the unusual-volume-per-user-per-hour query of the EF store.
/// </summary>
public sealed class AccessEventsBetweenSpec : Specification<LedgerEntry>
{
    /// <summary>Selects the access entries in the window.</summary>
    /// <exception cref="ArgumentException">The window ends before it starts.</exception>
    /// <exception cref="LedgerValidationException">The chain id is invalid.</exception>
    public AccessEventsBetweenSpec(string chainId, Instant from, Instant to)
    {
        AccessSpecificationGuards.Window(chainId, from, to);
        Query.Where(e => e.ChainId == chainId && e.OccurredAt >= from && e.OccurredAt < to)
            .Where(AccessSpecificationGuards.IsAccessEntry);
    }
}
