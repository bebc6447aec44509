using System.Collections.Frozen;

namespace ComplianceKit.Access;

/// <summary>
/// The ledger entry types of access events, one per <see cref="AccessOutcome"/>. The entry type is
/// part of the hashed header and is indexed with the chain and occurred-at, so "every denied access
/// last week" reads only the denied entries.
/// </summary>
public static class AccessEntryTypes
{
    /// <summary>An allowed access: <c>access.allowed</c>.</summary>
    public const string Allowed = "access.allowed";

    /// <summary>A refused access: <c>access.denied</c>.</summary>
    public const string Denied = "access.denied";

    /// <summary>An emergency access past the ordinary rules: <c>access.break-glass</c>.</summary>
    public const string BreakGlass = "access.break-glass";

    /// <summary>Every access entry type.</summary>
    public static IReadOnlyList<string> All { get; } = [Allowed, Denied, BreakGlass];

    private static readonly FrozenSet<string> Known = All.ToFrozenSet(StringComparer.Ordinal);

    /// <summary>The entry type that records <paramref name="outcome"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The outcome is not a defined value.</exception>
    public static string For(AccessOutcome outcome) => outcome switch
    {
        AccessOutcome.Allowed => Allowed,
        AccessOutcome.Denied => Denied,
        AccessOutcome.BreakGlass => BreakGlass,
        _ => throw new ArgumentOutOfRangeException(nameof(outcome), outcome, "Unknown access outcome."),
    };

    /// <summary>Whether <paramref name="entryType"/> is one of the access entry types.</summary>
    public static bool IsAccess(string? entryType) => entryType is not null && Known.Contains(entryType);
}
