using Ardalis.Specification;
using ComplianceKit.Ledger;
using NodaTime;

namespace ComplianceKit.Access;

/// <summary>
/// Refused accesses between two instants (<see cref="AccessEntryTypes.Denied"/>, occurred-at in
/// [<c>from</c>, <c>to</c>)), oldest first. Reads the (chain, entry type, occurred-at) index.
/// </summary>
public sealed class DeniedAccessSpec : Specification<LedgerEntry>
{
    /// <summary>Selects the denied access entries in the window.</summary>
    /// <exception cref="ArgumentException">The window ends before it starts.</exception>
    /// <exception cref="LedgerValidationException">The chain id is invalid.</exception>
    public DeniedAccessSpec(string chainId, Instant from, Instant to)
    {
        AccessSpecificationGuards.Window(chainId, from, to);
        Query.Where(e => e.ChainId == chainId && e.EntryType == AccessEntryTypes.Denied && e.OccurredAt >= from && e.OccurredAt < to)
            .OrderBy(e => e.OccurredAt)
            .ThenBy(e => e.Sequence);
    }
}
