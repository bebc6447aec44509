using System.Diagnostics;
using BenchmarkDotNet.Attributes;
using ComplianceKit.Access;
using ComplianceKit.Anchoring;
using ComplianceKit.Benchmarks.Access;
using ComplianceKit.Benchmarks.Anchoring.Phases;
using ComplianceKit.EntityFrameworkCore;
using ComplianceKit.Ledger;
using ComplianceKit.Signing;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using NodaTime;
using Npgsql;

namespace ComplianceKit.Benchmarks.Anchoring;

/// <summary>
/// Issue 18's bar: 64 callers recording access events through group commit (each waiting for its own acknowledgement), with the
/// hosted checkpoint publisher off (baseline) and on, in the same run and job. On: the host's <c>AddCheckpointPublishing</c> checkpoints
/// the access chain every 1,000 entries, writes each checkpoint to a directory sink and has a witness in the process co-sign it, all
/// while the callers append; once with the library's defaults (it looks once a second: about a checkpoint a second here) and once
/// looking every 50 ms (ten or more a second: <see cref="PublishingPace"/>). The cases run in a generic host built the same way; the
/// ratio says what publishing costs the callers. Mean is per entry. PostgreSQL runs when COMPLIANCEKIT_TEST_POSTGRES is set.
/// After each iteration the checkpoints recorded so far are printed, to show the publisher was really working, and the group
/// commits' timings (<see cref="AppendTimings"/>): a commit that waited for the database's write lock stands out there.
/// README, "Store performance", gives the command and the figures.
/// </summary>
public class PublishingGroupCommitBenchmarks
{
    private const int Callers = 64;
    private const string Chain = "access";
    private const int EventsPerCaller = 1000; // 64,000 entries: 64 checkpoints per iteration when publishing

    private readonly List<IDisposable> _disposables = [];
    private string _folder = "";
    private string _sqlitePath = "";
    private string? _postgresDatabase;
    private IHost _host = null!;
    private IAccessAuditLog _log = null!;
    private AccessEvent[][] _events = [];
    private AppendTimings? _timings;
    private TimeSpan _cpuMark;
    private long _wallMark;

    /// <summary>The database.</summary>
    [ParamsSource(nameof(Providers))]
    public string Provider { get; set; } = "sqlite";

    public static IEnumerable<string> Providers =>
        Environment.GetEnvironmentVariable("COMPLIANCEKIT_TEST_POSTGRES") is { Length: > 0 } ? ["sqlite", "postgres"] : ["sqlite"];

    [GlobalSetup(Target = nameof(PublisherOff))]
    public Task SetupWithoutPublisherAsync() => SetupAsync(pace: null);

    [GlobalSetup(Target = nameof(PublisherOnDefaults))]
    public Task SetupWithDefaultPublisherAsync() => SetupAsync(PublishingPace.Defaults);

    [GlobalSetup(Target = nameof(PublisherOn))]
    public Task SetupWithPublisherAsync() => SetupAsync(PublishingPace.Every50Milliseconds);

    [Benchmark(Baseline = true, OperationsPerInvoke = Callers * EventsPerCaller, Description = "64 callers, publisher off")]
    public Task PublisherOff() => RecordAllAsync();

    [Benchmark(OperationsPerInvoke = Callers * EventsPerCaller, Description = "64 callers, publisher on, defaults (every 1,000 entries, looked for every second)")]
    public Task PublisherOnDefaults() => RecordAllAsync();

    [Benchmark(OperationsPerInvoke = Callers * EventsPerCaller, Description = "64 callers, publisher on (every 1,000 entries, looked for every 50 ms, sink + witness)")]
    public Task PublisherOn() => RecordAllAsync();

    [IterationCleanup]
    public void ShowCheckpoints()
    {
        var published = Directory.Exists(Path.Combine(_folder, "sink")) ? DirectoryCheckpointSink.ReadAll(Path.Combine(_folder, "sink")) : [];
        Console.WriteLine($"// checkpoints in the sink: {published.Count}, newest at size {(published.Count == 0 ? 0 : published[^1].Checkpoint.Checkpoint.TreeSize)}, " +
            $"co-signed: {published.Count(p => p.Cosignatures.Count > 0)}");
        Console.WriteLine($"// {_timings?.TakeSummary()}");
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        Console.WriteLine($"// process CPU since the last iteration: {(cpu - _cpuMark).TotalMilliseconds:F0} ms, wall {Stopwatch.GetElapsedTime(_wallMark).TotalMilliseconds:F0} ms");
        (_cpuMark, _wallMark) = (cpu, Stopwatch.GetTimestamp());
        Console.WriteLine(PhaseTimings.TakeSummary());
    }

