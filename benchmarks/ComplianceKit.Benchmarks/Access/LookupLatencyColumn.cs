using System.Globalization;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace ComplianceKit.Benchmarks.Access;

/// <summary>
/// A column showing the p99 of one lookup ("record, 30 days" or "user, 1 day") that ran beside the writes of a case,
/// which the benchmark process measures and leaves in a file (BenchmarkDotNet runs each case in its own process).
/// </summary>
public sealed class LookupLatencyColumn(string lookup) : IColumn
{
    public string Id => $"LookupP99{lookup}";

    public string ColumnName => $"{lookup} p99";

    public bool AlwaysShow => true;

    public ColumnCategory Category => ColumnCategory.Custom;

    public int PriorityInCategory => 2;

    public bool IsNumeric => true;

    public UnitType UnitType => UnitType.Dimensionless;

    public string Legend => $"p99 of the '{lookup}' lookup over the 1,000,000-event trail while the 64 callers wrote (count in the process log)";

    public static string FilePath(string method, string provider, string lookup) =>
        Path.Combine(Path.GetTempPath(), $"compliancekit-bench-lookup-{method}-{provider}-{lookup.Replace(' ', '-').Replace(",", "", StringComparison.Ordinal)}.txt");

    /// <summary>Writes the p99 of <paramref name="ticks"/> (Stopwatch ticks) for the host's column.</summary>
    public static void Save(string method, string provider, string lookup, List<long> ticks)
    {
        if (ticks.Count == 0)
        {
            return;
        }

        ticks.Sort();
        string Ms(double q) => (ticks[Math.Min(ticks.Count - 1, (int)(q * ticks.Count))] * 1000.0 / System.Diagnostics.Stopwatch.Frequency).ToString("0.00", CultureInfo.InvariantCulture);
        File.WriteAllText(FilePath(method, provider, lookup), Ms(0.99));
        Console.WriteLine($"// lookup {method} {provider} {lookup}: p50={Ms(0.50)} p99={Ms(0.99)} max={Ms(1.0)} ms over {ticks.Count} lookups");
    }

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, SummaryStyle.Default);

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
    {
        ArgumentNullException.ThrowIfNull(benchmarkCase);
        var path = FilePath(benchmarkCase.Descriptor.WorkloadMethod.Name, benchmarkCase.Parameters["Provider"]?.ToString() ?? "", lookup);
        return File.Exists(path) ? File.ReadAllText(path) + " ms" : "-";
    }

    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;

    public bool IsAvailable(Summary summary) => true;
}
