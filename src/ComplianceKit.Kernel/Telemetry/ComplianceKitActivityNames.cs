namespace ComplianceKit.Telemetry;

/// <summary>
/// The names of the spans (activities) ComplianceKit starts on <see cref="ComplianceKitDiagnostics.ActivitySource"/>.
/// They are part of the public contract (docs/TELEMETRY.md): a dashboard or alert may match on them.
/// </summary>
public static class ComplianceKitActivityNames
{
    /// <summary>One append of a batch of entries to a chain (a host's append, or one group commit of access events).</summary>
    public const string Append = "compliancekit.append";

    /// <summary>One verification of a chain in a store, or of an evidence bundle.</summary>
    public const string Verify = "compliancekit.verify";

    /// <summary>One export of an evidence bundle.</summary>
    public const string Export = "compliancekit.export";

    /// <summary>One application of a retention plan (every batch of purges it commits).</summary>
    public const string Purge = "compliancekit.purge";

    /// <summary>
    /// One step of the access side index's upkeep by the group-commit writer, between its batches: entries indexed
    /// (<c>compliancekit.status</c> <c>Indexed</c>, <c>compliancekit.entries</c> how many) or one key range of a span merged (<c>Merged</c>).
    /// </summary>
    public const string AccessIndex = "compliancekit.access_index";

    /// <summary>One run of the checkpoint publisher for a chain: a checkpoint recorded when due, pending ones given to the sinks, witnesses asked.</summary>
    public const string Checkpoint = "compliancekit.checkpoint";
}
