namespace ComplianceKit.Telemetry;

/// <summary>
/// The event ids of every log message ComplianceKit writes through <c>ILogger</c>, unique across its packages, so a host
/// can filter or alert on one (docs/TELEMETRY.md, "Logs"). Messages are structured (named placeholders) and never carry a
/// payload, subject, user or record reference: chain ids, counts, sequences and statuses only.
/// </summary>
public static class ComplianceKitEventIds
{
    /// <summary>Error: a group commit of access events failed; its callers got the error.</summary>
    public const int AccessBatchFailed = 1;

    /// <summary>Critical: the group-commit writer stopped; queued access events were failed.</summary>
    public const int AccessWriterStopped = 2;

    /// <summary>Error: the access log shut down with events not written.</summary>
    public const int AccessShutdownUnwritten = 3;

    /// <summary>Warning: an access event was recorded with the break-glass outcome (by the ASP.NET Core access trail).</summary>
    public const int AccessBreakGlass = 4;

    /// <summary>Warning: writing the access side index failed; lookups read the entries it lags behind, and the writer tries again later.</summary>
    public const int AccessIndexFailed = 5;

    /// <summary>Warning: copying the write-ahead log into the database beside the group-commit writer failed; the writer's commits copy it past their own limit, and it is tried again.</summary>
    public const int AccessLogCheckpointFailed = 6;

    /// <summary>Debug: a chain verified.</summary>
    public const int ChainVerified = 10;

    /// <summary>Warning: a chain does not verify.</summary>
    public const int ChainVerificationFailed = 11;

    /// <summary>Information: a retention plan was applied.</summary>
    public const int RetentionApplied = 30;

    /// <summary>Error: a retention plan failed part-way; the batches before it stay committed.</summary>
    public const int RetentionFailed = 31;

    /// <summary>Warning: the health check found the chain not verifying from its last verified point.</summary>
    public const int HealthChainFailed = 40;

    /// <summary>Error: a recorded checkpoint could not be given to a sink; it stays pending and is retried.</summary>
    public const int CheckpointPublicationPending = 50;

    /// <summary>Error: a run of the hosted checkpoint publisher failed (ledger, signer); it is retried with backoff.</summary>
    public const int CheckpointRunFailed = 51;

    /// <summary>Warning: a witness refused or did not answer when asked to co-sign a checkpoint.</summary>
    public const int CheckpointWitnessMissing = 52;

    /// <summary>Information: a checkpoint was recorded and published.</summary>
    public const int CheckpointPublished = 53;

    /// <summary>Error: the newest checkpoint has fewer witness co-signatures than required; the witnesses are asked again with backoff.</summary>
    public const int CheckpointBelowQuorum = 54;
}
