using Ardalis.Specification;
using ComplianceKit.Ledger;
using NodaTime;

namespace ComplianceKit.Access;

/// <summary>
/// What one user accessed between two instants: the user's access entries with occurred-at in
/// [<c>from</c>, <c>to</c>), oldest first. Reads the (chain, actor, occurred-at) index.
/// </summary>
public sealed class UserAccessHistorySpec : Specification<LedgerEntry>
{
    /// <summary>Selects the access entries whose actor is <paramref name="userId"/>.</summary>
    /// <param name="chainId">The access chain.</param>
    /// <param name="userId">The user, as recorded in <see cref="AccessEvent.UserId"/>.</param>
    /// <param name="from">The first instant included.</param>
    /// <param name="to">The first instant excluded.</param>
    /// <exception cref="ArgumentException">The window ends before it starts, or the user id is empty.</exception>
    /// <exception cref="LedgerValidationException">The chain id is invalid.</exception>
    public UserAccessHistorySpec(string chainId, string userId, Instant from, Instant to)
    {
        AccessSpecificationGuards.Window(chainId, from, to);
        ArgumentException.ThrowIfNullOrEmpty(userId);
        Query.Where(e => e.ChainId == chainId && e.Actor == userId && e.OccurredAt >= from && e.OccurredAt < to)
            .Where(AccessSpecificationGuards.IsAccessEntry)
            .OrderBy(e => e.OccurredAt)
            .ThenBy(e => e.Sequence);
    }
}
