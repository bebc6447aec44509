using BenchmarkDotNet.Attributes;
using ComplianceKit.EntityFrameworkCore;
using ComplianceKit.EntityFrameworkCore.Ledger;
using ComplianceKit.Ledger;
using Microsoft.Data.Sqlite;

namespace ComplianceKit.Benchmarks.Ledger;

/// <summary>
/// The cost of the chain: appending N entries (one transaction) against plain EF Core inserts of
/// the same rows into the same table in one SaveChanges, on one SQLite file.
/// </summary>
[MemoryDiagnoser]
public class AppendBenchmarks
{
    private string _path = "";
    private ComplianceKitDbContext _plainContext = null!;
    private ComplianceKitDbContext _chainContext = null!;
    private EntityFrameworkLedger<ComplianceKitDbContext> _ledger = null!;
    private EntryDraft[] _drafts = [];
    private LedgerEntry[] _template = [];
    private long _plainSequence;

    /// <summary>Entries per append.</summary>
    [Params(1, 1000)]
    public int BatchSize { get; set; }

    [GlobalSetup]
    public async Task SetupAsync()
    {
        _path = Path.Combine(Path.GetTempPath(), $"compliancekit-append-{Guid.NewGuid():N}.db");
        _plainContext = new ComplianceKitDbContext(BenchmarkData.Sqlite(_path));
        await ComplianceKitDatabase.EnsureCreatedAsync(_plainContext);
        _chainContext = new ComplianceKitDbContext(BenchmarkData.Sqlite(_path));
        _ledger = BenchmarkData.Ledger(_chainContext);
        _drafts = Enumerable.Range(0, BatchSize).Select(BenchmarkData.Draft).ToArray();

        // Rows as the chain would write them, so both sides insert the same bytes.
        _template = [.. (await _ledger.AppendAsync("template", _drafts)).Entries];
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _plainContext.Dispose();
        _chainContext.Dispose();
        SqliteConnection.ClearAllPools();
        foreach (var suffix in new[] { "", "-wal", "-shm" })
        {
            File.Delete(_path + suffix);
        }
    }

    [Benchmark(Baseline = true, Description = "plain EF Core insert (no chain)")]
    public async Task PlainEfCoreInsert()
    {
        foreach (var row in _template)
        {
            _plainContext.Add(new LedgerEntry
            {
                ChainId = "plain", Sequence = _plainSequence++, EntryType = row.EntryType, Subject = row.Subject, Actor = row.Actor,
                OccurredAt = row.OccurredAt, RecordedAt = row.RecordedAt, Payload = row.Payload, PayloadSalt = row.PayloadSalt,
                PayloadDigest = row.PayloadDigest, PreviousHash = row.PreviousHash, EntryHash = row.EntryHash,
            });
        }

        await _plainContext.SaveChangesAsync();
        _plainContext.ChangeTracker.Clear();
    }

    [Benchmark(Description = "chain append (canonicalize, hash, link, Merkle)")]
    public Task ChainAppend() => _ledger.AppendAsync("chain", _drafts);
}
