using ComplianceKit.Approvals;
using ComplianceKit.Gates;

namespace ComplianceKit.Administration;

/// <summary>
/// The entry types that administer a ledger: trust anchors, role grants and gate definitions. Decisions count such an
/// entry only when an administrator signed it (docs/FORMAT.md, section 7.1), unless the host opted into unsigned administration.
/// </summary>
public static class AdministrativeEntryTypes
{
    /// <summary>The organisation stops trusting a root it recorded with <c>trust.anchor.added</c>.</summary>
    public const string TrustAnchorRemoved = "trust.anchor.removed";

    /// <summary>A second administrator confirms a role grant its signer made to their own certificate.</summary>
    public const string RoleGrantConfirmed = "role.grant.confirmed";

    /// <summary>Every administrative entry type, in no particular order.</summary>
    public static IReadOnlyList<string> All { get; } =
    [
        ApprovalEntryTypes.TrustAnchorAdded, TrustAnchorRemoved, ApprovalEntryTypes.RoleGranted, ApprovalEntryTypes.RoleRevoked,
        RoleGrantConfirmed, GateDefinition.EntryType,
    ];

    /// <summary>Whether <paramref name="entryType"/> is administrative.</summary>
    public static bool IsAdministrative(string entryType) => All.Contains(entryType, StringComparer.Ordinal);
}
