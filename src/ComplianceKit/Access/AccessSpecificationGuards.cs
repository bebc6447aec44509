using System.Linq.Expressions;
using ComplianceKit.Ledger;
using NodaTime;

namespace ComplianceKit.Access;

/// <summary>Argument checks and filters shared by the access specifications.</summary>
internal static class AccessSpecificationGuards
{
    /// <summary>Any access entry type, as literals a database can match against its type index (never a JSON array parameter).</summary>
    public static Expression<Func<LedgerEntry, bool>> IsAccessEntry { get; } = e =>
        e.EntryType == AccessEntryTypes.Allowed || e.EntryType == AccessEntryTypes.Denied || e.EntryType == AccessEntryTypes.BreakGlass;

    public static void Window(string chainId, Instant from, Instant to)
    {
        LedgerLimits.ValidateChainId(chainId);
        if (to < from)
        {
            throw new ArgumentException($"The window ends ({to}) before it starts ({from}).", nameof(to));
        }
    }
}
