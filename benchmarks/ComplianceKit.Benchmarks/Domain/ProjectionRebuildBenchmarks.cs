using BenchmarkDotNet.Attributes;
using ComplianceKit.EntityFrameworkCore;
using ComplianceKit.EntityFrameworkCore.Projection;
using ComplianceKit.Projection;

namespace ComplianceKit.Benchmarks.Domain;

/// <summary>
/// Rebuilding the compliance projection of a chain of domain entries (a million at full size) on SQLite, against
/// streaming the same entries without projecting them, in the same run; the verification pass and the in-memory
/// projection are measured on their own to show where the time goes, and the two-pass rebuild (verify, then read again)
/// beside the one-pass one.
/// </summary>
[MemoryDiagnoser]
public class ProjectionRebuildBenchmarks
{
    private string _path = "";

    /// <summary>Entries in the chain.</summary>
    [ParamsSource(nameof(Sizes))]
    public int Entries { get; set; }

    public static IEnumerable<int> Sizes => DomainBenchmarkData.ProjectionSizes;

    [GlobalSetup]
    public async Task SetupAsync() => _path = await DomainBenchmarkData.ProjectionDatabaseAsync(Entries);

    [Benchmark(Baseline = true, Description = "stream the entries (no verification, no projection)")]
    public async Task<long> StreamEntries()
    {
        await using var context = new ComplianceKitDbContext(BenchmarkData.Sqlite(_path));
        long count = 0;
        await foreach (var entry in BenchmarkData.Ledger(context).ReadAsync(DomainBenchmarkData.Chain))
        {
            count += entry.Payload!.Length > 0 ? 1 : 0;
        }

        return count == Entries ? count : throw new InvalidOperationException($"{count} entries, expected {Entries}.");
    }

    [Benchmark(Description = "VerifyAsync (the verification alone)")]
    public async Task<bool> Verify()
    {
        await using var context = new ComplianceKitDbContext(BenchmarkData.Sqlite(_path));
        return (await BenchmarkData.Ledger(context).VerifyAsync(DomainBenchmarkData.Chain)).IsValid;
    }

    [Benchmark(Description = "VerifiedProjection.BuildAsync (verify + project in memory)")]
    public async Task<int> BuildSnapshot()
    {
        await using var context = new ComplianceKitDbContext(BenchmarkData.Sqlite(_path));
        var snapshot = await VerifiedProjection.BuildAsync(BenchmarkData.Ledger(context), DomainBenchmarkData.Chain);
        return snapshot.Evidence.Count;
    }

    [Benchmark(Description = "ComplianceProjection.RebuildAsync (verify + project + replace the ck_ rows)")]
    public async Task<long> Rebuild()
    {
        await using var context = new ComplianceKitDbContext(BenchmarkData.Sqlite(_path));
        var ledger = BenchmarkData.Ledger(context);
        var report = await new ComplianceProjection<ComplianceKitDbContext>(context, ledger, BenchmarkData.Clock()).RebuildAsync(DomainBenchmarkData.Chain);
        return report.Issues.Count == 0 ? report.EntriesRead : throw new InvalidOperationException(string.Join("; ", report.Issues.Take(3)));
    }

    /// <summary>
    /// The same rebuild with the ledger on a second context: the projection then verifies through the ledger and reads the
    /// chain again to project it (two passes, the only path before the rebuild shared the verification's read).
    /// </summary>
    [Benchmark(Description = "RebuildAsync, ledger on another context (two passes: verify, then read again)")]
    public async Task<long> RebuildTwoPasses()
    {
        await using var context = new ComplianceKitDbContext(BenchmarkData.Sqlite(_path));
        await using var ledgerContext = new ComplianceKitDbContext(BenchmarkData.Sqlite(_path));
        var report = await new ComplianceProjection<ComplianceKitDbContext>(context, BenchmarkData.Ledger(ledgerContext), BenchmarkData.Clock()).RebuildAsync(DomainBenchmarkData.Chain);
        return report.Issues.Count == 0 ? report.EntriesRead : throw new InvalidOperationException(string.Join("; ", report.Issues.Take(3)));
    }
}
