using NodaTime;

namespace ComplianceKit.Anchoring;

/// <summary>When a chain is due for a new checkpoint: after <see cref="EveryEntries"/> new entries or <see cref="Every"/>, whichever comes first.</summary>
public sealed record CheckpointSchedule
{
    /// <summary>New entries since the last checkpoint that make one due (default 1000).</summary>
    public long EveryEntries { get; init; } = 1000;

    /// <summary>Time since the last checkpoint after which any new entry makes one due (default 10 minutes).</summary>
    public Duration Every { get; init; } = Duration.FromMinutes(10);

    /// <summary>
    /// Whether a chain of <paramref name="newEntries"/> entries since the last checkpoint (recorded at <paramref name="last"/>, or
    /// never) is due at <paramref name="now"/>. Nothing new is never due.
    /// </summary>
    public bool IsDue(long newEntries, Instant? last, Instant now) =>
        newEntries > 0 && (last is null || newEntries >= EveryEntries || now - last.Value >= Every);
}
