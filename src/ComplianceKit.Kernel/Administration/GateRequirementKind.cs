namespace ComplianceKit.Administration;

/// <summary>The programme record a gate's control is bound to; only that record satisfies the control, never a ticked box.</summary>
public enum GateRequirementKind
{
    /// <summary>Each named vendor (which handles PHI) has an executed business associate agreement in force with every required clause.</summary>
    BaaInForce = 0,

    /// <summary>The workforce training component is complete: at least one member, nobody overdue, expired or never assigned.</summary>
    TrainingCurrent = 1,

    /// <summary>The access trail: the chain verifies and holds access events within the readiness policy's access-trail period.</summary>
    AccessTrail = 2,
}
