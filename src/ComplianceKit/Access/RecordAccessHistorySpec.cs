using Ardalis.Specification;
using ComplianceKit.Ledger;
using NodaTime;

namespace ComplianceKit.Access;

/// <summary>
/// Who accessed one record between two instants: its access entries with occurred-at in
/// [<c>from</c>, <c>to</c>), oldest first. Reads the (chain, subject, occurred-at) index.
/// </summary>
public sealed class RecordAccessHistorySpec : Specification<LedgerEntry>
{
    private static readonly AccessHistoryRule Rule =
        new((e, w) => e.ChainId == w.ChainId && e.Subject == w.Key && e.OccurredAt >= w.From && e.OccurredAt < w.To);

    private readonly AccessHistoryWindow _window;

    /// <summary>Selects the access entries of the record whose pseudonym is <paramref name="recordPseudonym"/>.</summary>
    /// <param name="chainId">The access chain.</param>
    /// <param name="recordPseudonym">The record's pseudonym, from <see cref="RecordPseudonymizer.Pseudonymize"/>.</param>
    /// <param name="from">The first instant included.</param>
    /// <param name="to">The first instant excluded.</param>
    /// <exception cref="ArgumentException">The window ends before it starts, or the pseudonym is empty.</exception>
    /// <exception cref="LedgerValidationException">The chain id is invalid.</exception>
    public RecordAccessHistorySpec(string chainId, string recordPseudonym, Instant from, Instant to)
    {
        AccessSpecificationGuards.Window(chainId, from, to);
        ArgumentException.ThrowIfNullOrEmpty(recordPseudonym);
        _window = new AccessHistoryWindow(chainId, recordPseudonym, from, to);
        Rule.Apply(Query, _window);
    }

    /// <summary>Selects the access entries of the record <paramref name="recordReference"/>, pseudonymized with <paramref name="pseudonymizer"/>.</summary>
    /// <exception cref="ArgumentException">The window ends before it starts, or the reference is empty.</exception>
    public RecordAccessHistorySpec(string chainId, RecordPseudonymizer pseudonymizer, string recordReference, Instant from, Instant to)
        : this(chainId, (pseudonymizer ?? throw new ArgumentNullException(nameof(pseudonymizer))).Pseudonymize(recordReference), from, to)
    {
    }

    /// <summary>The entries of <paramref name="entities"/> this specification selects, oldest first: its query's rule, compiled once for every instance.</summary>
    /// <param name="entities">The entries to filter.</param>
    public override IEnumerable<LedgerEntry> Evaluate(IEnumerable<LedgerEntry> entities) => Rule.Evaluate(entities, _window);

    /// <summary>Whether this specification selects <paramref name="entity"/>.</summary>
    /// <param name="entity">The entry to test.</param>
    public override bool IsSatisfiedBy(LedgerEntry entity) => Rule.Matches(entity, _window);
}
