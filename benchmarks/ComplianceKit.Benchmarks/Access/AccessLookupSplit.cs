using System.Data.Common;
using System.Diagnostics;
using System.Globalization;
using ComplianceKit.Access;
using ComplianceKit.EntityFrameworkCore.AccessIndex;
using ComplianceKit.EntityFrameworkCore.Dialects;
using ComplianceKit.EntityFrameworkCore.Ledger;
using ComplianceKit.Ledger;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using NodaTime;

namespace ComplianceKit.Benchmarks.Access;

/// <summary>
/// A diagnostic, not a measurement for README: where one "who accessed record R" lookup spends its time on
/// <see cref="AccessTrailBenchmarks"/>' trail, quiet and under the 64-caller storm. Each lookup is split into opening the
/// connection, the candidates statement (to its first row, then the rest), reading the entries through EF Core's
/// <c>Contains</c> and through one SQL statement with the sequences inline, and evaluating the specification; beside it the
/// thread pool's queue, how long a work item waits to start, and the write-ahead log's size. Lookups run on the thread pool and on a thread of their own, alternately.
/// <c>dotnet run -c Release -- access-lookup-split sqlite|postgres [rounds]</c>.
/// </summary>
internal static class AccessLookupSplit
{
    private static readonly string[] Phases = ["pool wait", "open", "candidates 1st row", "candidates rest", "entries EF", "entries SQL", "evaluate", "close", "total"];

    public static async Task<int> RunAsync(string provider, int rounds)
    {
        var bench = new AccessTrailBenchmarks { Provider = provider };
        await bench.SetupSideIndexAsync();
        try
        {
            await using (var context = bench.CreateContext())
            {
                await ExplainAsync(context);
                if (provider == "sqlite")
                {
                    Console.WriteLine($"// wal_autocheckpoint {await PragmaAsync(context, "wal_autocheckpoint")}, journal_mode {await PragmaAsync(context, "journal_mode")}, synchronous {await PragmaAsync(context, "synchronous")}");
                }
            }

            for (var round = 0; round < rounds; round++)
            {
                foreach (var dedicated in new[] { false, true })
                {
                    var quiet = new Split();
                    await RunLookupsAsync(bench, quiet, dedicated, TimeSpan.FromSeconds(5), CancellationToken.None);
                    quiet.Print($"round {round} quiet, {(dedicated ? "own thread" : "thread pool")}", bench, provider);
                    var storm = new Split();
                    var started = Stopwatch.GetTimestamp();
                    await bench.RecordWhileAsync(done => RunLookupsAsync(bench, storm, dedicated, Timeout.InfiniteTimeSpan, done));
                    var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
                    storm.Print($"round {round} storm ({64_000 / seconds:N0} events/s), {(dedicated ? "own thread" : "thread pool")}", bench, provider);
                }
            }
        }
        finally
        {
            await bench.CleanupAsync();
        }

        return 0;
    }

    private static Task RunLookupsAsync(AccessTrailBenchmarks bench, Split split, bool dedicated, TimeSpan duration, CancellationToken done)
    {
        if (!dedicated)
        {
            return LoopAsync();
        }

        var finished = new TaskCompletionSource();
        var thread = new Thread(() =>
        {
            try
            {
                LoopAsync().GetAwaiter().GetResult();
                finished.SetResult();
            }
#pragma warning disable CA1031 // handed to the awaiting task
            catch (Exception ex)
#pragma warning restore CA1031
            {
                finished.SetException(ex);
            }
        }) { IsBackground = true, Name = "lookup" };
        thread.Start();
        return finished.Task;

        async Task LoopAsync()
        {
            var random = new Random(11);
            var until = duration == Timeout.InfiniteTimeSpan ? long.MaxValue : Stopwatch.GetTimestamp() + (long)(duration.TotalSeconds * Stopwatch.Frequency);
            while (!done.IsCancellationRequested && Stopwatch.GetTimestamp() < until)
            {
                var record = AccessTrailBenchmarks.Pseudonymizer.Pseudonymize($"patient/{random.Next(AccessTrailBenchmarks.Records)}");
                await OneAsync(bench, split, record).ConfigureAwait(!dedicated);
            }
        }
    }

