namespace ComplianceKit.Controls;

/// <summary>What was decided for an addressable implementation specification (45 CFR 164.306(d)(3)).</summary>
public enum AddressableOutcome
{
    /// <summary>Implemented as stated; it still needs evidence.</summary>
    Implemented = 0,

    /// <summary>Not implemented as stated; an equivalent alternative measure is implemented instead, and it needs evidence.</summary>
    AlternativeImplemented = 1,

    /// <summary>Neither it nor an alternative is reasonable and appropriate; the documented rationale stands in for evidence.</summary>
    NotReasonableAndAppropriate = 2,
}
