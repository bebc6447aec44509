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
    private static readonly AccessHistoryRule Rule =
        new((e, w) => e.ChainId == w.ChainId && e.Actor == w.Key && e.OccurredAt >= w.From && e.OccurredAt < w.To);

    private readonly AccessHistoryWindow _window;

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
        _window = new AccessHistoryWindow(chainId, userId, from, to);
        Rule.Apply(Query, _window);
    }

    /// <summary>The entries of <paramref name="entities"/> this specification selects, oldest first: its query's rule, compiled once for every instance.</summary>
    /// <param name="entities">The entries to filter.</param>
    public override IEnumerable<LedgerEntry> Evaluate(IEnumerable<LedgerEntry> entities) => Rule.Evaluate(entities, _window);

    /// <summary>Whether this specification selects <paramref name="entity"/>.</summary>
    /// <param name="entity">The entry to test.</param>
    public override bool IsSatisfiedBy(LedgerEntry entity) => Rule.Matches(entity, _window);
}
