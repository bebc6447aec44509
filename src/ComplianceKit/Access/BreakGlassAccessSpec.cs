using Ardalis.Specification;
using ComplianceKit.Ledger;
using NodaTime;

namespace ComplianceKit.Access;

/// <summary>
/// Emergency ("break-glass") accesses between two instants (<see cref="AccessEntryTypes.BreakGlass"/>,
/// occurred-at in [<c>from</c>, <c>to</c>)), oldest first: the events a privacy officer reviews one by
/// one. Reads the (chain, entry type, occurred-at) index.
/// </summary>
public sealed class BreakGlassAccessSpec : Specification<LedgerEntry>
{
    /// <summary>Selects the break-glass access entries in the window.</summary>
    /// <exception cref="ArgumentException">The window ends before it starts.</exception>
    /// <exception cref="LedgerValidationException">The chain id is invalid.</exception>
    public BreakGlassAccessSpec(string chainId, Instant from, Instant to)
    {
        AccessSpecificationGuards.Window(chainId, from, to);
        Query.Where(e => e.ChainId == chainId && e.EntryType == AccessEntryTypes.BreakGlass && e.OccurredAt >= from && e.OccurredAt < to)
            .OrderBy(e => e.OccurredAt)
            .ThenBy(e => e.Sequence);
    }
}
