namespace ComplianceKit.Readiness;

/// <summary>Why readiness is blocked.</summary>
public enum ReadinessBlockerKind
{
    /// <summary>The gate's approvals are missing, rejected, superseded or do not verify (the <see cref="Gates.GateBlocker"/> says which).</summary>
    Approval,

    /// <summary>A control in scope lacks current evidence of the assurance it needs.</summary>
    ControlEvidence,

    /// <summary>A control the gate requires is not defined.</summary>
    ControlUndefined,

    /// <summary>A vendor handles PHI without an agreement in force.</summary>
    AgreementMissing,

    /// <summary>An agreement in force lacks required clauses.</summary>
    AgreementClausesMissing,

    /// <summary>An agreement ended without evidence that the PHI was returned or destroyed.</summary>
    PhiDispositionMissing,

    /// <summary>A workforce member's training is overdue.</summary>
    TrainingOverdue,

    /// <summary>A workforce member's training expired and was not retaken.</summary>
    TrainingExpired,

    /// <summary>A workforce member was never trained and has nothing assigned.</summary>
    TrainingNeverAssigned,

    /// <summary>A gate control bound to programme records (a BAA in force, training, the access trail) is not satisfied by them.</summary>
    RequirementUnmet,
}
