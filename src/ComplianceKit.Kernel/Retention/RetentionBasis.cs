namespace ComplianceKit.Retention;

/// <summary>The date a retention period is counted from.</summary>
public enum RetentionBasis
{
    /// <summary>
    /// The entry's recorded-at: when the ledger wrote it (its creation). Never the host-stated
    /// occurred-at, which a host could backdate to make evidence expire early.
    /// </summary>
    RecordedAt = 0,

    /// <summary>
    /// The later of the entry's recorded-at and the date its document was last in effect, for BAAs,
    /// policies and other documentation (45 CFR 164.316(b)(2)(i), 164.530(j)(2)). Entries are grouped by
    /// subject; the group stays in effect, and nothing in it expires, until its latest entry is one of
    /// the policy's <see cref="RetentionPolicy.EndedBy"/> types, whose occurred-at is the last-effective date.
    /// </summary>
    LastEffective = 1,
}
