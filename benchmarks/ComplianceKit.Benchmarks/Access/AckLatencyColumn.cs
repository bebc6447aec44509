using System.Globalization;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace ComplianceKit.Benchmarks.Access;

/// <summary>
/// A column showing a percentile of acknowledgement latency, which the benchmark process measures per
/// caller and leaves in a file (BenchmarkDotNet runs benchmarks in a separate process).
/// </summary>
public sealed class AckLatencyColumn(string percentile) : IColumn
{
    public string Id => $"AckLatency{percentile}";

    public string ColumnName => $"Ack {percentile}";

    public bool AlwaysShow => true;

    public ColumnCategory Category => ColumnCategory.Custom;

    public int PriorityInCategory => percentile == "p50" ? 0 : 1;

    public bool IsNumeric => true;

    public UnitType UnitType => UnitType.Dimensionless;

    public string Legend => $"{percentile} of the time from a caller's RecordAsync to its acknowledgement (durable), last workload iteration";

    public static string FilePath(string method, string provider) =>
        Path.Combine(Path.GetTempPath(), $"compliancekit-bench-ack-{method}-{provider}.txt");

    /// <summary>Writes the p50 and p99 of <paramref name="ticks"/> (Stopwatch ticks) for the host's columns.</summary>
    public static void Save(string method, string provider, long[] ticks, int count)
    {
        if (count == 0)
        {
            return;
        }

        Array.Sort(ticks, 0, count);
        string Ms(double q) => (ticks[Math.Min(count - 1, (int)(q * count))] * 1000.0 / System.Diagnostics.Stopwatch.Frequency).ToString("0.00", CultureInfo.InvariantCulture);
        var line = $"p50={Ms(0.50)} p99={Ms(0.99)}";
        File.WriteAllText(FilePath(method, provider), line);
        Console.WriteLine($"// ack latency {method} {provider}: {line} ms over {count} acknowledgements");
    }

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, SummaryStyle.Default);

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
    {
        ArgumentNullException.ThrowIfNull(benchmarkCase);
        var provider = benchmarkCase.Parameters["Provider"]?.ToString() ?? "";
        var path = FilePath(benchmarkCase.Descriptor.WorkloadMethod.Name, provider);
        if (!File.Exists(path))
        {
            return "-";
        }

        var part = File.ReadAllText(path).Split(' ').FirstOrDefault(p => p.StartsWith(percentile + "=", StringComparison.Ordinal));
        return part is null ? "-" : part[(percentile.Length + 1)..] + " ms";
    }

    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;

    public bool IsAvailable(Summary summary) => true;
}
