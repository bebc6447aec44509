namespace ComplianceKit.Retention;

/// <summary>
/// The entry types retention writes and reads (docs/FORMAT.md, "Retention"). Entries of these types
/// are the evidence that makes a purge verifiable, so retention never purges them itself.
/// </summary>
public static class RetentionEntryTypes
{
    /// <summary>A retention policy was defined or redefined; the payload is the whole definition.</summary>
    public const string PolicySet = "retention.policy.set";

    /// <summary>A retention policy stopped applying; nothing is purged under it afterwards.</summary>
    public const string PolicyRetired = "retention.policy.retired";

    /// <summary>A person decided that a policy may be shorter than the regulatory minimum of its category.</summary>
    public const string OverrideApproved = "retention.override.approved";

    /// <summary>Payloads and salts were purged under a policy; the payload names the sequence ranges.</summary>
    public const string Purged = "retention.purged";

    /// <summary>
    /// An operator applied retention although now was further past the chain's newest recorded-at than
    /// <see cref="RetentionOptions.MaxClockSkew"/> (a clock that may have jumped forward); records who decided and why.
    /// </summary>
    public const string ClockSkewOverridden = "retention.clock-skew.overridden";

    /// <summary>A legal hold was placed: what it covers may not be purged until it is released.</summary>
    public const string HoldPlaced = "hold.placed";

    /// <summary>A legal hold was released.</summary>
    public const string HoldReleased = "hold.released";

    /// <summary>Every type above, in the order listed.</summary>
    public static IReadOnlyList<string> All { get; } = [PolicySet, PolicyRetired, OverrideApproved, Purged, HoldPlaced, HoldReleased];

    /// <summary>
    /// Whether <paramref name="entryType"/> is reserved for retention's own records (<c>retention.*</c>
    /// and <c>hold.*</c>); such entries are never purged, whatever a policy's patterns say.
    /// </summary>
    public static bool IsReserved(string entryType)
    {
        ArgumentNullException.ThrowIfNull(entryType);
        return entryType.StartsWith("retention.", StringComparison.Ordinal) || entryType.StartsWith("hold.", StringComparison.Ordinal);
    }
}