    private static async Task OneAsync(AccessTrailBenchmarks bench, Split split, string record)
    {
        var sample = new double[Phases.Length];
        var queued = Stopwatch.GetTimestamp();
        var poolWait = await Task.Run(() => Stopwatch.GetTimestamp() - queued).ConfigureAwait(false);
        sample[0] = Ms(poolWait);
        split.PoolPending.Add(ThreadPool.PendingWorkItemCount);
        split.PoolThreads.Add(ThreadPool.ThreadCount);

        var chain = AccessTrailBenchmarks.Chain;
        var (from, to) = (AccessTrailBenchmarks.Start, AccessTrailBenchmarks.Start.Plus(AccessTrailBenchmarks.Days));
        var total = Stopwatch.GetTimestamp();
        var t = total;
        double Lap()
        {
            var now = Stopwatch.GetTimestamp();
            var ms = Ms(now - t);
            t = now;
            return ms;
        }

        await using var context = bench.CreateContext();
        await context.Database.OpenConnectionAsync();
        var connection = context.Database.GetDbConnection();
        sample[1] = Lap();

        var sequences = new List<long>();
        await using (var command = AccessIndexer.Command(connection, null, AccessIndexSql.For(context).Candidates[AccessIndexKey.Subject], chain))
        {
            LedgerSql.Add(command, "@key", record);
            LedgerSql.Add(command, "@from", EntryEncoding.ToUnixMicroseconds(from));
            LedgerSql.Add(command, "@to", EntryEncoding.ToUnixMicroseconds(to));
            await using var reader = await command.ExecuteReaderAsync();
            var any = await reader.ReadAsync();
            sample[2] = Lap();
            while (any)
            {
                sequences.Add(reader.GetInt64(0));
                any = await reader.ReadAsync();
            }
        }

        sample[3] = Lap();
        var entries = await context.Set<LedgerEntry>().AsNoTracking().Where(e => e.ChainId == chain && sequences.Contains(e.Sequence)).ToListAsync();
        sample[4] = Lap();
        var inline = await ReadInlineAsync(context, connection, chain, sequences);
        sample[5] = Lap();
        var matched = new RecordAccessHistorySpec(chain, record, from, to).Evaluate(entries).Count();
        sample[6] = Lap();
        await context.Database.CloseConnectionAsync();
        sample[7] = Lap();
        sample[8] = Ms(Stopwatch.GetTimestamp() - total);
        if (inline != entries.Count || matched != entries.Count)
        {
            throw new InvalidOperationException($"The lookup read {entries.Count} entries through EF Core, {inline} inline, {matched} matched.");
        }

        split.Add(sample, sequences.Count);
    }

    /// <summary>The same entries in one statement with the sequences written inline (no JSON parameter, no per-call query compilation).</summary>
    private static async Task<int> ReadInlineAsync(DbContext context, DbConnection connection, string chain, List<long> sequences)
    {
        if (sequences.Count == 0)
        {
            return 0;
        }

        var table = LedgerSql.Table(context, typeof(LedgerEntry));
        await using var command = LedgerSql.Command(connection, null,
            $"SELECT {LedgerColumns.Entry} FROM {table} WHERE chain_id = @chain AND sequence IN ({string.Join(",", sequences.Select(s => s.ToString(CultureInfo.InvariantCulture)))})");
        LedgerSql.Add(command, "@chain", chain);
        await using var reader = await command.ExecuteReaderAsync();
        var count = 0;
        while (await reader.ReadAsync())
        {
            _ = LedgerSql.ReadEntry(reader);
            count++;
        }

        return count;
    }

