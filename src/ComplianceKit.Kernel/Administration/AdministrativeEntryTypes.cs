using ComplianceKit.Approvals;
namespace ComplianceKit.Administration;

/// <summary>
/// The entry types that administer a ledger: trust anchors, role grants, gate definitions, and the retention rules
/// (policies, overrides of a category minimum, legal holds), and the compromise of a checkpoint key. Decisions count such an entry only when an administrator
/// signed it (docs/FORMAT.md, section 7.1), unless the host opted into unsigned administration.
/// </summary>
public static class AdministrativeEntryTypes
{
    /// <summary>The organisation stops trusting a root it recorded with <c>trust.anchor.added</c>.</summary>
    public const string TrustAnchorRemoved = "trust.anchor.removed";

    /// <summary>A second administrator confirms a role grant its signer made to their own certificate.</summary>
    public const string RoleGrantConfirmed = "role.grant.confirmed";

    /// <summary>The retention rule types, administrative since signed retention: they decide what may be purged and what a hold keeps.</summary>
    /// <remarks>The values of <c>RetentionEntryTypes</c>, spelled out so that Administration does not depend on Retention (which depends on it). Declared before <see cref="All"/>, which includes them.</remarks>
    public static IReadOnlyList<string> Retention { get; } =
        ["retention.policy.set", "retention.policy.retired", "retention.override.approved", "hold.placed", "hold.released"];

    /// <summary>A checkpoint key is recorded compromised (the value of <c>CheckpointKeyEntryTypes.Compromised</c>, spelled out so that Administration does not depend on CheckpointKeys).</summary>
    public const string CheckpointKeyCompromised = "checkpoint.key.compromised";

    /// <summary>Every administrative entry type, in no particular order.</summary>
    public static IReadOnlyList<string> All { get; } =
    [
        ApprovalEntryTypes.TrustAnchorAdded, TrustAnchorRemoved, ApprovalEntryTypes.RoleGranted, ApprovalEntryTypes.RoleRevoked,
        RoleGrantConfirmed, GateDefinition.EntryType, CheckpointKeyCompromised, .. Retention,
    ];

    /// <summary>Whether <paramref name="entryType"/> is administrative.</summary>
    public static bool IsAdministrative(string entryType) => All.Contains(entryType, StringComparer.Ordinal);
}
