namespace ComplianceKit.Telemetry;

/// <summary>
/// The tags ComplianceKit puts on its spans and measurements. No tag ever carries a payload, a subject, an actor or a
/// record reference: only chain ids (chosen by the host, never PHI), counts and statuses.
/// </summary>
public static class ComplianceKitTagNames
{
    /// <summary>The chain id.</summary>
    public const string Chain = "compliancekit.chain";

    /// <summary>How many entries a span appended, verified, exported or purged.</summary>
    public const string Entries = "compliancekit.entries";

    /// <summary>A verification's status (<c>VerificationStatus</c> name, or a bundle's verdict).</summary>
    public const string Status = "compliancekit.status";

    /// <summary>What a verify span verified: <c>store</c> or <c>bundle</c>.</summary>
    public const string Source = "compliancekit.source";

    /// <summary>The exception type that failed a span (the OpenTelemetry semantic convention's name).</summary>
    public const string ErrorType = "error.type";
}
