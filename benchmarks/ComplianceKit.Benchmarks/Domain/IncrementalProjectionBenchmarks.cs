using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using ComplianceKit.Controls;
using ComplianceKit.EntityFrameworkCore;
using ComplianceKit.Ledger;
using ComplianceKit.Projection;
using Microsoft.Data.Sqlite;

namespace ComplianceKit.Benchmarks.Domain;

/// <summary>
/// The incremental projection (issue 21) on a SQLite chain of domain entries, each against its baseline in the same run:
/// a full rebuild (a fresh <see cref="IncrementalComplianceProjection"/>: verify and project in one pass) and the old
/// two-pass <see cref="VerifiedProjection"/> against streaming the whole chain; an update after 1,000 new entries against
/// streaming those 1,000 entries (control definitions, which change rows, or access events, which change none). The
/// update verifies and applies only the new entries, and completing the snapshot publishes only the rows they changed.
/// </summary>
[MemoryDiagnoser]
[InvocationCount(1)]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public class IncrementalProjectionBenchmarks
{
    private const int NewEntries = 1_000;
    private string _path = "";
    private IncrementalComplianceProjection _held = null!;
    private int _appended;

    /// <summary>Entries in the chain before the benchmark appends any.</summary>
    [ParamsSource(nameof(Sizes))]
    public int Entries { get; set; }

    public static IEnumerable<int> Sizes => BenchmarkData.Smoke ? [2_000] : [100_000];

    [GlobalSetup]
    public async Task SetupAsync()
    {
        // A copy: the update benchmark appends to the chain.
        var source = await DomainBenchmarkData.ProjectionDatabaseAsync(Entries);
        _path = Path.Combine(Path.GetTempPath(), $"compliancekit-incremental-{Guid.NewGuid():N}.db");
        File.Copy(source, _path);
        _held = new IncrementalComplianceProjection(DomainBenchmarkData.Chain);
        await using var context = new ComplianceKitDbContext(BenchmarkData.Sqlite(_path));
        await _held.UpdateAsync(BenchmarkData.Ledger(context));
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _held.Dispose();
        SqliteConnection.ClearAllPools();
        foreach (var suffix in new[] { "", "-wal", "-shm" })
        {
            File.Delete(_path + suffix);
        }
    }

    [IterationSetup(Target = nameof(UpdateAfterNewEntries))]
    public void AppendNewEntries()
    {
        using var context = new ComplianceKitDbContext(BenchmarkData.Sqlite(_path));
        var drafts = Enumerable.Range(_appended, NewEntries)
            .Select(i => new ControlDefinition { Id = $"bench-{i}", Title = $"Benchmark control {i}" }.ToDraft("bench"))
            .ToArray();
        _appended += NewEntries;
        BenchmarkData.Ledger(context).AppendAsync(DomainBenchmarkData.Chain, drafts).GetAwaiter().GetResult();
    }

    [IterationSetup(Target = nameof(UpdateAfterNewAccessEvents))]
    public void AppendNewAccessEvents()
    {
        using var context = new ComplianceKitDbContext(BenchmarkData.Sqlite(_path));
        var drafts = Enumerable.Range(_appended, NewEntries).Select(BenchmarkData.Draft).ToArray();
        _appended += NewEntries;
        BenchmarkData.Ledger(context).AppendAsync(DomainBenchmarkData.Chain, drafts).GetAwaiter().GetResult();
    }

    [BenchmarkCategory("rebuild"), Benchmark(Baseline = true, Description = "stream every entry (no verification, no projection)")]
    public Task<long> StreamAll() => StreamAsync(0);

    [BenchmarkCategory("rebuild"), Benchmark(Description = "full rebuild: new IncrementalComplianceProjection().UpdateAsync")]
    public async Task<long> FullRebuild()
    {
        await using var context = new ComplianceKitDbContext(BenchmarkData.Sqlite(_path));
        using var fresh = new IncrementalComplianceProjection(DomainBenchmarkData.Chain);
        return (await fresh.UpdateAsync(BenchmarkData.Ledger(context))).LedgerSize;
    }

    [BenchmarkCategory("rebuild"), Benchmark(Description = "VerifiedProjection.BuildAsync (verify pass, then project pass)")]
    public async Task<long> TwoPassBuild()
    {
        await using var context = new ComplianceKitDbContext(BenchmarkData.Sqlite(_path));
        return (await VerifiedProjection.BuildAsync(BenchmarkData.Ledger(context), DomainBenchmarkData.Chain)).LedgerSize;
    }

    [BenchmarkCategory("update"), Benchmark(Baseline = true, Description = "stream the 1,000 newest entries")]
    public async Task<long> StreamNewest()
    {
        await using var context = new ComplianceKitDbContext(BenchmarkData.Sqlite(_path));
        var size = (await BenchmarkData.Ledger(context).GetTreeHeadAsync(DomainBenchmarkData.Chain)).Size;
        return await StreamAsync(size - NewEntries);
    }

    [BenchmarkCategory("update"), Benchmark(Description = "UpdateAsync after 1,000 new entries (verify + apply only them)")]
    public async Task<long> UpdateAfterNewEntries()
    {
        await using var context = new ComplianceKitDbContext(BenchmarkData.Sqlite(_path));
        var snapshot = await _held.UpdateAsync(BenchmarkData.Ledger(context));
        return _held.LastUpdateRebuilt ? throw new InvalidOperationException("The update rebuilt instead of extending.") : snapshot.LedgerSize;
    }

    [BenchmarkCategory("update"), Benchmark(Description = "UpdateAsync after 1,000 new access events (no domain row changes)")]
    public async Task<long> UpdateAfterNewAccessEvents()
    {
        await using var context = new ComplianceKitDbContext(BenchmarkData.Sqlite(_path));
        var snapshot = await _held.UpdateAsync(BenchmarkData.Ledger(context));
        return _held.LastUpdateRebuilt ? throw new InvalidOperationException("The update rebuilt instead of extending.") : snapshot.LedgerSize;
    }

    private async Task<long> StreamAsync(long from)
    {
        await using var context = new ComplianceKitDbContext(BenchmarkData.Sqlite(_path));
        long count = 0;
        await foreach (var entry in BenchmarkData.Ledger(context).ReadAsync(DomainBenchmarkData.Chain, from))
        {
            count += entry.Payload!.Length > 0 ? 1 : 0;
        }

        return count;
    }
}
