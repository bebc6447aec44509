using NodaTime;

namespace ComplianceKit.Retention;

/// <summary>Settings for retention: regulatory minimums per category and the size of purge batches.</summary>
public sealed class RetentionOptions
{
    /// <summary>The category of documentation HIPAA requires to be kept six years (45 CFR 164.316(b)(2), 164.530(j)).</summary>
    public const string DocumentationCategory = "documentation";

    /// <summary>The most entries one purge batch may hold.</summary>
    public const int MaxBatchSize = 10_000;

    /// <summary>
    /// The shortest period a policy of each category may have unless an override is recorded; categories
    /// not listed have no minimum. Defaults to six years for <see cref="DocumentationCategory"/>.
    /// </summary>
    public IDictionary<string, Period> RegulatoryMinimums { get; } = new Dictionary<string, Period>(StringComparer.Ordinal)
    {
        [DocumentationCategory] = Period.FromYears(6),
    };

    /// <summary>
    /// How many entries one purge transaction clears (default 1,000; at most <see cref="MaxBatchSize"/>).
    /// Each batch holds the chain's write lock only for its own transaction, so on PostgreSQL (whose
    /// chain lock is granted in arrival order) an append waits for at most one batch.
    /// </summary>
    public int BatchSize { get; set; } = 1_000;

    /// <summary>
    /// How far now may be past the newest recorded-at of a chain before a purge is refused (default 30 days): a clock
    /// that jumped forward would otherwise purge entries before they expire, and stamp a future recorded-at on the chain
    /// that every later entry inherits. An operator can still apply with a reason, recorded as a
    /// <see cref="RetentionEntryTypes.ClockSkewOverridden"/> entry.
    /// </summary>
    public Duration MaxClockSkew { get; set; } = Duration.FromDays(30);
}
