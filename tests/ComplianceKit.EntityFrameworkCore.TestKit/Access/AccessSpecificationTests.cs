using Ardalis.Specification;
using ComplianceKit.Access;
using ComplianceKit.EntityFrameworkCore.Access;
using ComplianceKit.EntityFrameworkCore.Specifications;
using ComplianceKit.EntityFrameworkCore.TestKit.Infrastructure;
using ComplianceKit.Ledger;
using Microsoft.EntityFrameworkCore;
using NodaTime;

namespace ComplianceKit.EntityFrameworkCore.TestKit.Access;

/// <summary>The access specifications and the volume query, translated and run by the database.</summary>
public abstract class AccessSpecificationTests
{
    private static readonly Instant Nine = Instant.FromUtc(2026, 3, 2, 9, 0);

    /// <summary>The engine every test of the suite runs on.</summary>
    protected abstract IStoreEngine Engine { get; }

    /// <summary>Whether the ledger table has its subject and actor indexes; every query must answer the same without them.</summary>
    protected virtual bool IndexSubjectsAndActors => true;

    [LedgerFact]
    public async Task RecordAccessHistorySpec_SelectsThatRecordsAccessesInTheWindowOldestFirst()
    {
        await using var db = await SeedAsync();
        await using var context = db.CreateContext();

        var entries = await context.Set<LedgerEntry>()
            .ApplySpecification(new RecordAccessHistorySpec(AccessTestKit.Chain, AccessTestKit.Pseudonymizer, "patient/7", Nine, Nine.Plus(Duration.FromHours(2))))
            .ToListAsync();

        Assert.Equal(["ana@09:10", "ben@09:40", "ana@10:05"], entries.Select(Describe));
    }

    [LedgerFact]
    public async Task UserAccessHistorySpec_SelectsWhatThatUserAccessedInTheWindow()
    {
        await using var db = await SeedAsync();
        await using var context = db.CreateContext();

        var entries = await context.Set<LedgerEntry>()
            .ApplySpecification(new UserAccessHistorySpec(AccessTestKit.Chain, "ana", Nine, Nine.Plus(Duration.FromMinutes(60))))
            .ToListAsync();

        Assert.Equal(["ana@09:10", "ana@09:20"], entries.Select(Describe));
        Assert.Equal(
            [AccessTestKit.Pseudonymizer.Pseudonymize("patient/7"), AccessTestKit.Pseudonymizer.Pseudonymize("patient/8")],
            entries.Select(e => e.Subject));
    }

    [LedgerFact]
    public async Task HistorySpecs_EvaluatedInMemory_SelectWhatTheDatabaseAndArdalisEvaluatorSelect()
    {
        await using var db = await SeedAsync();
        await using var context = db.CreateContext();
        var all = await context.Set<LedgerEntry>().AsNoTracking().ToListAsync();
        Specification<LedgerEntry>[] specs =
        [
            new RecordAccessHistorySpec(AccessTestKit.Chain, AccessTestKit.Pseudonymizer, "patient/7", At(8, 59), At(11, 0)),
            new RecordAccessHistorySpec(AccessTestKit.Chain, AccessTestKit.Pseudonymizer, "patient/7", At(9, 10), At(9, 10)),
            new RecordAccessHistorySpec("other", AccessTestKit.Pseudonymizer, "patient/7", At(0, 0), At(23, 0)),
            new UserAccessHistorySpec(AccessTestKit.Chain, "ana", At(9, 10), At(10, 5)),
            new UserAccessHistorySpec(AccessTestKit.Chain, "dee", At(0, 0), At(23, 0)),
            new UserAccessHistorySpec(AccessTestKit.Chain, "nobody", At(0, 0), At(23, 0)),
        ];

        foreach (var spec in specs)
        {
            var inDatabase = await context.Set<LedgerEntry>().ApplySpecification(spec).Select(e => e.Sequence).ToListAsync();

            Assert.Equal(inDatabase, spec.Evaluate(all).Select(e => e.Sequence));
            Assert.Equal(inDatabase, InMemorySpecificationEvaluator.Default.Evaluate(all, spec).Select(e => e.Sequence));
            Assert.All(all, e => Assert.Equal(SpecificationValidator.Default.IsValid(e, spec), spec.IsSatisfiedBy(e)));
        }

        Assert.Equal(["ana@08:59", "ana@09:10", "ben@09:40", "ana@10:05"], specs[0].Evaluate(all).Select(Describe));
        Assert.Equal(["ana@09:10", "ana@09:20"], specs[3].Evaluate(all).Select(Describe));
        Assert.Equal(7, specs[4].Evaluate(all).Count());
    }