    [GlobalCleanup]
    public async Task CleanupAsync()
    {
        await _host.StopAsync();
        _host.Dispose();
        _timings?.Dispose();
        _disposables.ForEach(d => d.Dispose());
        if (Provider == "sqlite")
        {
            SqliteConnection.ClearAllPools();
        }
        else
        {
            NpgsqlConnection.ClearAllPools();
            await using var admin = new NpgsqlConnection(Environment.GetEnvironmentVariable("COMPLIANCEKIT_TEST_POSTGRES"));
            await admin.OpenAsync();
            await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {_postgresDatabase} WITH (FORCE)", admin);
            await drop.ExecuteNonQueryAsync();
        }

        Directory.Delete(_folder, recursive: true);
    }

    private Task RecordAllAsync() =>
        Task.WhenAll(_events.Select(mine => Task.Run(async () =>
        {
            foreach (var e in mine)
            {
                await _log.RecordAsync(e);
            }
        })));

    /// <summary>Sets up the host: with the publisher at <paramref name="pace"/>, or without it when <see langword="null"/>.</summary>
    private async Task SetupAsync(PublishingPace? pace)
    {
        _folder = Directory.CreateTempSubdirectory("compliancekit-publishing-").FullName;
        _sqlitePath = Path.Combine(_folder, "ledger.db");
        var connection = await CreateDatabaseAsync();
        var organisation = BenchmarkPki.Create("ECDSA P-256");
        var witnessKey = BenchmarkPki.Create("ECDSA P-256");
        _disposables.AddRange([organisation, witnessKey]);
        var clock = BenchmarkData.Clock();

        var builder = Host.CreateApplicationBuilder();
        builder.Logging.SetMinimumLevel(LogLevel.Warning); // a publisher run that fails shows in the output
        builder.Services.AddSingleton<IClock>(clock);
        builder.Services.AddSingleton<ICmsSigner>(new X509CertificateSigner(organisation.Signer));
        builder.Services.AddDbContextFactory<PublishingContext>(o => _ = Provider == "sqlite" ? o.UseSqlite(connection) : o.UseNpgsql(connection));
        var store = builder.Services.AddComplianceKit(o => o.Organization = "Benchmark Clinic").AddEntityFrameworkCoreStore<PublishingContext>();
        var kit = (Provider == "sqlite" ? store.UseSqliteDialect() : store.UsePostgreSqlDialect())
            .AddAccessAudit<PublishingContext>(o => o.PseudonymKey = Enumerable.Range(1, 32).Select(i => (byte)i).ToArray());
        if (pace is { } publishing)
        {
            BenchmarkPublishing.Add(kit, Chain, _folder, organisation, witnessKey, clock, publishing);
        }

        _host = builder.Build();
        await using (var scope = _host.Services.CreateAsyncScope())
        {
            await ComplianceKitDatabase.EnsureCreatedAsync(scope.ServiceProvider.GetRequiredService<PublishingContext>());
        }

        _timings = new AppendTimings();
        await _host.StartAsync();
        (_cpuMark, _wallMark) = (Process.GetCurrentProcess().TotalProcessorTime, Stopwatch.GetTimestamp());
        _log = _host.Services.GetRequiredService<IAccessAuditLog>();
        _events = CallerEvents.Create(Callers, EventsPerCaller);
    }

    private async Task<string> CreateDatabaseAsync()
    {
        if (Provider == "sqlite")
        {
            return $"Data Source={_sqlitePath}";
        }

        var server = Environment.GetEnvironmentVariable("COMPLIANCEKIT_TEST_POSTGRES")!;
        _postgresDatabase = $"ck_bench_{Guid.NewGuid():N}";
        await using var admin = new NpgsqlConnection(server);
        await admin.OpenAsync();
        await using var create = new NpgsqlCommand($"CREATE DATABASE {_postgresDatabase}", admin);
        await create.ExecuteNonQueryAsync();
        return new NpgsqlConnectionStringBuilder(server) { Database = _postgresDatabase }.ConnectionString;
    }
}
