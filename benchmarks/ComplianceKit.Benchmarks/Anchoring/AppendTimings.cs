using System.Collections.Concurrent;
using System.Diagnostics;
using ComplianceKit.Telemetry;

namespace ComplianceKit.Benchmarks.Anchoring;

/// <summary>
/// Listens to ComplianceKit's spans and tells, per iteration, how long the group commit's transactions took and what the
/// publisher did meanwhile: the evidence of where publishing costs the callers (a commit that waited for SQLite's write
/// lock shows as one far slower than the rest). Appends inside a checkpoint span are the publisher's; the others are the
/// group commit's. Listens only to span ends, so both cases pay the same small cost.
/// </summary>
internal sealed class AppendTimings : IDisposable
{
    private readonly ActivityListener _listener;
    private readonly ConcurrentQueue<double> _commits = new();
    private readonly ConcurrentQueue<double> _publisherAppends = new();
    private readonly ConcurrentQueue<double> _checkpointRuns = new();
    private readonly ConcurrentQueue<double> _recordingRuns = new();

    public AppendTimings()
    {
        _listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == ComplianceKitDiagnostics.Name,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllData,
            ActivityStopped = Record,
        };
        ActivitySource.AddActivityListener(_listener);
    }

    /// <summary>One line: group commits (count, median, slowest, how many took 100 ms or more), the publisher's appends and runs; then starts afresh.</summary>
    public string TakeSummary()
    {
        var commits = Drain(_commits);
        var appends = Drain(_publisherAppends);
        var runs = Drain(_checkpointRuns);
        var recording = Drain(_recordingRuns);
        return $"group commits: {commits.Count}, median {Median(commits):F1} ms, slowest {Max(commits):F0} ms, >= 100 ms: {commits.Count(c => c >= 100)}; " +
            $"publisher appends: {appends.Count}, slowest {Max(appends):F0} ms; publisher runs: {runs.Count}, median {Median(runs):F1} ms, slowest {Max(runs):F0} ms, " +
            $"all {runs.Sum():F0} ms; of them recording a checkpoint: {recording.Count}, median {Median(recording):F1} ms, all {recording.Sum():F0} ms";
    }

    public void Dispose() => _listener.Dispose();

    private void Record(Activity activity)
    {
        var milliseconds = activity.Duration.TotalMilliseconds;
        if (activity.OperationName == ComplianceKitActivityNames.Checkpoint)
        {
            _checkpointRuns.Enqueue(milliseconds);
            if (activity.GetTagItem(ComplianceKitTagNames.Status) as string == "Recorded")
            {
                _recordingRuns.Enqueue(milliseconds);
            }
        }
        else if (activity.OperationName == ComplianceKitActivityNames.Append)
        {
            (activity.Parent?.OperationName == ComplianceKitActivityNames.Checkpoint ? _publisherAppends : _commits).Enqueue(milliseconds);
        }
    }

    private static List<double> Drain(ConcurrentQueue<double> queue)
    {
        var all = new List<double>();
        while (queue.TryDequeue(out var value))
        {
            all.Add(value);
        }

        all.Sort();
        return all;
    }

    private static double Median(List<double> sorted) => sorted.Count == 0 ? 0 : sorted[sorted.Count / 2];

    private static double Max(List<double> sorted) => sorted.Count == 0 ? 0 : sorted[^1];
}