    [LedgerFact]
    public async Task HistorySpecs_Query_SendsTheWindowAsParametersNotInTheSqlText()
    {
        await using var db = await TestDatabase.CreateAsync(Engine);
        await using var context = db.CreateContext();
        var pseudonym = AccessTestKit.Pseudonymizer.Pseudonymize("patient/7");

        var record = context.Set<LedgerEntry>().ApplySpecification(new RecordAccessHistorySpec(AccessTestKit.Chain, pseudonym, At(9, 0), At(10, 0))).ToQueryString();
        var user = context.Set<LedgerEntry>().ApplySpecification(new UserAccessHistorySpec(AccessTestKit.Chain, "user-ana-17", At(9, 0), At(10, 0))).ToQueryString();

        // ToQueryString declares the parameters' values first (".param set" on SQLite, "--" comments on PostgreSQL), then the SQL.
        static string Sql(string query) => string.Join('\n', query.Split('\n').Where(l => !l.StartsWith(".param", StringComparison.Ordinal) && !l.StartsWith("--", StringComparison.Ordinal)));
        Assert.DoesNotContain(pseudonym, Sql(record), StringComparison.Ordinal);
        Assert.Contains(pseudonym, record, StringComparison.Ordinal);
        Assert.DoesNotContain("user-ana-17", Sql(user), StringComparison.Ordinal);
        Assert.Contains("user-ana-17", user, StringComparison.Ordinal);
    }

    [LedgerFact]
    public async Task DeniedAndBreakGlassSpecs_SelectOnlyTheirOutcome()
    {
        await using var db = await SeedAsync();
        await using var context = db.CreateContext();
        var window = (From: Nine, To: Nine.Plus(Duration.FromDays(1)));

        var denied = await context.Set<LedgerEntry>().ApplySpecification(new DeniedAccessSpec(AccessTestKit.Chain, window.From, window.To)).ToListAsync();
        var breakGlass = await context.Set<LedgerEntry>().ApplySpecification(new BreakGlassAccessSpec(AccessTestKit.Chain, window.From, window.To)).ToListAsync();

        Assert.Equal(["ben@09:40"], denied.Select(Describe));
        Assert.Equal(["cy@10:30"], breakGlass.Select(Describe));
        Assert.All(denied, e => Assert.Equal(AccessEntryTypes.Denied, e.EntryType));
    }

    [LedgerFact]
    public async Task FindUnusualAccessVolumeAsync_ReportsUsersHoursAtOrAboveTheThreshold()
    {
        await using var db = await SeedAsync();
        await using var context = db.CreateContext();

        var volumes = await context.FindUnusualAccessVolumeAsync(AccessTestKit.Chain, Nine, Nine.Plus(Duration.FromDays(1)), minimumPerHour: 3);

        var burst = Assert.Single(volumes);
        Assert.Equal(new HourlyAccessVolume("dee", Instant.FromUtc(2026, 3, 2, 11, 0), 5), burst);
    }

    [LedgerFact]
    public async Task ApplySpecification_WithSearchCriteria_IsRefusedRatherThanWidened()
    {
        await using var db = await TestDatabase.CreateAsync(Engine);
        await using var context = db.CreateContext();

        Assert.Throws<NotSupportedException>(() => context.Set<LedgerEntry>().ApplySpecification(new SubjectSearchSpec()));
    }

    private async Task<TestDatabase> SeedAsync()
    {
        var db = await TestDatabase.CreateAsync(Engine, IndexSubjectsAndActors);
        var log = AccessTestKit.Log(new HostContextFactory(db));
        var events = new List<AccessEvent>
        {
            AccessTestKit.Event("patient/7", "ana", occurredAt: At(9, 10)),
            AccessTestKit.Event("patient/8", "ana", occurredAt: At(9, 20)),
            AccessTestKit.Event("patient/7", "ben", AccessOutcome.Denied, occurredAt: At(9, 40)),
            AccessTestKit.Event("patient/7", "ana", occurredAt: At(10, 5)),
            AccessTestKit.Event("patient/9", "cy", AccessOutcome.BreakGlass, occurredAt: At(10, 30)),
            AccessTestKit.Event("patient/7", "ana", occurredAt: At(8, 59)),
            AccessTestKit.Event("patient/7", "ben", occurredAt: At(11, 0)),
        };
        events.AddRange(Enumerable.Range(0, 5).Select(i => AccessTestKit.Event($"patient/{100 + i}", "dee", action: AccessAction.Export, occurredAt: At(11, 10 + i))));
        events.AddRange(Enumerable.Range(0, 2).Select(i => AccessTestKit.Event($"patient/{200 + i}", "dee", occurredAt: At(12, 10 + i))));
        foreach (var e in events)
        {
            await log.RecordAsync(e);
        }

        await log.ShutdownAsync();

        // An entry of another type about the same record must not count as an access.
        await using var context = db.CreateContext();
        await db.CreateLedger(context, AccessTestKit.Clock()).AppendAsync(AccessTestKit.Chain,
            [EntryDraft.FromJson("consent.recorded", AccessTestKit.Pseudonymizer.Pseudonymize("patient/7"), "ana", "{}", At(9, 30))]);
        return db;
    }

    private static Instant At(int hour, int minute) => Instant.FromUtc(2026, 3, 2, hour, minute);

    private static string Describe(LedgerEntry e) => $"{e.Actor}@{e.OccurredAt.InUtc():HH:mm}";

    private sealed class SubjectSearchSpec : Specification<LedgerEntry>
    {
        public SubjectSearchSpec() => Query.Search(e => e.Subject, "rec:%");
    }
}
