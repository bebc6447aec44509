namespace ComplianceKit.Access;

/// <summary>
/// Common purpose-of-use codes, from the HL7 v3 PurposeOfUse value set (the codes HL7 FHIR
/// AuditEvent and IHE profiles use). <see cref="AccessEvent.PurposeOfUse"/> takes any short code;
/// these keep a clinic's events comparable with other systems.
/// </summary>
public static class PurposeOfUse
{
    /// <summary>Treatment: <c>TREAT</c>.</summary>
    public const string Treatment = "TREAT";

    /// <summary>Emergency treatment (typical of break-glass access): <c>ETREAT</c>.</summary>
    public const string EmergencyTreatment = "ETREAT";

    /// <summary>Payment: <c>HPAYMT</c>.</summary>
    public const string Payment = "HPAYMT";

    /// <summary>Healthcare operations: <c>HOPERAT</c>.</summary>
    public const string Operations = "HOPERAT";

    /// <summary>Request by the patient: <c>PATRQT</c>.</summary>
    public const string PatientRequest = "PATRQT";

    /// <summary>Public health: <c>PUBHLTH</c>.</summary>
    public const string PublicHealth = "PUBHLTH";

    /// <summary>Research: <c>HRESCH</c>.</summary>
    public const string Research = "HRESCH";

    /// <summary>Legal: <c>HLEGAL</c>.</summary>
    public const string Legal = "HLEGAL";

    /// <summary>The longest purpose code accepted, in characters.</summary>
    public const int MaxLength = 64;
}