    /// <summary>The candidates statement's plan on this engine, and its two halves (index probes, unindexed tail) timed apart.</summary>
    private static async Task ExplainAsync(DbContext context)
    {
        var text = AccessIndexSql.For(context).Candidates[AccessIndexKey.Subject];
        var union = text.IndexOf(" UNION ALL SELECT e.sequence", StringComparison.Ordinal);
        var withEnd = text.IndexOf(" SELECT r.sequence", StringComparison.Ordinal);
        var variants = new (string Name, string Sql)[]
        {
            ("whole", text),
            ("index probes only", text[..union]),
            ("tail only", text[..withEnd] + text[(union + " UNION ALL".Length)..]),
        };
        var connection = context.Database.GetDbConnection();
        await context.Database.OpenConnectionAsync();
        var record = AccessTrailBenchmarks.Pseudonymizer.Pseudonymize("patient/77");
        foreach (var (name, sql) in variants)
        {
            foreach (var explain in new[] { true, false, false, false })
            {
                await using var command = AccessIndexer.Command(connection, null, (explain ? "EXPLAIN QUERY PLAN " : "") + sql, AccessTrailBenchmarks.Chain);
                LedgerSql.Add(command, "@key", record);
                LedgerSql.Add(command, "@from", EntryEncoding.ToUnixMicroseconds(AccessTrailBenchmarks.Start));
                LedgerSql.Add(command, "@to", EntryEncoding.ToUnixMicroseconds(AccessTrailBenchmarks.Start.Plus(AccessTrailBenchmarks.Days)));
                var started = Stopwatch.GetTimestamp();
                await using var reader = await command.ExecuteReaderAsync();
                var rows = 0;
                while (await reader.ReadAsync())
                {
                    rows++;
                    if (explain)
                    {
                        Console.WriteLine($"// plan {name}: {string.Join(" ", Enumerable.Range(0, reader.FieldCount).Select(reader.GetValue))}"); // SQLite: id, parent, 0, detail; PostgreSQL: a line
                    }
                }

                if (!explain)
                {
                    Console.WriteLine($"// {name}: {rows} rows in {Ms(Stopwatch.GetTimestamp() - started):F2} ms");
                }
            }
        }
    }

    private static double Ms(long ticks) => ticks * 1000.0 / Stopwatch.Frequency;

    private static async Task<string> PragmaAsync(DbContext context, string name)
    {
        var connection = context.Database.GetDbConnection();
        await context.Database.OpenConnectionAsync();
        await using var command = LedgerSql.Command(connection, null, $"PRAGMA {name}");
        return Convert.ToString(await command.ExecuteScalarAsync(), CultureInfo.InvariantCulture) ?? "";
    }

    private sealed class Split
    {
        private readonly List<double[]> _samples = [];
        private long _candidates;

        public List<int> PoolThreads { get; } = [];

        public List<long> PoolPending { get; } = [];

        public void Add(double[] sample, int candidates)
        {
            lock (_samples)
            {
                _samples.Add(sample);
                _candidates += candidates;
            }
        }

        public void Print(string title, AccessTrailBenchmarks bench, string provider)
        {
            var wal = provider == "sqlite" && File.Exists(bench.Database + "-wal") ? new FileInfo(bench.Database + "-wal").Length / (1 << 20) : -1;
            Console.WriteLine($"// {title}: {_samples.Count} lookups, {(_samples.Count == 0 ? 0 : _candidates / _samples.Count)} entries each; " +
                $"pool threads max {(PoolThreads.Count == 0 ? 0 : PoolThreads.Max())}, pending median {Median(PoolPending.Select(p => (double)p))} max {(PoolPending.Count == 0 ? 0 : PoolPending.Max())}; WAL {wal} MiB; load {File.ReadAllText("/proc/loadavg").Split(' ')[0]}");
            for (var i = 0; i < Phases.Length; i++)
            {
                var values = _samples.Select(s => s[i]).ToList();
                Console.WriteLine($"//   {Phases[i],-20} p50 {Median(values),9:F2} ms  p90 {Percentile(values, 0.90),9:F2}  p99 {Percentile(values, 0.99),9:F2}  max {(values.Count == 0 ? 0 : values.Max()),9:F2}");
            }
        }

        private static double Median(IEnumerable<double> values) => Percentile([.. values], 0.5);

        private static double Percentile(List<double> values, double p)
        {
            if (values.Count == 0)
            {
                return 0;
            }

            var sorted = values.Order().ToList();
            return sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p * sorted.Count) - 1)];
        }
    }
}
