using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using ComplianceKit.Ledger;

namespace ComplianceKit.Telemetry;

/// <summary>
/// The one home of ComplianceKit's telemetry: an <see cref="System.Diagnostics.ActivitySource"/> and a
/// <see cref="System.Diagnostics.Metrics.Meter"/>, both named <see cref="Name"/> (<c>"ComplianceKit"</c>), and the
/// instruments every package records into. BCL only: a host collects them with OpenTelemetry's
/// <c>AddSource("ComplianceKit")</c> and <c>AddMeter("ComplianceKit")</c>, or any <see cref="ActivityListener"/> /
/// <see cref="MeterListener"/>; nothing is recorded while nobody listens.
/// </summary>
/// <remarks>
/// Thread safe. Tags are limited to <see cref="ComplianceKitTagNames"/>: chain ids, counts and statuses, never a payload,
/// subject, actor or record reference. Span names are in <see cref="ComplianceKitActivityNames"/>, instrument names in
/// <see cref="ComplianceKitMetricNames"/>.
/// </remarks>
public static class ComplianceKitDiagnostics
{
    /// <summary>The name of the activity source and of the meter.</summary>
    public const string Name = "ComplianceKit";

    private static readonly string? Version = typeof(ComplianceKitDiagnostics).Assembly.GetName().Version?.ToString();

    private static readonly ConcurrentDictionary<object, (string ChainId, Func<int> Depth)> Queues = new();

    /// <summary>The source of every ComplianceKit span.</summary>
    public static ActivitySource ActivitySource { get; } = new(Name, Version);

    /// <summary>The meter of every ComplianceKit instrument.</summary>
    public static Meter Meter { get; } = new(Name, Version);

    /// <summary>Entries appended (<see cref="ComplianceKitMetricNames.EntriesAppended"/>), tagged with the chain.</summary>
    public static Counter<long> EntriesAppended { get; } = Meter.CreateCounter<long>(ComplianceKitMetricNames.EntriesAppended, "{entry}",
        "Entries appended to a chain (committed, or written into the host's open transaction).");

    /// <summary>Entries per append (<see cref="ComplianceKitMetricNames.AppendBatchSize"/>), tagged with the chain.</summary>
    public static Histogram<int> AppendBatchSize { get; } = Meter.CreateHistogram<int>(ComplianceKitMetricNames.AppendBatchSize, "{entry}",
        "Entries per append: a group commit's batch size.");

    /// <summary>Seconds from recording an access event to its acknowledgement (<see cref="ComplianceKitMetricNames.AccessAcknowledgementDuration"/>).</summary>
    public static Histogram<double> AccessAcknowledgementDuration { get; } = Meter.CreateHistogram<double>(
        ComplianceKitMetricNames.AccessAcknowledgementDuration, "s", "Time from recording an access event to its commit.");

    /// <summary>Access events refused because the queue was full (<see cref="ComplianceKitMetricNames.AccessQueueRejections"/>).</summary>
    public static Counter<long> AccessQueueRejections { get; } = Meter.CreateCounter<long>(ComplianceKitMetricNames.AccessQueueRejections, "{event}",
        "Access events refused because the group-commit queue was full.");

    /// <summary>Verification findings (<see cref="ComplianceKitMetricNames.VerificationFindings"/>), tagged with chain and status.</summary>
    public static Counter<long> VerificationFindings { get; } = Meter.CreateCounter<long>(ComplianceKitMetricNames.VerificationFindings, "{finding}",
        "Findings of chain verifications, by status.");

    /// <summary>Entries whose payload a retention purge removed (<see cref="ComplianceKitMetricNames.EntriesPurged"/>).</summary>
    public static Counter<long> EntriesPurged { get; } = Meter.CreateCounter<long>(ComplianceKitMetricNames.EntriesPurged, "{entry}",
        "Entries whose payload a retention purge removed.");

    /// <summary>Checkpoint failures (<see cref="ComplianceKitMetricNames.CheckpointFailures"/>), tagged with chain and status.</summary>
    public static Counter<long> CheckpointFailures { get; } = Meter.CreateCounter<long>(ComplianceKitMetricNames.CheckpointFailures, "{failure}",
        "Checkpoints not published to a sink, publisher runs failed, and checkpoints short of their witness co-signatures.");

    /// <summary>Access events waiting for a group-commit writer (<see cref="ComplianceKitMetricNames.AccessQueueDepth"/>), one measurement per live queue.</summary>
    public static ObservableGauge<int> AccessQueueDepth { get; } = Meter.CreateObservableGauge(ComplianceKitMetricNames.AccessQueueDepth,
        ObserveQueues, "{event}", "Access events waiting for the group-commit writer.");

    /// <summary>
    /// Reports <paramref name="depth"/> as the queue depth of <paramref name="chainId"/> until the returned handle is disposed
    /// (a group-commit writer registers itself while it runs).
    /// </summary>
    /// <param name="chainId">The chain the queue appends to.</param>
    /// <param name="depth">Reads the queue's current length; called on the collecting thread, so it must be thread safe.</param>
    public static IDisposable ObserveAccessQueue(string chainId, Func<int> depth)
    {
        ArgumentNullException.ThrowIfNull(chainId);
        ArgumentNullException.ThrowIfNull(depth);
        var handle = new QueueRegistration();
        Queues[handle] = (chainId, depth);
        return handle;
    }

    /// <summary>
    /// Starts a span named <paramref name="name"/> tagged with <paramref name="chainId"/>, or returns <see langword="null"/> when
    /// nobody listens to <see cref="ActivitySource"/>.
    /// </summary>
    public static Activity? StartActivity(string name, string? chainId)
    {
        var activity = ActivitySource.StartActivity(name, ActivityKind.Internal);
        if (chainId is not null)
        {
            activity?.SetTag(ComplianceKitTagNames.Chain, chainId);
        }

        return activity;
    }

    /// <summary>Marks <paramref name="activity"/> failed by <paramref name="exception"/>: its type only, never its message (which may name data).</summary>
    public static void Fail(Activity? activity, Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        activity?.SetStatus(ActivityStatusCode.Error, exception.GetType().Name);
        activity?.SetTag(ComplianceKitTagNames.ErrorType, exception.GetType().FullName);
    }

    /// <summary>Tags <paramref name="activity"/> with a verification's entries read and status, failed when the chain does not verify.</summary>
    public static void Describe(Activity? activity, ChainVerificationReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        if (activity is null)
        {
            return;
        }

        activity.SetTag(ComplianceKitTagNames.Entries, report.EntriesRead);
        activity.SetTag(ComplianceKitTagNames.Status, report.Status.ToString());
        if (!report.IsValid)
        {
            activity.SetStatus(ActivityStatusCode.Error, report.Status.ToString());
        }
    }

    /// <summary>Records one append of <paramref name="entries"/> entries to <paramref name="chainId"/>: the entries counter and the batch-size histogram.</summary>
    public static void RecordAppend(string chainId, int entries)
    {
        var chain = ChainTag(chainId);
        EntriesAppended.Add(entries, chain);
        AppendBatchSize.Record(entries, chain);
    }

    /// <summary>The tag of a measurement about one chain.</summary>
    public static KeyValuePair<string, object?> ChainTag(string chainId) => new(ComplianceKitTagNames.Chain, chainId);

    private static IEnumerable<Measurement<int>> ObserveQueues()
    {
        foreach (var (chainId, depth) in Queues.Values)
        {
            yield return new Measurement<int>(depth(), ChainTag(chainId));
        }
    }

    private sealed class QueueRegistration : IDisposable
    {
        public void Dispose() => Queues.TryRemove(this, out _);
    }
}
