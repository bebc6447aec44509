namespace ComplianceKit.Controls;

/// <summary>How much a missing control matters, from least to most.</summary>
public enum ControlCriticality
{
    /// <summary>Good practice; its absence lowers the readiness figure but blocks nothing on its own.</summary>
    Optional = 0,

    /// <summary>Expected; blocks readiness when in scope and without current evidence.</summary>
    Important = 1,

    /// <summary>Essential; blocks readiness without current evidence stronger than a self-attested tick.</summary>
    Critical = 2,
}
