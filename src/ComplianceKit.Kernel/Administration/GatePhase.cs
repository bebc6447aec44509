namespace ComplianceKit.Administration;

/// <summary>When a gate is decided relative to the deployment it concerns.</summary>
public enum GatePhase
{
    /// <summary>Before the release: the gate guards the deployment itself.</summary>
    Release = 0,

    /// <summary>
    /// After the deployment: what is done at deploy time, verified after release, monitored in the first hours or days,
    /// reviewed afterwards, or done after a rollback. It never blocks the release gate it follows.
    /// </summary>
    PostDeployment = 1,
}
