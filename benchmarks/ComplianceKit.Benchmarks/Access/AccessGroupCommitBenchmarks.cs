using System.Data.Common;
using System.Diagnostics;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using ComplianceKit.Access;
using ComplianceKit.EntityFrameworkCore;
using ComplianceKit.EntityFrameworkCore.Dialects;
using ComplianceKit.EntityFrameworkCore.GroupCommit;
using ComplianceKit.EntityFrameworkCore.Ledger;
using ComplianceKit.EntityFrameworkCore.PostgreSql;
using ComplianceKit.EntityFrameworkCore.Sqlite;
using ComplianceKit.Ledger;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Npgsql;

namespace ComplianceKit.Benchmarks.Access;

/// <summary>
/// 64 concurrent callers recording access events, each waiting for its own acknowledgement (durable),
/// through the group-commit log; against the naive way (EF Core, one row per SaveChanges, one
/// transaction each) and against the limit (one writer inserting the same rows, with the same subjects
/// and actors, in large batches: no chain and no acknowledgements). Each with the ledger's subject and
/// actor indexes and without them (<see cref="ComplianceKitModelOptions.IndexSubjectsAndActors"/>).
/// Mean is per entry; Op/s is entries per second. PostgreSQL runs when COMPLIANCEKIT_TEST_POSTGRES is set.
/// </summary>
[MemoryDiagnoser]
[Config(typeof(Columns))]
public class AccessGroupCommitBenchmarks
{
    private const int Callers = 64;
    private const int EventsPerCaller = 1000; // enough that the start and the end of an iteration (callers not yet or no longer all waiting) hardly count
    private const int NaiveEventsPerCaller = 10;
    private const int RawRows = Callers * EventsPerCaller;
    private const int RawRowsPerTransaction = 1280;

    private string _sqlitePath = "";
    private string? _postgresDatabase;
    private DbContextOptions _options = null!;
    private IAccessAuditLog _log = null!;
    private AccessEvent[][] _events = [];
    private LedgerEntry[] _rows = [];
    private long[] _latencies = [];
    private int _latencyCount;
    private long _sequence;

    /// <summary>The database.</summary>
    [ParamsSource(nameof(Providers))]
    public string Provider { get; set; } = "sqlite";

    public static IEnumerable<string> Providers =>
        Environment.GetEnvironmentVariable("COMPLIANCEKIT_TEST_POSTGRES") is { Length: > 0 } ? ["sqlite", "postgres"] : ["sqlite"];

    /// <summary>Whether the ledger table indexes subjects and actors (the default before the access side index) or only types.</summary>
    [Params(true, false)]
    public bool LookupIndexes { get; set; } = true;

    [GlobalSetup]
    public async Task SetupAsync()
    {
        _options = await CreateDatabaseAsync();
        var access = new AccessAuditOptions { PseudonymKey = Enumerable.Range(0, 32).Select(i => (byte)i).ToArray() };
        _log = LookupIndexes ? CreateLog<EntryIndexesContext>(access) : CreateLog<TypeIndexOnlyContext>(access);
        _events = CallerEvents.Create(Callers, EventsPerCaller);

        // Rows as the chain writes them, with the events' own subjects and actors, so the baselines
        // insert the same bytes into the same index positions.
        await _log.RecordAsync(_events[0][0]);
        await using var context = CreateContext();
        var template = await context.Set<LedgerEntry>().AsNoTracking().SingleAsync(e => e.ChainId == "access" && e.Sequence == 0);
        var encoder = new AccessEventEncoder(new RecordPseudonymizer(access.PseudonymKey));
        _rows = [.. _events.SelectMany(mine => mine).Select(e =>
        {
            var draft = encoder.Encode(e, template.OccurredAt);
            return Copy(template, template.ChainId, template.Sequence, draft.Subject, draft.Actor);
        })];
        _latencies = new long[Callers * EventsPerCaller];
    }

    [IterationSetup]
    public void ResetLatencies() => _latencyCount = 0;

