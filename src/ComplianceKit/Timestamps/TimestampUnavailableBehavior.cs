namespace ComplianceKit.Timestamps;

/// <summary>What signing does when no configured Time-Stamp Authority gives a token.</summary>
public enum TimestampUnavailableBehavior
{
    /// <summary>Signing fails with <see cref="TimestampUnavailableException"/>, so nothing is recorded.</summary>
    Fail = 0,

    /// <summary>
    /// The signature is returned without a token (an untimestamped signature, judged at its claimed time and refused by a gate
    /// that requires timestamped approvals); a warning is logged and <see cref="TimestampingSigner.UntimestampedCount"/> counts it.
    /// </summary>
    RecordUntimestamped = 1,
}
