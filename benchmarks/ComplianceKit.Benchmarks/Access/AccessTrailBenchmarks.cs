using System.Diagnostics;
using System.Diagnostics.Metrics;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using ComplianceKit.Access;
using ComplianceKit.Benchmarks.Anchoring;
using ComplianceKit.Anchoring;
using ComplianceKit.EntityFrameworkCore;
using ComplianceKit.EntityFrameworkCore.AccessIndex;
using ComplianceKit.EntityFrameworkCore.Dialects;
using ComplianceKit.EntityFrameworkCore.GroupCommit;
using ComplianceKit.EntityFrameworkCore.Ledger;
using ComplianceKit.EntityFrameworkCore.PostgreSql;
using ComplianceKit.EntityFrameworkCore.Specifications;
using ComplianceKit.EntityFrameworkCore.Sqlite;
using ComplianceKit.Ledger;
using ComplianceKit.Signing;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using NodaTime;
using Npgsql;

namespace ComplianceKit.Benchmarks.Access;

/// <summary>
/// The PHI access trail as issue 21 measures it, in one run: 64 callers recording access events (each waiting for its
/// acknowledgement) on a trail that already holds 1,000,000 events (20,000 records, 300 users, 30 days), while one more
/// task asks "who accessed record R" (30 days) and "what did user U access" (1 day) over and over; the lookups' p99 are
/// columns. Against the baseline of the same rows written by one writer in plain batched inserts with no lookup index
/// and no chain. After: the access side index (the default). Before: the ledger table's own subject and actor indexes,
/// the lookups through the specifications. Telemetry is on (an ActivityListener and a MeterListener on "ComplianceKit"), and
/// the access log runs in a generic host with the hosted checkpoint publisher (every 1,000 entries, a sink and a witness).
/// Mean is per event; Op/s is events per second. PostgreSQL runs when COMPLIANCEKIT_TEST_POSTGRES is set.
/// </summary>
[Config(typeof(Columns))]
public class AccessTrailBenchmarks
{
    internal const string Chain = "access";
    private const int Callers = 64;
    private const int EventsPerCaller = 1000;
    private const int Rows = Callers * EventsPerCaller;
    private const int RowsPerTransaction = 1280;
    internal const int Records = 20_000;
    internal const int Users = 300;
    internal static readonly Instant Start = Instant.FromUtc(2026, 3, 1, 0, 0);
    internal static readonly Duration Days = Duration.FromDays(30);
    internal static readonly RecordPseudonymizer Pseudonymizer = new(Enumerable.Range(0, 32).Select(i => (byte)i).ToArray());

    private readonly List<long> _recordLookups = [];
    private readonly List<long> _userLookups = [];
    private string _method = "";
    private string _database = "";

    /// <summary>The benchmark's copy of the trail (a file or a database name).</summary>
    internal string Database => _database;
    private DbContextOptions _options = null!;
    private bool _entryIndexes;
    private readonly List<IDisposable> _disposables = [];
    private IAccessAuditLog? _log;
    private IHost? _host;
    private string _folder = "";
    private AccessEvent[][] _events = [];
    private LedgerEntry[] _rows = [];
    private long _sequence;
    private ActivityListener? _activities;
    private MeterListener? _meters;

    /// <summary>The database.</summary>
    [ParamsSource(nameof(Providers))]
    public string Provider { get; set; } = "sqlite";

    public static IEnumerable<string> Providers =>
        Environment.GetEnvironmentVariable("COMPLIANCEKIT_TEST_POSTGRES") is { Length: > 0 } ? ["sqlite", "postgres"] : ["sqlite"];

    /// <summary>Whether the access log writes its side index (off only in <see cref="AccessStorm"/>, to measure what the index costs the writer).</summary>
    internal bool WritesIndex { get; init; } = true;

    /// <summary>Whether the host runs the checkpoint publisher (off only in <see cref="AccessStorm"/>, to measure what it costs).</summary>
    internal bool Publishes { get; init; } = true;

