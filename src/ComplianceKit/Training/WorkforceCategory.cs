namespace ComplianceKit.Training;

/// <summary>The kinds of workforce member of 45 CFR 160.103 ("workforce").</summary>
public enum WorkforceCategory
{
    /// <summary>An employee.</summary>
    Employee = 0,

    /// <summary>A contractor working under the organisation's direct control.</summary>
    Contractor = 1,

    /// <summary>A volunteer.</summary>
    Volunteer = 2,

    /// <summary>A trainee or student.</summary>
    Trainee = 3,

    /// <summary>Any other person whose conduct is under the organisation's direct control.</summary>
    Other = 4,
}
