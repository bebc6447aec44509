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

    /// <summary>Where the benchmark process leaves the percentiles of one case (method and parameter values).</summary>
    public static string FilePath(string method, string parameters) =>
        Path.Combine(Path.GetTempPath(), $"compliancekit-bench-ack-{method}-{parameters}.txt");

    /// <summary>The parameter values of a case, as the benchmark process names them in <see cref="FilePath"/>.</summary>
    public static string CaseKey(string provider, bool lookupIndexes) => $"{provider}-{(lookupIndexes ? "indexed" : "lean")}";

    /// <summary>Writes the p50 and p99 of <paramref name="ticks"/> (Stopwatch ticks) for the host's columns.</summary>
    public static void Save(string method, string parameters, long[] ticks, int count)
    {
        if (count == 0)
        {
            return;
        }

        Array.Sort(ticks, 0, count);
        string Ms(double q) => (ticks[Math.Min(count - 1, (int)(q * count))] * 1000.0 / System.Diagnostics.Stopwatch.Frequency).ToString("0.00", CultureInfo.InvariantCulture);
        var line = $"p50={Ms(0.50)} p99={Ms(0.99)}";
        File.WriteAllText(FilePath(method, parameters), line);
        Console.WriteLine($"// ack latency {method} {parameters}: {line} ms over {count} acknowledgements");
    }

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, SummaryStyle.Default);

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
    {
        ArgumentNullException.ThrowIfNull(benchmarkCase);
        var provider = benchmarkCase.Parameters["Provider"]?.ToString() ?? "";
        var lookupIndexes = benchmarkCase.Parameters["LookupIndexes"] is true;
        var path = FilePath(benchmarkCase.Descriptor.WorkloadMethod.Name, CaseKey(provider, lookupIndexes));
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
