namespace ComplianceKit.Benchmarks.Anchoring;

/// <summary>How often the benchmarks' hosted publisher looks for a due checkpoint (the schedule is every 1,000 entries either way).</summary>
internal enum PublishingPace
{
    /// <summary>
    /// Every 50 ms: under the 64-caller storm (about 20,000 entries a second) a checkpoint every 1,000-2,000 entries, ten or more a
    /// second, each signed, co-signed and written durably. A stress test: twenty times the rate the defaults give.
    /// </summary>
    Every50Milliseconds,

    /// <summary>
    /// The library's defaults (<c>CheckpointPublishingOptions.PollInterval</c>, one second, and <c>CheckpointSchedule</c>): what a host that
    /// adds the publisher in one line runs; under the storm, about one checkpoint a second.
    /// </summary>
    Defaults,
}