    [GlobalCleanup]
    public async Task CleanupAsync()
    {
        await ((IAsyncDisposable)_log).DisposeAsync();
        if (_latencyCount > 0)
        {
            AckLatencyColumn.Save(_latencyMethod, AckLatencyColumn.CaseKey(Provider, LookupIndexes), _latencies, _latencyCount);
        }

        if (Provider == "sqlite")
        {
            SqliteConnection.ClearAllPools();
            foreach (var suffix in new[] { "", "-wal", "-shm" })
            {
                File.Delete(_sqlitePath + suffix);
            }
        }
        else
        {
            NpgsqlConnection.ClearAllPools();
            await using var admin = new NpgsqlConnection(Environment.GetEnvironmentVariable("COMPLIANCEKIT_TEST_POSTGRES"));
            await admin.OpenAsync();
            await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {_postgresDatabase} WITH (FORCE)", admin);
            await drop.ExecuteNonQueryAsync();
        }
    }

    private string _latencyMethod = "";

    [Benchmark(Baseline = true, OperationsPerInvoke = Callers * NaiveEventsPerCaller, Description = "naive: EF Core, one row per transaction")]
    public Task NaiveEfCoreInserts()
    {
        _latencyMethod = nameof(NaiveEfCoreInserts);
        return Task.WhenAll(Enumerable.Range(0, Callers).Select(c => Task.Run(async () =>
        {
            await using var context = CreateContext();
            for (var i = 0; i < NaiveEventsPerCaller; i++)
            {
                var started = Stopwatch.GetTimestamp();
                var row = _rows[(c * EventsPerCaller) + i];
                context.Add(Copy(row, "naive", Interlocked.Increment(ref _sequence), row.Subject, row.Actor));
                await context.SaveChangesAsync();
                context.ChangeTracker.Clear();
                Record(started);
            }
        })));
    }

    [Benchmark(OperationsPerInvoke = Callers * EventsPerCaller, Description = "group commit: 64 callers, each acknowledged when durable")]
    public Task GroupCommit()
    {
        _latencyMethod = nameof(GroupCommit);
        return Task.WhenAll(_events.Select(mine => Task.Run(async () =>
        {
            foreach (var e in mine)
            {
                var started = Stopwatch.GetTimestamp();
                await _log.RecordAsync(e);
                Record(started);
            }
        })));
    }

