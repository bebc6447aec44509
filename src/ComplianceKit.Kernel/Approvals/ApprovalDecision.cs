namespace ComplianceKit.Approvals;

/// <summary>What a signer decided. A later signed statement by the same signer for the same role supersedes an earlier one.</summary>
public enum ApprovalDecision
{
    /// <summary>Approved without conditions.</summary>
    Approved,

    /// <summary>Approved, subject to the conditions stated in the statement.</summary>
    ApprovedWithConditions,

    /// <summary>Rejected: blocks every gate that needs this subject.</summary>
    Rejected,

    /// <summary>The signer withdraws an earlier decision.</summary>
    Withdrawn,
}
