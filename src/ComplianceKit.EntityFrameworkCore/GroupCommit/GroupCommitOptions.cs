namespace ComplianceKit.EntityFrameworkCore.GroupCommit;

/// <summary>Settings of the group-commit writer: how events are gathered into transactions, and how much may wait.</summary>
public sealed class GroupCommitOptions
{
    /// <summary>The most events one transaction commits (default 1,000; at most <see cref="ComplianceKitOptions.MaxBatchSize"/>).</summary>
    public int MaxBatchSize { get; set; } = 1000;

    /// <summary>
    /// The longest the writer waits for a batch to fill once it holds at least one event and is free
    /// to commit (default zero: commit at once; whatever arrives meanwhile forms the next batch). A
    /// few milliseconds trade latency for fewer, larger commits when callers are few.
    /// </summary>
    public TimeSpan MaxBatchDelay { get; set; } = TimeSpan.Zero;

    /// <summary>How many events may wait for the writer (default 10,000). Memory is bounded by it: there is no unbounded queue.</summary>
    public int QueueCapacity { get; set; } = 10_000;

    /// <summary>What a caller meets when the queue is full (default <see cref="QueueFullMode.Wait"/>).</summary>
    public QueueFullMode QueueFullMode { get; set; } = QueueFullMode.Wait;

    /// <summary>How long shutdown keeps committing what is queued before it gives up and reports the rest (default 10 seconds).</summary>
    public TimeSpan ShutdownTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Whether the writer keeps its chain's access side index written (always, for hosts; off only to measure the design before it).</summary>
    internal bool WritesAccessIndex { get; set; } = true;

    /// <summary>Says which setting is out of range, or <see langword="null"/> when all are valid.</summary>
    /// <param name="maxLedgerBatch">The ledger's own batch limit, <see cref="ComplianceKitOptions.MaxBatchSize"/>.</param>
    public string? FindError(int maxLedgerBatch) =>
        MaxBatchSize < 1 || MaxBatchSize > maxLedgerBatch ? $"GroupCommitOptions.MaxBatchSize must be 1 to {maxLedgerBatch}; it is {MaxBatchSize}."
        : QueueCapacity < 1 ? $"GroupCommitOptions.QueueCapacity must be positive; it is {QueueCapacity}."
        : MaxBatchDelay < TimeSpan.Zero ? "GroupCommitOptions.MaxBatchDelay must not be negative."
        : ShutdownTimeout < TimeSpan.Zero ? "GroupCommitOptions.ShutdownTimeout must not be negative."
        : !Enum.IsDefined(QueueFullMode) ? $"GroupCommitOptions.QueueFullMode {(int)QueueFullMode} is not defined."
        : null;
}
