using System.Collections.Concurrent;
using System.Diagnostics;
using ComplianceKit.Access;
using ComplianceKit.EntityFrameworkCore.TestKit.Access;
using ComplianceKit.EntityFrameworkCore.TestKit.Infrastructure;
using ComplianceKit.EntityFrameworkCore.Tests.Access;
using ComplianceKit.EntityFrameworkCore.Tests.Infrastructure;
using ComplianceKit.Ledger;
using NodaTime;
using NodaTime.Testing;

namespace ComplianceKit.EntityFrameworkCore.Tests.Faults;

/// <summary>
/// PostgreSQL is killed and restarted (<c>pg_ctl restart -m immediate</c>) while 64 callers record access events and two
/// writers append batches, on a private cluster this test starts. No acknowledged entry is lost, every caller gets its
/// acknowledgement or an error within <see cref="Deadline"/>, the writers reconnect and go on, and both chains verify.
/// CI runs one restart; the long run: COMPLIANCEKIT_FAULT_RESTARTS=20 (README, "Fuzz and fault harness").
/// </summary>
public sealed class PostgresRestartTests
{
    /// <summary>The longest any caller may wait for its acknowledgement or its error.</summary>
    public static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    private const string Batches = "batches";

    [Fact]
    public async Task Storm_ServerRestartedImmediately_NoAcknowledgedEntryLostNoCallerHangsAndTheChainsVerify()
    {
        if (PrivatePostgresCluster.Unavailable is { } reason)
        {
            Assert.Fail($"{reason} (CI runs as root with PostgreSQL installed; this fault test does not skip)");
        }

        var restarts = int.TryParse(Environment.GetEnvironmentVariable("COMPLIANCEKIT_FAULT_RESTARTS"), out var asked) && asked > 0 ? asked : 1;
        using var cluster = PrivatePostgresCluster.Start();
        await using var db = await TestDatabase.CreateAsync(StoreEngines.Postgres, server: cluster.ConnectionString);
        var log = AccessTestKit.Log(new HostContextFactory(db));
        var acknowledged = new ConcurrentDictionary<string, AccessReceipt>(StringComparer.Ordinal);
        var appended = new ConcurrentBag<LedgerEntry>();
        var failures = 0;
        var restarted = new TaskCompletionSource();
        var afterRestart = 0;
        using var stop = new CancellationTokenSource();

        var callers = Enumerable.Range(0, 64).Select(caller => Task.Run(async () =>
        {
            for (var i = 0; !stop.IsCancellationRequested; i++)
            {
                var reference = $"patient/{caller}-{i}";
                try
                {
                    acknowledged[reference] = await log.RecordAsync(AccessTestKit.Event(reference, user: $"user-{caller}")).WaitAsync(Deadline);
                    if (restarted.Task.IsCompleted)
                    {
                        Interlocked.Increment(ref afterRestart);
                    }
                }
                catch (TimeoutException)
                {
                    throw new TimeoutException($"caller {caller} waited more than {Deadline} for {reference}");
                }
                catch (Exception) when (!stop.IsCancellationRequested)
                {
                    Interlocked.Increment(ref failures); // an error is an answer: the caller knows it was not recorded
                    await Task.Delay(20);
                }
            }
        })).ToList();
        var writers = Enumerable.Range(0, 2).Select(writer => Task.Run(async () =>
        {
            var clock = new FakeClock(Instant.FromUtc(2026, 3, 2, 8, 0), Duration.FromMilliseconds(1));
            for (var batch = 0; !stop.IsCancellationRequested; batch++)
            {
                try
                {
                    // A fresh context per batch: after the restart the writer reconnects and goes on.
                    await using var context = db.CreateContext();
                    var receipt = await db.CreateLedger(context, clock).AppendAsync(Batches,
                        Enumerable.Range(0, 10).Select(i => EntryDraft.FromJson("control.tested", $"control:{writer}-{batch}-{i}", $"writer:{writer}", """{"result":"effective"}""")).ToArray())
                        .WaitAsync(Deadline);
                    foreach (var entry in receipt.Entries)
                    {
                        appended.Add(entry);
                    }
                }
                catch (Exception ex) when (ex is not TimeoutException && !stop.IsCancellationRequested)
                {
                    Interlocked.Increment(ref failures);
                    await Task.Delay(50);
                }
            }
        })).ToList();

        for (var restart = 0; restart < restarts; restart++)
        {
            await WhileRunningAsync(TimeSpan.FromSeconds(2), callers.Concat(writers));
            cluster.RestartImmediately();
            restarted.TrySetResult();
        }

        var appendedBefore = appended.Count;
        var watch = Stopwatch.StartNew();
        while ((Volatile.Read(ref afterRestart) < 64 || appended.Count == appendedBefore) && watch.Elapsed < Deadline)
        {
            await WhileRunningAsync(TimeSpan.FromMilliseconds(200), callers.Concat(writers));
        }

        await stop.CancelAsync();
        await Task.WhenAll(callers.Concat(writers)).WaitAsync(Deadline * 2);
        await log.ShutdownAsync();

        Assert.True(Volatile.Read(ref afterRestart) >= 64, $"callers recorded only {afterRestart} events after the restart");
        Assert.True(appended.Count > appendedBefore, "the writers did not append after the restart");
        var (report, subjects) = await AccessTestKit.ReadBackAsync(db);
        Assert.True(report.IsValid, string.Join("; ", report.Failures));
        var lost = acknowledged.Where(a => !subjects.ContainsKey(a.Value.Subject)).Select(a => a.Key).ToList();
        Assert.True(lost.Count == 0, $"{lost.Count} acknowledged access events lost, e.g. {string.Join(", ", lost.Take(5))}");
        await using var readContext = db.CreateContext();
        var ledger = db.CreateLedger(readContext, AccessTestKit.Clock());
        var stored = await ledger.ReadAsync(Batches).ToDictionaryAsync(e => e.Sequence, e => Convert.ToHexString(e.EntryHash));
        Assert.All(appended, e => Assert.Equal(Convert.ToHexString(e.EntryHash), stored.GetValueOrDefault(e.Sequence)));
        var batches = await ledger.VerifyAsync(Batches);
        Assert.True(batches.IsValid, string.Join("; ", batches.Failures));
    }

    /// <summary>Waits, failing at once if a caller or writer failed in a way the test does not allow (a hang, a bug).</summary>
    private static async Task WhileRunningAsync(TimeSpan time, IEnumerable<Task> workers)
    {
        var all = Task.WhenAll(workers);
        if (await Task.WhenAny(all, Task.Delay(time)) == all)
        {
            await all; // they only finish early by throwing
        }
    }
}
