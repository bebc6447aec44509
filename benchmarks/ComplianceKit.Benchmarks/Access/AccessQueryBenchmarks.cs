using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using ComplianceKit.Access;
using ComplianceKit.EntityFrameworkCore;
using ComplianceKit.EntityFrameworkCore.Ledger;
using ComplianceKit.EntityFrameworkCore.Specifications;
using ComplianceKit.EntityFrameworkCore.Sqlite;
using ComplianceKit.Ledger;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using NodaTime;

namespace ComplianceKit.Benchmarks.Access;

/// <summary>
/// What dropping the subject and actor indexes costs the audit questions: the access specifications
/// on a SQLite access chain of 30 days (1,000,000 events: 20,000 records, 300 users, 1 % denied), with
/// the indexes (the baseline of each question) and with only the type index.
/// </summary>
[MemoryDiagnoser]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public class AccessQueryBenchmarks
{
    private const string Chain = "access";
    private static readonly Instant Start = Instant.FromUtc(2026, 3, 1, 0, 0);
    private static readonly Duration Days = Duration.FromDays(30);

    private DbContext _indexed = null!;
    private DbContext _typeIndexOnly = null!;
    private string _record = "";
    private Instant _dayStart;

    /// <summary>Access events in the chain.</summary>
    [ParamsSource(nameof(Sizes))]
    public int Events { get; set; }

    public static IEnumerable<int> Sizes => BenchmarkData.Smoke ? [1_000] : [1_000_000];

    [GlobalSetup]
    public async Task SetupAsync()
    {
        _indexed = new EntryIndexesContext(new DbContextOptionsBuilder<EntryIndexesContext>()
            .UseSqlite($"Data Source={await DatabaseAsync(true)}").UseComplianceKitDialect(SqliteLedgerDialect.Instance).Options);
        _typeIndexOnly = new TypeIndexOnlyContext(new DbContextOptionsBuilder<TypeIndexOnlyContext>()
            .UseSqlite($"Data Source={await DatabaseAsync(false)}").UseComplianceKitDialect(SqliteLedgerDialect.Instance).Options);
        _record = Pseudonymizer.Pseudonymize("patient/4242");
        _dayStart = Start.Plus(Duration.FromDays(12));
    }

    [GlobalCleanup]
    public async Task CleanupAsync()
    {
        await _indexed.DisposeAsync();
        await _typeIndexOnly.DisposeAsync();
    }

    [Benchmark(Baseline = true), BenchmarkCategory("record, 30 days")]
    public Task<int> RecordHistory30Days() => CountAsync(_indexed, new RecordAccessHistorySpec(Chain, _record, Start, Start.Plus(Days)));

    [Benchmark, BenchmarkCategory("record, 30 days")]
    public Task<int> RecordHistory30DaysTypeIndexOnly() => CountAsync(_typeIndexOnly, new RecordAccessHistorySpec(Chain, _record, Start, Start.Plus(Days)));

    [Benchmark(Baseline = true), BenchmarkCategory("record, 1 day")]
    public Task<int> RecordHistory1Day() => CountAsync(_indexed, new RecordAccessHistorySpec(Chain, _record, _dayStart, _dayStart.Plus(Duration.FromDays(1))));

    [Benchmark, BenchmarkCategory("record, 1 day")]
    public Task<int> RecordHistory1DayTypeIndexOnly() => CountAsync(_typeIndexOnly, new RecordAccessHistorySpec(Chain, _record, _dayStart, _dayStart.Plus(Duration.FromDays(1))));

    [Benchmark(Baseline = true), BenchmarkCategory("user, 1 day")]
    public Task<int> UserHistory1Day() => CountAsync(_indexed, new UserAccessHistorySpec(Chain, "staff:42", _dayStart, _dayStart.Plus(Duration.FromDays(1))));

    [Benchmark, BenchmarkCategory("user, 1 day")]
    public Task<int> UserHistory1DayTypeIndexOnly() => CountAsync(_typeIndexOnly, new UserAccessHistorySpec(Chain, "staff:42", _dayStart, _dayStart.Plus(Duration.FromDays(1))));

    [Benchmark(Baseline = true), BenchmarkCategory("denied, 30 days")]
    public Task<int> Denied30Days() => CountAsync(_indexed, new DeniedAccessSpec(Chain, Start, Start.Plus(Days)));

    [Benchmark, BenchmarkCategory("denied, 30 days")]
    public Task<int> Denied30DaysTypeIndexOnly() => CountAsync(_typeIndexOnly, new DeniedAccessSpec(Chain, Start, Start.Plus(Days)));

    private static RecordPseudonymizer Pseudonymizer { get; } = new(Enumerable.Range(0, 32).Select(i => (byte)i).ToArray());

    private static async Task<int> CountAsync(DbContext context, Ardalis.Specification.ISpecification<LedgerEntry> spec) =>
        (await context.Set<LedgerEntry>().AsNoTracking().ApplySpecification(spec).ToListAsync()).Count;

    /// <summary>A SQLite file with the access chain, with or without the lookup indexes; kept between runs in the temp folder.</summary>
    private async Task<string> DatabaseAsync(bool lookupIndexes)
    {
        var path = Path.Combine(Path.GetTempPath(), $"compliancekit-bench-access-{Events}-{(lookupIndexes ? "indexed" : "lean")}.db");
        DbContext Open() => lookupIndexes
            ? new EntryIndexesContext(new DbContextOptionsBuilder<EntryIndexesContext>().UseSqlite($"Data Source={path}").UseComplianceKitDialect(SqliteLedgerDialect.Instance).Options)
            : new TypeIndexOnlyContext(new DbContextOptionsBuilder<TypeIndexOnlyContext>().UseSqlite($"Data Source={path}").UseComplianceKitDialect(SqliteLedgerDialect.Instance).Options);

        await using (var existing = Open())
        {
            if (File.Exists(path) && await existing.Set<LedgerEntry>().AnyAsync(e => e.ChainId == Chain && e.Sequence == Events - 1))
            {
                return path;
            }
        }

        foreach (var suffix in new[] { "", "-wal", "-shm" })
        {
            File.Delete(path + suffix);
        }

        await using var context = Open();
        await ComplianceKitDatabase.EnsureCreatedAsync(context);
        var encoder = new AccessEventEncoder(Pseudonymizer);
        var random = new Random(7);
        var step = Days / Events;
        for (var start = 0; start < Events; start += 10_000)
        {
            var drafts = Enumerable.Range(start, Math.Min(10_000, Events - start)).Select(i => encoder.Encode(new AccessEvent
            {
                UserId = $"staff:{random.Next(300)}",
                Role = "nurse",
                RecordReference = $"patient/{random.Next(20_000)}",
                Action = AccessAction.View,
                PurposeOfUse = PurposeOfUse.Treatment,
                Outcome = random.Next(100) == 0 ? AccessOutcome.Denied : AccessOutcome.Allowed,
                OccurredAt = Start.Plus(step * i),
            }, Start)).ToArray();
            await AppendAsync(context, drafts);
        }

        return path;
    }

    private static Task<AppendReceipt> AppendAsync(DbContext context, EntryDraft[] drafts) => context switch
    {
        EntryIndexesContext indexed => new EntityFrameworkLedger<EntryIndexesContext>(indexed, BenchmarkData.Clock(),
            Options.Create(new ComplianceKitOptions())).AppendAsync(Chain, drafts),
        TypeIndexOnlyContext lean => new EntityFrameworkLedger<TypeIndexOnlyContext>(lean, BenchmarkData.Clock(),
            Options.Create(new ComplianceKitOptions())).AppendAsync(Chain, drafts),
        _ => throw new ArgumentException("unknown context", nameof(context)),
    };
}
