using ComplianceKit.EntityFrameworkCore;
using ComplianceKit.EntityFrameworkCore.Ledger;
using ComplianceKit.EntityFrameworkCore.Sqlite;
using ComplianceKit.Ledger;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using NodaTime;
using NodaTime.Testing;

namespace ComplianceKit.Benchmarks;

/// <summary>Sizes and databases shared by the benchmarks. COMPLIANCEKIT_BENCH_SMOKE=1 shrinks everything for CI's dry run.</summary>
internal static class BenchmarkData
{
    public static bool Smoke => Environment.GetEnvironmentVariable("COMPLIANCEKIT_BENCH_SMOKE") == "1";

    public static IEnumerable<int> ChainSizes => Smoke ? [1_000] : [100_000, 1_000_000];

    public static IEnumerable<int> ProofChainSizes => Smoke ? [1_000] : [1_000_000];

    public static FakeClock Clock() => new(Instant.FromUtc(2026, 1, 1, 0, 0), Duration.FromTicks(70));

    public static DbContextOptions<ComplianceKitDbContext> Sqlite(string path) =>
        new DbContextOptionsBuilder<ComplianceKitDbContext>().UseSqlite($"Data Source={path}").UseComplianceKitDialect(SqliteLedgerDialect.Instance).Options;

    public static EntityFrameworkLedger<ComplianceKitDbContext> Ledger(ComplianceKitDbContext context, IClock? clock = null) =>
        new(context, clock ?? Clock(), Options.Create(new ComplianceKitOptions()));

    public static EntryDraft Draft(int i) => EntryDraft.FromJson("phi.accessed", $"record:{i:x8}", $"staff:{i % 97}",
        $$"""{"action":"view","purpose":"treatment","outcome":"allowed","session":"s-{{i % 1000}}","client":"10.0.{{i % 250}}.7"}""");

    /// <summary>A SQLite file holding one chain of <paramref name="size"/> entries; kept between runs in the temp folder.</summary>
    public static async Task<string> ChainDatabaseAsync(int size)
    {
        var path = Path.Combine(Path.GetTempPath(), $"compliancekit-bench-{size}.db");
        if (File.Exists(path))
        {
            await using var existing = new ComplianceKitDbContext(Sqlite(path));
            var head = await Ledger(existing).GetTreeHeadAsync("bench").ConfigureAwait(false);
            if (head.Size == size)
            {
                return path;
            }
        }

        foreach (var suffix in new[] { "", "-wal", "-shm" })
        {
            File.Delete(path + suffix);
        }

        await using var context = new ComplianceKitDbContext(Sqlite(path));
        await ComplianceKitDatabase.EnsureCreatedAsync(context).ConfigureAwait(false);
        var ledger = Ledger(context);
        for (var start = 0; start < size; start += 10_000)
        {
            var count = Math.Min(10_000, size - start);
            await ledger.AppendAsync("bench", Enumerable.Range(start, count).Select(Draft).ToArray()).ConfigureAwait(false);
        }

        return path;
    }
}