    [Benchmark(OperationsPerInvoke = RawRows, Description = "limit: one writer, raw batched inserts, no chain")]
    public async Task RawBatchedInserts()
    {
        _latencyMethod = nameof(RawBatchedInserts);
        await using var context = CreateContext();
        await context.Database.OpenConnectionAsync();
        var connection = context.Database.GetDbConnection();
        for (var start = 0; start < RawRows; start += RawRowsPerTransaction)
        {
            await using var transaction = await connection.BeginTransactionAsync();
            if (connection is NpgsqlConnection npgsql)
            {
                await using var batch = new NpgsqlBatch(npgsql, (NpgsqlTransaction)transaction);
                for (var i = start; i < start + RawRowsPerTransaction; i++)
                {
                    var command = new NpgsqlBatchCommand($"INSERT INTO ck_ledger_entries ({LedgerColumns.Entry}) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12)");
                    foreach (var value in Values(_rows[i], Interlocked.Increment(ref _sequence)))
                    {
                        command.Parameters.Add(new NpgsqlParameter { Value = value });
                    }

                    batch.BatchCommands.Add(command);
                }

                await batch.PrepareAsync(); // one prepared INSERT, kept by the connection, for every row
                await batch.ExecuteNonQueryAsync();
            }
            else
            {
                // The fastest way SQLite takes rows: the ledger's own prepared INSERT, values bound by position.
                using var insert = SqliteStatement.For((SqliteConnection)connection, SqliteLedgerStatements.For(LedgerSql.For(context).Tables).InsertEntry);
                for (var i = start; i < start + RawRowsPerTransaction; i++)
                {
                    var row = _rows[i];
                    insert.Text(1, "raw");
                    insert.Integer(2, Interlocked.Increment(ref _sequence));
                    insert.Text(3, row.EntryType);
                    insert.Text(4, row.Subject);
                    insert.Text(5, row.Actor);
                    insert.Integer(6, InstantCodec.ToUnixMicroseconds(row.OccurredAt));
                    insert.Integer(7, InstantCodec.ToUnixMicroseconds(row.RecordedAt));
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

    private void Record(long started)
    {
        var elapsed = Stopwatch.GetTimestamp() - started;
        var slot = Interlocked.Increment(ref _latencyCount) - 1;
        if (slot < _latencies.Length)
        {
            _latencies[slot] = elapsed;
        }
        else
        {
            Interlocked.Decrement(ref _latencyCount);
        }
    }

    private static LedgerEntry Copy(LedgerEntry row, string chain, long sequence, string subject, string actor) => new()
    {
        ChainId = chain, Sequence = sequence, EntryType = row.EntryType, Subject = subject, Actor = actor,
        OccurredAt = row.OccurredAt, RecordedAt = row.RecordedAt, Payload = row.Payload, PayloadSalt = row.PayloadSalt,
        PayloadDigest = row.PayloadDigest, PreviousHash = row.PreviousHash, EntryHash = row.EntryHash,
    };

    private static object[] Values(LedgerEntry row, long sequence) =>
    [
        "raw", sequence, row.EntryType, row.Subject, row.Actor, InstantCodec.ToUnixMicroseconds(row.OccurredAt),
        InstantCodec.ToUnixMicroseconds(row.RecordedAt), row.Payload!, row.PayloadSalt!, row.PayloadDigest, row.PreviousHash, row.EntryHash,
    ];

    private DbContext CreateContext() =>
        LookupIndexes ? new EntryIndexesContext(_options) : new TypeIndexOnlyContext(_options);

    private GroupCommitAccessLog<TContext> CreateLog<TContext>(AccessAuditOptions access)
        where TContext : DbContext, IComplianceKitDbContext =>
        new(new Factory<TContext>(CreateContext), BenchmarkData.Clock(), Options.Create(new ComplianceKitOptions()),
            Options.Create(access), Options.Create(new GroupCommitOptions()));

    private async Task<DbContextOptions> CreateDatabaseAsync()
    {
        DbContextOptionsBuilder builder = LookupIndexes ? new DbContextOptionsBuilder<EntryIndexesContext>() : new DbContextOptionsBuilder<TypeIndexOnlyContext>();
        if (Provider == "sqlite")
        {
            _sqlitePath = Path.Combine(Path.GetTempPath(), $"compliancekit-access-{Guid.NewGuid():N}.db");
            builder.UseSqlite($"Data Source={_sqlitePath}").UseComplianceKitDialect(SqliteLedgerDialect.Instance);
        }
        else
        {
            var server = Environment.GetEnvironmentVariable("COMPLIANCEKIT_TEST_POSTGRES")!;
            _postgresDatabase = $"ck_bench_{Guid.NewGuid():N}";
            await using (var admin = new NpgsqlConnection(server))
            {
                await admin.OpenAsync();
                await using var create = new NpgsqlCommand($"CREATE DATABASE {_postgresDatabase}", admin);
                await create.ExecuteNonQueryAsync();
            }

            builder.UseNpgsql(new NpgsqlConnectionStringBuilder(server) { Database = _postgresDatabase }.ConnectionString).UseComplianceKitDialect(PostgreSqlLedgerDialect.Instance);
        }

        _options = builder.Options;
        await using var context = CreateContext();
        await ComplianceKitDatabase.EnsureCreatedAsync(context);
        return builder.Options;
    }

    private sealed class Factory<TContext>(Func<DbContext> create) : IDbContextFactory<TContext>
        where TContext : DbContext
    {
        public TContext CreateDbContext() => (TContext)create();
    }


    private sealed class Columns : ManualConfig
    {
        public Columns()
        {
            AddColumn(StatisticColumn.OperationsPerSecond, new AckLatencyColumn("p50"), new AckLatencyColumn("p99"));
        }
    }
}
