namespace ComplianceKit.Gates;

/// <summary>Whether a gate lets the release through.</summary>
public enum GateStatus
{
    /// <summary>Every requirement holds.</summary>
    Open,

    /// <summary>At least one blocker; every blocker is listed.</summary>
    Blocked,
}
