using System.Diagnostics;
using System.Diagnostics.Metrics;
using ComplianceKit.Telemetry;

namespace ComplianceKit.Benchmarks.Access;

/// <summary>
/// A diagnostic for profiling the group-commit writer with the access side index on, not a measurement for README:
/// <see cref="AccessTrailBenchmarks"/>' SideIndex setup (the 1,000,000-event trail, the host with telemetry and the checkpoint
/// publisher), then storms of 64 callers x 1,000 events with no lookups. Each storm prints events a second, the process's
/// CPU time per event (against wall time per event: what is left is waiting, for the disk or for a core), the writer's batch
/// sizes, the time its batch transactions and the side index's upkeep steps took (the writer's busy time: its callers wait while
/// it runs either), and the side index's lag. <c>dotnet run -c Release -- access-storm sqlite|postgres [storms] [--no-index]
/// [--no-publisher]</c>: the two flags turn the side index and the checkpoint publisher off, for the writer's ceiling without
/// them. To profile, run it
/// with <c>DOTNET_PerfMapEnabled=1</c> and attach <c>perf record -p</c> once it prints "storms start".
/// </summary>
internal static class AccessStorm
{
    private const int Events = 64_000;

    public static async Task<int> RunAsync(string provider, int storms, bool writesIndex, bool publishes)
    {
        var bench = new AccessTrailBenchmarks { Provider = provider, WritesIndex = writesIndex, Publishes = publishes };
        Console.WriteLine($"// side index {(writesIndex ? "on" : "off")}, checkpoint publisher {(publishes ? "on" : "off")}");
        await bench.SetupSideIndexAsync();
        var batches = new List<int>();
        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Name == "ComplianceKit" && instrument.Name == ComplianceKitMetricNames.AppendBatchSize)
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<int>((_, size, _, _) =>
        {
            lock (batches)
            {
                batches.Add(size);
            }
        });
        listener.Start();
        var appends = new List<TimeSpan>();
        var upkeep = new List<TimeSpan>();
        using var activities = new ActivityListener
        {
            ShouldListenTo = source => source.Name == "ComplianceKit",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllData,
            ActivityStopped = activity =>
            {
                var list = activity.OperationName switch
                {
                    ComplianceKitActivityNames.Append => appends,
                    ComplianceKitActivityNames.AccessIndex => upkeep,
                    _ => null,
                };
                if (list is not null)
                {
                    lock (list)
                    {
                        list.Add(activity.Duration);
                    }
                }
            },
        };
        ActivitySource.AddActivityListener(activities);
        try
        {
            Console.WriteLine($"// pid {Environment.ProcessId}: storms start");
            for (var storm = 0; storm < storms; storm++)
            {
                lock (batches)
                {
                    batches.Clear();
                }

                lock (appends)
                {
                    appends.Clear();
                }

                lock (upkeep)
                {
                    upkeep.Clear();
                }

                var cpu = Process.GetCurrentProcess().TotalProcessorTime;
                var started = Stopwatch.GetTimestamp();
                await bench.RecordWhileAsync(_ => Task.CompletedTask);
                var wall = Stopwatch.GetElapsedTime(started);
                cpu = Process.GetCurrentProcess().TotalProcessorTime - cpu;
                int[] sizes;
                lock (batches)
                {
                    sizes = [.. batches.Order()];
                }

                double[] appendMs;
                lock (appends)
                {
                    appendMs = [.. appends.Select(a => a.TotalMilliseconds).Order()];
                }

                Console.WriteLine($"// storm {storm}: {Events / wall.TotalSeconds:N0} events/s; per event {wall.TotalMicroseconds / Events:F1} µs wall, " +
                    $"{cpu.TotalMicroseconds / Events:F1} µs CPU (process); {sizes.Length} batches, size p50 {Percentile(sizes, 0.5)} p90 {Percentile(sizes, 0.9)} " +
                    $"max {Percentile(sizes, 1)}; load {File.ReadAllText("/proc/loadavg").Split(' ')[0]}");
                // The writer's batch transactions (lock, head, rows, commit with its fsync) against the storm's wall time: the rest
                // of the writer's time goes to the side index's steps, to filling batches and to waiting for a core.
                Console.WriteLine($"//   appends: {appendMs.Length}, {appendMs.Sum():N0} ms of {wall.TotalMilliseconds:N0} ms wall, " +
                    $"per append p50 {Percentile(appendMs, 0.5):F2} p90 {Percentile(appendMs, 0.9):F2} p99 {Percentile(appendMs, 0.99):F2} ms");
                lock (upkeep)
                {
                    Console.WriteLine($"//   index upkeep: {upkeep.Count} steps, {upkeep.Sum(u => u.TotalMilliseconds):N0} ms");
                }

                bench.ShowIndexLag();
            }
        }
        finally
        {
            await bench.CleanupAsync();
        }

        return 0;
    }

    private static T Percentile<T>(T[] sorted, double p)
        where T : struct => sorted.Length == 0 ? default : sorted[Math.Min(sorted.Length - 1, (int)(p * sorted.Length))];
}
