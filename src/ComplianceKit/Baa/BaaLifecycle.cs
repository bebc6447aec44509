using System.Linq.Expressions;
using NodaTime;

namespace ComplianceKit.Baa;

/// <summary>The lifecycle rules of agreements at an instant, pure; the specifications use the same rule for "in force".</summary>
public static class BaaLifecycle
{
    /// <summary>
    /// Whether an agreement is in force at <paramref name="at"/>: its execution recorded by then, effective, not past a
    /// term that does not renew, and not terminated. A translatable expression, so stores evaluate it in SQL.
    /// </summary>
    public static Expression<Func<BaaRecord, bool>> InForceAt(Instant at) => b =>
        b.ExecutionRecordedAt <= at
        && b.EffectiveAt <= at
        && (b.AutoRenew || b.ExpiresAt == null || b.ExpiresAt > at)
        && (b.TerminatedAt == null || b.TerminatedAt > at);

    /// <summary>
    /// Whether a vendor has no agreement in force at <paramref name="at"/>: <see cref="InForceAt"/> over its agreements,
    /// negated, built from the same expression so the rule lives in one place. Translatable, and compiled once in memory.
    /// </summary>
    public static Expression<Func<VendorRecord, bool>> NoAgreementInForceAt(Instant at)
    {
        var vendor = Expression.Parameter(typeof(VendorRecord), "v");
        var agreements = Expression.Property(vendor, nameof(VendorRecord.Agreements));
        var any = Expression.Call(typeof(Enumerable), nameof(Enumerable.Any), [typeof(BaaRecord)], agreements, InForceAt(at));
        return Expression.Lambda<Func<VendorRecord, bool>>(Expression.Not(any), vendor);
    }

    /// <summary>The agreement's status at <paramref name="at"/>; terms ending within <paramref name="expiringWithin"/> are <see cref="BaaStatus.Expiring"/>.</summary>
    public static BaaStatus StatusAt(BaaRecord agreement, Instant at, Duration expiringWithin)
    {
        ArgumentNullException.ThrowIfNull(agreement);
        if (agreement.ExecutionRecordedAt is not { } recorded || recorded > at)
        {
            return BaaStatus.Draft;
        }

        if (agreement.TerminatedAt <= at)
        {
            return BaaStatus.Terminated;
        }

        if (agreement.EffectiveAt is not { } effective || effective > at)
        {
            return BaaStatus.Executed;
        }

        if (agreement.AutoRenew || agreement.ExpiresAt is not { } expires)
        {
            return BaaStatus.Active;
        }

        return expires <= at ? BaaStatus.Expired
            : expires <= at + expiringWithin ? BaaStatus.Expiring
            : BaaStatus.Active;
    }

    /// <summary>Whether the status counts as in force (<see cref="BaaStatus.Active"/> or <see cref="BaaStatus.Expiring"/>).</summary>
    public static bool IsInForce(BaaStatus status) => status is BaaStatus.Active or BaaStatus.Expiring;
}
