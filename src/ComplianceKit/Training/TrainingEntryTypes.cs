namespace ComplianceKit.Training;

/// <summary>The ledger entry types of the workforce and training (payloads in docs/FORMAT.md, section 11); subjects are <c>person:&lt;id&gt;</c>.</summary>
public static class TrainingEntryTypes
{
    /// <summary>A person joins the workforce, or their category or role changes. Payload: <see cref="WorkforceMembership"/>.</summary>
    public const string MemberJoined = "workforce.joined";

    /// <summary>A person leaves the workforce. Payload: <see cref="WorkforceDeparture"/>.</summary>
    public const string MemberLeft = "workforce.left";

    /// <summary>A course is assigned to a person. Payload: <see cref="TrainingAssignment"/>.</summary>
    public const string Assigned = "training.assigned";

    /// <summary>A person completes an assignment. Payload: <see cref="TrainingCompletion"/>.</summary>
    public const string Completed = "training.completed";

    /// <summary>An approver waives an assignment. Payload: <see cref="TrainingWaiver"/>.</summary>
    public const string Waived = "training.waived";
}
