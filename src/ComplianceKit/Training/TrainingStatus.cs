namespace ComplianceKit.Training;

/// <summary>Where a training assignment stands at an instant.</summary>
public enum TrainingStatus
{
    /// <summary>Assigned, not completed, and not yet due.</summary>
    NotDue = 0,

    /// <summary>Completed, and the completion does not expire within the warning window.</summary>
    Current = 1,

    /// <summary>Completed, but the completion expires within the warning window: retraining is coming due.</summary>
    Expiring = 2,

    /// <summary>Waived by an approver, for the waiver's period.</summary>
    Waived = 3,

    /// <summary>Not completed by its due date.</summary>
    Overdue = 4,

    /// <summary>Completed once, but the completion expired (the course recurs) and it was not retaken.</summary>
    Expired = 5,
}
