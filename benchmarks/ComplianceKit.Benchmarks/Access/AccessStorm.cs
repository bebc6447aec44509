using System.Diagnostics;
using System.Diagnostics.Metrics;
using ComplianceKit.Telemetry;

namespace ComplianceKit.Benchmarks.Access;

/// <summary>
/// A diagnostic for profiling the group-commit writer with the access side index on, not a measurement for README:
/// <see cref="AccessTrailBenchmarks"/>' SideIndex setup (the 1,000,000-event trail, the host with telemetry and the checkpoint
/// publisher), then storms of 64 callers x 1,000 events with no lookups. Each storm prints events a second, the process's
/// CPU time per event (against wall time per event: what is left is waiting, for the disk or for a core), the writer's batch
/// sizes and the side index's lag. <c>dotnet run -c Release -- access-storm sqlite|postgres [storms]</c>; to profile, run it
/// with <c>DOTNET_PerfMapEnabled=1</c> and attach <c>perf record -p</c> once it prints "storms start".
/// </summary>
internal static class AccessStorm
{
    private const int Events = 64_000;

    public static async Task<int> RunAsync(string provider, int storms)
    {
        var bench = new AccessTrailBenchmarks { Provider = provider };
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
        try
        {
            Console.WriteLine($"// pid {Environment.ProcessId}: storms start");
            for (var storm = 0; storm < storms; storm++)
            {
                lock (batches)
                {
                    batches.Clear();
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

                Console.WriteLine($"// storm {storm}: {Events / wall.TotalSeconds:N0} events/s; per event {wall.TotalMicroseconds / Events:F1} µs wall, " +
                    $"{cpu.TotalMicroseconds / Events:F1} µs CPU (process); {sizes.Length} batches, size p50 {Percentile(sizes, 0.5)} p90 {Percentile(sizes, 0.9)} " +
                    $"max {Percentile(sizes, 1)}; load {File.ReadAllText("/proc/loadavg").Split(' ')[0]}");
                bench.ShowIndexLag();
            }
        }
        finally
        {
            await bench.CleanupAsync();
        }

        return 0;
    }

    private static int Percentile(int[] sorted, double p) => sorted.Length == 0 ? 0 : sorted[Math.Min(sorted.Length - 1, (int)(p * sorted.Length))];
}
