using System.Linq.Expressions;
using NodaTime;

namespace ComplianceKit.Training;

/// <summary>
/// The rules of training status at an instant, pure. The expressions are translatable, so the specifications
/// evaluate them in SQL and in memory alike; <see cref="StatusAt"/> applies the same rules to one record.
/// </summary>
public static class TrainingRules
{
    /// <summary>Assigned by <paramref name="at"/>, not waived, not completed by then, and due by then.</summary>
    public static Expression<Func<TrainingRecord, bool>> OverdueAt(Instant at) => t =>
        t.AssignedAt <= at
        && !(t.WaivedAt <= at && (t.WaivedUntil == null || t.WaivedUntil > at))
        && (t.CompletedAt == null || t.CompletedAt > at)
        && t.DueAt <= at;

    /// <summary>Completed by <paramref name="at"/>, not waived, and the completion expired by then.</summary>
    public static Expression<Func<TrainingRecord, bool>> ExpiredAt(Instant at) => t =>
        !(t.WaivedAt <= at && (t.WaivedUntil == null || t.WaivedUntil > at))
        && t.CompletedAt <= at
        && t.ExpiresAt <= at;

    /// <summary>Whether the person was in the workforce at <paramref name="at"/>.</summary>
    public static Expression<Func<WorkforceMemberRecord, bool>> MemberAt(Instant at) => m =>
        m.JoinedAt <= at && (m.LeftAt == null || m.LeftAt > at);

    /// <summary>The assignment's status at <paramref name="at"/>; completions expiring within <paramref name="expiringWithin"/> are <see cref="TrainingStatus.Expiring"/>.</summary>
    public static TrainingStatus StatusAt(TrainingRecord record, Instant at, Duration expiringWithin)
    {
        ArgumentNullException.ThrowIfNull(record);
        if (record.WaivedAt <= at && (record.WaivedUntil is null || record.WaivedUntil > at))
        {
            return TrainingStatus.Waived;
        }

        if (record.CompletedAt <= at)
        {
            return record.ExpiresAt is not { } expires || expires > at + expiringWithin ? TrainingStatus.Current
                : expires > at ? TrainingStatus.Expiring
                : TrainingStatus.Expired;
        }

        return record.DueAt <= at ? TrainingStatus.Overdue : TrainingStatus.NotDue;
    }

    /// <summary>Whether a status blocks readiness: <see cref="TrainingStatus.Overdue"/> or <see cref="TrainingStatus.Expired"/>.</summary>
    public static bool Blocks(TrainingStatus status) => status is TrainingStatus.Overdue or TrainingStatus.Expired;
}
