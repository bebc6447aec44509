namespace ComplianceKit.Readiness;

/// <summary>Whether the organisation (or a gate) is ready at an instant.</summary>
public enum ReadinessStatus
{
    /// <summary>Nothing blocks.</summary>
    Ready,

    /// <summary>At least one blocker; every blocker is listed.</summary>
    Blocked,
}
