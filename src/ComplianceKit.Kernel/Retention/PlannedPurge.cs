using NodaTime;

namespace ComplianceKit.Retention;

/// <summary>One entry a plan would purge, and why: the policy, the basis it counts from, and when it expired.</summary>
/// <param name="Sequence">The entry.</param>
/// <param name="EntryType">Its type.</param>
/// <param name="Subject">Its subject.</param>
/// <param name="OccurredAt">Its occurred-at.</param>
/// <param name="RecordedAt">Its recorded-at.</param>
/// <param name="PolicyId">The policy that governs it.</param>
/// <param name="PolicySequence">The entry that defined that policy.</param>
/// <param name="Basis">What the period counts from.</param>
/// <param name="BasisAt">The basis instant: its recorded-at, or the later of that and its subject's last-effective date.</param>
/// <param name="BasisDate">The basis instant's date in the policy's time zone.</param>
/// <param name="ExpiresOn">The first date, in the policy's time zone, past the retention period.</param>
/// <param name="ExpiresAt">The start of <paramref name="ExpiresOn"/> in the policy's time zone: purgeable from this instant.</param>
public sealed record PlannedPurge(long Sequence, string EntryType, string Subject, Instant OccurredAt, Instant RecordedAt,
    string PolicyId, long PolicySequence, RetentionBasis Basis, Instant BasisAt, LocalDate BasisDate, LocalDate ExpiresOn, Instant ExpiresAt);
