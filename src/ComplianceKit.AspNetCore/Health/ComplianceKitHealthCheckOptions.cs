using ComplianceKit.Anchoring;

namespace ComplianceKit.AspNetCore.Health;

/// <summary>Thresholds of ComplianceKit's health checks.</summary>
public sealed class ComplianceKitHealthCheckOptions
{
    /// <summary>The chains the ledger check verifies; empty (the default) for every chain the ledger holds.</summary>
    public IList<string> Chains { get; } = [];

    /// <summary>
    /// The share of the access queue's capacity from which the queue check reports degraded (default 0.8); a full queue is
    /// unhealthy (callers wait, or are refused in fail mode).
    /// </summary>
    public double QueueDegradedFraction { get; set; } = 0.8;

    /// <summary>
    /// The schedule checkpoints are published on (the one the host gives <see cref="CheckpointPublisher.PublishIfDueAsync"/>);
    /// when set, <c>compliancekit-checkpoint-age</c> is added: degraded when entries wait for their checkpoint longer than one
    /// period, unhealthy beyond two. <see langword="null"/> (the default) adds no such check.
    /// </summary>
    public CheckpointSchedule? CheckpointSchedule { get; set; }

    /// <summary>Tags put on every ComplianceKit check (filter them in <c>MapHealthChecks</c>). Default <c>compliancekit</c>.</summary>
    public IList<string> Tags { get; } = ["compliancekit"];
}
