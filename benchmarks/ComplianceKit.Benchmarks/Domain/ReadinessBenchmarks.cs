using BenchmarkDotNet.Attributes;
using ComplianceKit.Administration;
using ComplianceKit.Baa;
using ComplianceKit.Controls;
using ComplianceKit.EntityFrameworkCore;
using ComplianceKit.EntityFrameworkCore.Ledger;
using ComplianceKit.EntityFrameworkCore.Projection;
using ComplianceKit.Evidence;
using ComplianceKit.Projection;
using ComplianceKit.Readiness;
using ComplianceKit.Training;
using Microsoft.EntityFrameworkCore;

namespace ComplianceKit.Benchmarks.Domain;

/// <summary>
/// Readiness of a whole programme (500 controls, 200 vendors, 5,000 workforce members at full size) on SQLite, against
/// plain EF Core queries that read every projected row readiness could need, untracked, in the same run.
/// </summary>
[MemoryDiagnoser]
public class ReadinessBenchmarks
{
    private string _path = "";
    private ComplianceKitDbContext _context = null!;
    private EntityFrameworkLedger<ComplianceKitDbContext> _ledger = null!;
    private ComplianceSnapshot _snapshot = null!;

    [GlobalSetup]
    public async Task SetupAsync()
    {
        _path = await DomainBenchmarkData.OrganizationDatabaseAsync();
        _context = new ComplianceKitDbContext(BenchmarkData.Sqlite(_path));
        _ledger = BenchmarkData.Ledger(_context);
        _snapshot = await VerifiedProjection.BuildAsync(_ledger, DomainBenchmarkData.Chain);
        var report = await ReadinessFromStore();
        if (report.Blockers.Count == 0 || report.Controls.Statuses.Count != DomainBenchmarkData.OrganizationSize.Controls)
        {
            throw new InvalidOperationException("The benchmark organisation should have every status and blockers.");
        }
    }

    [GlobalCleanup]
    public void Cleanup() => _context.Dispose();

    [Benchmark(Baseline = true, Description = "plain EF queries: every projected row, untracked")]
    public async Task<int> PlainEfQueries()
    {
        const string chain = DomainBenchmarkData.Chain;
        var rows = (await _context.Set<ControlRecord>().AsNoTracking().Where(c => c.ChainId == chain).ToListAsync()).Count;
        rows += (await _context.Set<ControlEvidenceRequirementRecord>().AsNoTracking().Where(c => c.ChainId == chain).ToListAsync()).Count;
        rows += (await _context.Set<EvidenceRecord>().AsNoTracking().Where(c => c.ChainId == chain).ToListAsync()).Count;
        rows += (await _context.Set<VendorRecord>().AsNoTracking().Where(c => c.ChainId == chain).ToListAsync()).Count;
        rows += (await _context.Set<BaaRecord>().AsNoTracking().Where(c => c.ChainId == chain).ToListAsync()).Count;
        rows += (await _context.Set<WorkforceMemberRecord>().AsNoTracking().Where(c => c.ChainId == chain).ToListAsync()).Count;
        rows += (await _context.Set<TrainingRecord>().AsNoTracking().Where(c => c.ChainId == chain).ToListAsync()).Count;
        return rows;
    }

    // Whole-programme readiness reads no gate, so no administrative entry is judged: the mode does not change the work.
    private static readonly AdministrationTrust WholeProgramme = AdministrationTrust.UnsignedAllowed();

    [Benchmark(Description = "ReadinessEvaluator over the ck_ tables (specifications in SQL)")]
    public Task<ReadinessReport> ReadinessFromStore() =>
        new ReadinessEvaluator(_ledger, new EntityFrameworkComplianceQueries<ComplianceKitDbContext>(_context), WholeProgramme)
            .EvaluateAsync(DomainBenchmarkData.Chain, null, DomainBenchmarkData.At);

    [Benchmark(Description = "ReadinessEvaluator over an in-memory snapshot")]
    public Task<ReadinessReport> ReadinessFromSnapshot() =>
        new ReadinessEvaluator(_ledger, _snapshot, WholeProgramme).EvaluateAsync(DomainBenchmarkData.Chain, null, DomainBenchmarkData.At);
}
