namespace ComplianceKit.Approvals;

/// <summary>The ledger entry types of approvals, role grants and trust anchors.</summary>
public static class ApprovalEntryTypes
{
    /// <summary>A signed approval statement (any decision).</summary>
    public const string ApprovalSigned = "approval.signed";

    /// <summary>An administrator grants a role to a certificate.</summary>
    public const string RoleGranted = "role.granted";

    /// <summary>An administrator revokes a role grant.</summary>
    public const string RoleRevoked = "role.revoked";

    /// <summary>The organisation records a certificate it trusts as a root for signatures.</summary>
    public const string TrustAnchorAdded = "trust.anchor.added";
}
