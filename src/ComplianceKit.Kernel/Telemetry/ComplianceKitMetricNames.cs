namespace ComplianceKit.Telemetry;

/// <summary>
/// The names of the instruments on <see cref="ComplianceKitDiagnostics.Meter"/> (docs/TELEMETRY.md gives unit and tags of each).
/// </summary>
public static class ComplianceKitMetricNames
{
    /// <summary>Counter of entries appended, by chain.</summary>
    public const string EntriesAppended = "compliancekit.ledger.entries.appended";

    /// <summary>Histogram of the entries per append (a group commit's batch size), by chain.</summary>
    public const string AppendBatchSize = "compliancekit.ledger.append.batch_size";

    /// <summary>Histogram of seconds from recording an access event to its acknowledgement (committed), by chain.</summary>
    public const string AccessAcknowledgementDuration = "compliancekit.access.acknowledgement.duration";

    /// <summary>Gauge of access events waiting for the group-commit writer, by chain.</summary>
    public const string AccessQueueDepth = "compliancekit.access.queue.depth";

    /// <summary>Counter of access events refused because the queue was full (<c>QueueFullMode.Fail</c>), by chain.</summary>
    public const string AccessQueueRejections = "compliancekit.access.queue.rejections";

    /// <summary>Counter of verification findings, by chain and status (a recorded purge is a finding with status <c>PayloadPurged</c>).</summary>
    public const string VerificationFindings = "compliancekit.verification.findings";

    /// <summary>Counter of entries whose payload a retention purge removed, by chain.</summary>
    public const string EntriesPurged = "compliancekit.retention.entries.purged";

    /// <summary>
    /// Counter of checkpoint failures, by chain and status: <c>SinkFailed</c> (a sink did not take a checkpoint; it stays pending),
    /// <c>RunFailed</c> (a publisher run failed), <c>WitnessMissing</c> (the newest checkpoint has fewer witness co-signatures than required).
    /// </summary>
    public const string CheckpointFailures = "compliancekit.checkpoint.failures";
}