    internal static int Prefilled => BenchmarkData.Smoke ? 20_000 : 1_000_000;

    [GlobalSetup(Target = nameof(PlainBatchedInserts))]
    public Task SetupPlainAsync() => SetupAsync(nameof(PlainBatchedInserts), entryIndexes: false);

    [GlobalSetup(Target = nameof(SideIndex))]
    public Task SetupSideIndexAsync() => SetupAsync(nameof(SideIndex), entryIndexes: false);

    [GlobalSetup(Target = nameof(EntryIndexes))]
    public Task SetupEntryIndexesAsync() => SetupAsync(nameof(EntryIndexes), entryIndexes: true);

    [IterationSetup]
    public void ResetLookups()
    {
        _recordLookups.Clear();
        _userLookups.Clear();
    }

    /// <summary>After each iteration: how far the side index reaches against the chain, and the lookups it answered (a lagging index makes lookups scan the tail).</summary>
    [IterationCleanup]
    public void ShowIndexLag()
    {
        if (_method == nameof(PlainBatchedInserts))
        {
            return;
        }

        using var context = CreateContext();
        long Scalar(string sql) => context.Database.SqlQueryRaw<long>(sql).AsEnumerable().FirstOrDefault();
        var heads = context.Model.FindEntityType(typeof(AccessIndexHeadRow))!.GetTableName();
        Console.WriteLine($"// chain size {Scalar($"SELECT size AS \"Value\" FROM ck_chain_heads WHERE chain_id = '{Chain}'")}, " +
            $"indexed to {Scalar($"SELECT indexed_to AS \"Value\" FROM {heads} WHERE chain_id = '{Chain}'")}, " +
            $"lookups this iteration {_recordLookups.Count} + {_userLookups.Count}");
    }

    [GlobalCleanup]
    public async Task CleanupAsync()
    {
        if (_host is not null)
        {
            await _host.StopAsync();
            _host.Dispose();
            var sink = Path.Combine(_folder, "sink"); // no folder when no checkpoint was published (a run of the lookup split with no round)
            IReadOnlyList<StoredCheckpoint> published = Directory.Exists(sink) ? DirectoryCheckpointSink.ReadAll(sink) : [];
            Console.WriteLine($"// checkpoints in the sink: {published.Count}, newest at size {(published.Count == 0 ? 0 : published[^1].Checkpoint.Checkpoint.TreeSize)}, " +
                $"co-signed: {published.Count(p => p.Cosignatures.Count > 0)}");
            Directory.Delete(_folder, recursive: true);
        }

        _disposables.ForEach(d => d.Dispose());

        LookupLatencyColumn.Save(_method, Provider, "record 30d", _recordLookups);
        LookupLatencyColumn.Save(_method, Provider, "user 1d", _userLookups);
        _activities?.Dispose();
        _meters?.Dispose();
        await DropAsync(_database);
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Rows, Description = "baseline: one writer, plain batched inserts, no lookup index, no chain")]
    public async Task PlainBatchedInserts()
    {
        await using var context = CreateContext();
        await context.Database.OpenConnectionAsync();
        var connection = context.Database.GetDbConnection();
        for (var start = 0; start < Rows; start += RowsPerTransaction)
        {
            await using var transaction = await connection.BeginTransactionAsync();
            if (connection is NpgsqlConnection npgsql)
            {
                await using var batch = new NpgsqlBatch(npgsql, (NpgsqlTransaction)transaction);
                for (var i = start; i < start + RowsPerTransaction; i++)
                {
                    var command = new NpgsqlBatchCommand($"INSERT INTO ck_ledger_entries ({LedgerColumns.Entry}) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12)");
                    var row = _rows[i];
                    foreach (var value in new object[] { "plain", Interlocked.Increment(ref _sequence), row.EntryType, row.Subject, row.Actor, EntryEncoding.ToUnixMicroseconds(row.OccurredAt),
                        EntryEncoding.ToUnixMicroseconds(row.RecordedAt), row.Payload!, row.PayloadSalt!, row.PayloadDigest, row.PreviousHash, row.EntryHash })
                    {
                        command.Parameters.Add(new NpgsqlParameter { Value = value });
                    }

                    batch.BatchCommands.Add(command);
                }

                await batch.PrepareAsync();
                await batch.ExecuteNonQueryAsync();
            }
            else
            {
                using var insert = SqliteStatement.For((SqliteConnection)connection, SqliteLedgerStatements.For(LedgerSql.For(context).Tables).InsertEntry);
                for (var i = start; i < start + RowsPerTransaction; i++)
                {
                    var row = _rows[i];
                    insert.Text(1, "plain");
                    insert.Integer(2, Interlocked.Increment(ref _sequence));
                    insert.Text(3, row.EntryType);
                    insert.Text(4, row.Subject);
                    insert.Text(5, row.Actor);
                    insert.Integer(6, EntryEncoding.ToUnixMicroseconds(row.OccurredAt));
                    insert.Integer(7, EntryEncoding.ToUnixMicroseconds(row.RecordedAt));
                    insert.Blob(8, row.Payload);
                    insert.Blob(9, row.PayloadSalt);
                    insert.Blob(10, row.PayloadDigest);
                    insert.Blob(11, row.PreviousHash);
                    insert.Blob(12, row.EntryHash);
                    insert.Execute();
                }
            }

            await transaction.CommitAsync();
        }
    }

    [Benchmark(OperationsPerInvoke = Rows, Description = "after: group commit + access side index, lookups alongside")]
    public Task SideIndex() => RecordWhileLookingUpAsync();

    [Benchmark(OperationsPerInvoke = Rows, Description = "before: group commit + subject/actor indexes on the entries, lookups alongside")]
    public Task EntryIndexes() => RecordWhileLookingUpAsync();

    private Task RecordWhileLookingUpAsync() => RecordWhileAsync(LookUpUntilAsync);

    /// <summary>The 64 callers record their events while <paramref name="alongside"/> runs (on the thread pool) until they are done.</summary>
    internal async Task RecordWhileAsync(Func<CancellationToken, Task> alongside)
    {
        using var done = new CancellationTokenSource();
        var lookups = Task.Run(() => alongside(done.Token));
        await Task.WhenAll(_events.Select(mine => Task.Run(async () =>
        {
            foreach (var e in mine)
            {
                await _log!.RecordAsync(e);
            }
        })));
        await done.CancelAsync();
        await lookups;
    }

    private async Task LookUpUntilAsync(CancellationToken done)
    {
        var random = new Random(11);
        await using var context = CreateContext();
        while (!done.IsCancellationRequested)
        {
            var record = Pseudonymizer.Pseudonymize($"patient/{random.Next(Records)}");
            var user = $"staff:{random.Next(Users)}";
            var day = Start.Plus(Duration.FromDays(random.Next(30)));
            var started = Stopwatch.GetTimestamp();
            _ = _entryIndexes
                ? (await context.Set<LedgerEntry>().AsNoTracking().ApplySpecification(new RecordAccessHistorySpec(Chain, record, Start, Start.Plus(Days))).ToListAsync(CancellationToken.None)).Count
                : (await context.FindRecordAccessesAsync(Chain, record, Start, Start.Plus(Days), CancellationToken.None)).Count;
            _recordLookups.Add(Stopwatch.GetTimestamp() - started);
            started = Stopwatch.GetTimestamp();
            _ = _entryIndexes
                ? (await context.Set<LedgerEntry>().AsNoTracking().ApplySpecification(new UserAccessHistorySpec(Chain, user, day, day.Plus(Duration.FromDays(1)))).ToListAsync(CancellationToken.None)).Count
                : (await context.FindUserAccessesAsync(Chain, user, day, day.Plus(Duration.FromDays(1)), CancellationToken.None)).Count;
            _userLookups.Add(Stopwatch.GetTimestamp() - started);
        }
    }

    private async Task SetupAsync(string method, bool entryIndexes)
    {
        _method = method;
        _entryIndexes = entryIndexes;
        // Telemetry on, as a host with OpenTelemetry runs it: every span sampled, every instrument listened to.
        _activities = new ActivityListener
        {
            ShouldListenTo = s => s.Name == "ComplianceKit",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
        };
        ActivitySource.AddActivityListener(_activities);
        _meters = new MeterListener { InstrumentPublished = (instrument, listener) => { if (instrument.Meter.Name == "ComplianceKit") { listener.EnableMeasurementEvents(instrument); } } };
        _meters.SetMeasurementEventCallback<long>((_, _, _, _) => { });
        _meters.SetMeasurementEventCallback<double>((_, _, _, _) => { });
        _meters.SetMeasurementEventCallback<int>((_, _, _, _) => { });
        _meters.Start();

        _database = await CopyTemplateAsync(await TemplateAsync());
        _options = Options(_database, entryIndexes);
        if (entryIndexes)
        {
            await using var context = CreateContext();
            await context.Database.ExecuteSqlRawAsync("CREATE INDEX ix_ck_ledger_entries_subject ON ck_ledger_entries (chain_id, subject, occurred_at)");
            await context.Database.ExecuteSqlRawAsync("CREATE INDEX ix_ck_ledger_entries_actor ON ck_ledger_entries (chain_id, actor, occurred_at)");
        }

        var random = new Random(5);
        _events = [.. Enumerable.Range(0, Callers).Select(c => Enumerable.Range(0, EventsPerCaller).Select(_ => Event(random)).ToArray())];
        var access = new AccessAuditOptions { PseudonymKey = Enumerable.Range(0, 32).Select(i => (byte)i).ToArray() };
        if (method == nameof(PlainBatchedInserts))
        {
            await using var context = CreateContext();
            var template = await context.Set<LedgerEntry>().AsNoTracking().FirstAsync(e => e.ChainId == Chain && e.Sequence == 0);
            var encoder = new AccessEventEncoder(Pseudonymizer);
            _rows = [.. _events.SelectMany(mine => mine).Select(e =>
            {
                var draft = encoder.Encode(e, template.OccurredAt);
                return new LedgerEntry
                {
                    ChainId = "plain", Sequence = 0, EntryType = template.EntryType, Subject = draft.Subject, Actor = draft.Actor,
                    OccurredAt = template.OccurredAt, RecordedAt = template.RecordedAt, Payload = template.Payload, PayloadSalt = template.PayloadSalt,
                    PayloadDigest = template.PayloadDigest, PreviousHash = template.PreviousHash, EntryHash = template.EntryHash,
                };
            })];
            return;
        }

        _log = await StartHostAsync(entryIndexes);
    }

    /// <summary>
    /// The access log as a host runs it: <c>AddAccessAudit</c> in a generic host with the hosted checkpoint publisher
    /// checkpointing the chain every 1,000 entries (looking every 50 ms) into a directory sink, co-signed by a witness in the process.
    /// </summary>
    private async Task<IAccessAuditLog> StartHostAsync(bool entryIndexes)
    {
        _folder = Directory.CreateTempSubdirectory("compliancekit-trail-").FullName;
        var organisation = BenchmarkPki.Create("ECDSA P-256");
        var witnessKey = BenchmarkPki.Create("ECDSA P-256");
        _disposables.AddRange([organisation, witnessKey]);
        var clock = BenchmarkData.Clock();
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.SetMinimumLevel(LogLevel.Warning); // a publisher run or an index step that fails shows in the output
        builder.Services.AddSingleton<IClock>(clock);
        builder.Services.AddSingleton<ICmsSigner>(new X509CertificateSigner(organisation.Signer));
        var kit = entryIndexes ? Store<EntryIndexesContext>(builder.Services) : Store<TypeIndexOnlyContext>(builder.Services);
        if (Publishes)
        {
            BenchmarkPublishing.Add(kit, Chain, _folder, organisation, witnessKey, clock);
        }

        _host = builder.Build();
        await _host.StartAsync();
        return _host.Services.GetRequiredService<IAccessAuditLog>();

        ComplianceKitBuilder Store<TContext>(IServiceCollection services)
            where TContext : DbContext, IComplianceKitDbContext
        {
            services.AddSingleton<IDbContextFactory<TContext>>(new Factory<TContext>(() => (TContext)CreateContext()));
            services.AddScoped(_ => (TContext)CreateContext());
            var store = services.AddComplianceKit(o => o.Organization = "Benchmark Clinic").AddEntityFrameworkCoreStore<TContext>();
            return (Provider == "sqlite" ? store.UseSqliteDialect() : store.UsePostgreSqlDialect())
                .AddAccessAudit<TContext>(o => o.PseudonymKey = Enumerable.Range(0, 32).Select(i => (byte)i).ToArray(),
                    o => o.WritesAccessIndex = !entryIndexes && WritesIndex);
        }
    }

    private static AccessEvent Event(Random random, Instant? occurredAt = null) => new()
    {
        OccurredAt = occurredAt,
        UserId = $"staff:{random.Next(Users)}",
        Role = "nurse",
        RecordReference = $"patient/{random.Next(Records)}",
        Action = AccessAction.View,
        PurposeOfUse = PurposeOfUse.Treatment,
        Outcome = random.Next(100) == 0 ? AccessOutcome.Denied : AccessOutcome.Allowed,
        Client = "10.0.0.7",
        SessionId = "s-1",
    };

    /// <summary>A context on the benchmark's database (the side-index case's model).</summary>
    internal DbContext CreateContext() => _entryIndexes ? new EntryIndexesContext(_options) : new TypeIndexOnlyContext(_options);

    private DbContextOptions Options(string database, bool entryIndexes)
    {
        DbContextOptionsBuilder builder = entryIndexes ? new DbContextOptionsBuilder<EntryIndexesContext>() : new DbContextOptionsBuilder<TypeIndexOnlyContext>();
        return (Provider == "sqlite"
            ? builder.UseSqlite($"Data Source={database}", o => o.CommandTimeout(600)).UseComplianceKitDialect(SqliteLedgerDialect.Instance)
            : builder.UseNpgsql(new NpgsqlConnectionStringBuilder(Server) { Database = database }.ConnectionString, o => o.CommandTimeout(600))
                .UseComplianceKitDialect(PostgreSqlLedgerDialect.Instance)).Options; // the 1,000,000-entry setup on a loaded machine
    }

    private static string Server => Environment.GetEnvironmentVariable("COMPLIANCEKIT_TEST_POSTGRES")!;

    /// <summary>
    /// The 1,000,000-event trail of <paramref name="provider"/>, side-indexed, made once and kept (a SQLite file in the temp
    /// folder, a PostgreSQL database); <c>dotnet run -c Release -- make-access-trail sqlite|postgres</c> makes it outside
    /// BenchmarkDotNet, whose in-process runs stop a setup that takes minutes.
    /// </summary>
    public static Task<string> TemplateAsync(string provider) => new AccessTrailBenchmarks { Provider = provider }.TemplateAsync();

    private async Task<string> TemplateAsync()
    {
        // The layout in the name: a trail of an earlier layout (spans merged without merged_to; on SQLite, a rowid side index) is never reused.
        var name = Provider == "sqlite" ? Path.Combine(Path.GetTempPath(), $"compliancekit-bench-trail-{Prefilled}-without-rowid.db") : $"ck_bench_trail_{Prefilled}_merged_to";
        var options = Options(name, entryIndexes: false);
        if (Provider == "sqlite" ? File.Exists(name) : await AdminScalarAsync($"SELECT count(*) FROM pg_database WHERE datname = '{name}'") > 0)
        {
            bool complete;
            await using (var existing = new TypeIndexOnlyContext(options))
            {
                complete = (await existing.VerifyAccessIndexAsync(Chain)).IndexedTo == Prefilled;
            }

            // A pooled connection to the template would make CREATE DATABASE ... TEMPLATE refuse it.
            SqliteConnection.ClearAllPools();
            NpgsqlConnection.ClearAllPools();
            if (complete)
            {
                return name;
            }
        }

        await DropAsync(name);
        if (Provider != "sqlite")
        {
            await AdminAsync($"CREATE DATABASE {name}");
        }

        await using (var context = new TypeIndexOnlyContext(options))
        {
            await ComplianceKitDatabase.EnsureCreatedAsync(context);
            var ledger = new EntityFrameworkLedger<TypeIndexOnlyContext>(context, BenchmarkData.Clock(), Microsoft.Extensions.Options.Options.Create(new ComplianceKitOptions()));
            var encoder = new AccessEventEncoder(Pseudonymizer);
            var random = new Random(7);
            var step = Days / Prefilled;
            for (var start = 0; start < Prefilled; start += 10_000)
            {
                await ledger.AppendAsync(Chain, [.. Enumerable.Range(start, 10_000).Select(i =>
                {
                    return encoder.Encode(Event(random, Start.Plus(step * i)), Start);
                })]);
            }

            await context.IndexAccessTrailAsync(Chain);

            // A bulk-loaded PostgreSQL table has no statistics until autovacuum gets to it, and without them the planner
            // answers the index check's NOT EXISTS with a nested loop over every row (minutes, not milliseconds).
            if (Provider != "sqlite")
            {
                await context.Database.ExecuteSqlRawAsync("ANALYZE");
            }
        }

        SqliteConnection.ClearAllPools();
        NpgsqlConnection.ClearAllPools();
        return name;
    }

    private async Task<string> CopyTemplateAsync(string template)
    {
        if (Provider == "sqlite")
        {
            var copy = Path.Combine(Path.GetTempPath(), $"compliancekit-bench-trail-{Guid.NewGuid():N}.db");
            File.Copy(template, copy);
            return copy;
        }

        var name = $"ck_bench_{Guid.NewGuid():N}";
        await AdminAsync($"CREATE DATABASE {name} TEMPLATE {template} STRATEGY FILE_COPY");
        return name;
    }

    private async Task DropAsync(string database)
    {
        if (database.Length == 0)
        {
            return;
        }

        if (Provider == "sqlite")
        {
            SqliteConnection.ClearAllPools();
            foreach (var suffix in new[] { "", "-wal", "-shm" })
            {
                File.Delete(database + suffix);
            }
        }
        else
        {
            NpgsqlConnection.ClearAllPools();
            await AdminAsync($"DROP DATABASE IF EXISTS {database} WITH (FORCE)");
        }
    }

    private static async Task AdminAsync(string sql)
    {
        await using var admin = new NpgsqlConnection(Server);
        await admin.OpenAsync();
        await using var command = new NpgsqlCommand(sql, admin);
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<long> AdminScalarAsync(string sql)
    {
        await using var admin = new NpgsqlConnection(Server);
        await admin.OpenAsync();
        await using var command = new NpgsqlCommand(sql, admin);
        return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }

    private sealed class Factory<TContext>(Func<TContext> create) : IDbContextFactory<TContext>
        where TContext : DbContext
    {
        public TContext CreateDbContext() => create();
    }

    private sealed class Columns : ManualConfig
    {
        public Columns()
        {
            AddColumn(StatisticColumn.OperationsPerSecond, new LookupLatencyColumn("record 30d"), new LookupLatencyColumn("user 1d"));
        }
    }
}
