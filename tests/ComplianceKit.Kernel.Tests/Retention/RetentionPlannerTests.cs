using ComplianceKit.Administration;
using ComplianceKit.Ledger;
using ComplianceKit.Retention;
using NodaTime;

namespace ComplianceKit.Tests.Retention;

public sealed class RetentionPlannerTests
{
    private static readonly DateTimeZone NewYork = DateTimeZoneProviders.Tzdb["America/New_York"];

    [Fact]
    public void Plan_RecordedAtBasisAcrossYears_PurgesOnlyWhatIsPastThePeriod()
    {
        var chain = new TestChain(Instant.FromUtc(2015, 6, 1, 15, 0));
        var policy = chain.SetPolicy(AccessPolicy(Period.FromYears(6)));
        var old = chain.Append("access.viewed", "record:1");
        chain.Clock.AdvanceDays(400);
        var newer = chain.Append("access.viewed", "record:2");

        var plan = chain.Plan(Instant.FromUtc(2021, 7, 1, 0, 0));

        var purge = Assert.Single(plan.Purges);
        Assert.Equal(old.Sequence, purge.Sequence);
        Assert.Equal("access-6y", purge.PolicyId);
        Assert.Equal(policy.Sequence, purge.PolicySequence);
        Assert.Equal(new LocalDate(2015, 6, 1), purge.BasisDate);
        Assert.Equal(new LocalDate(2021, 6, 1), purge.ExpiresOn);
        Assert.DoesNotContain(plan.Purges, p => p.Sequence == newer.Sequence);
    }

    [Fact]
    public void Plan_LeapDayPlusSixYears_ExpiresOnTheFirstOfMarchNotBefore()
    {
        var chain = new TestChain(Instant.FromUtc(2024, 2, 29, 17, 0)); // noon in New York
        chain.SetPolicy(AccessPolicy(Period.FromYears(6)));
        var entry = chain.Append("access.viewed", "record:1");
        var midnight = Instant.FromUtc(2030, 3, 1, 5, 0); // 1 March 2030, 00:00 EST

        var dayBefore = chain.Plan(midnight - Duration.FromTicks(10));
        var onTheDay = chain.Plan(midnight);

        Assert.Empty(dayBefore.Purges);
        var purge = Assert.Single(onTheDay.Purges);
        Assert.Equal(entry.Sequence, purge.Sequence);
        Assert.Equal(new LocalDate(2030, 3, 1), purge.ExpiresOn);
        Assert.Equal(midnight, purge.ExpiresAt);
    }

    [Fact]
    public void Plan_PeriodEndsInSummerTime_ExpiresAtLocalMidnightNotUtcMidnight()
    {
        var chain = new TestChain(Instant.FromUtc(2020, 1, 15, 17, 0));
        chain.SetPolicy(new RetentionPolicy("short", ["access.viewed"], Period.FromMonths(6), RetentionBasis.RecordedAt, "operational", NewYork));
        chain.Append("access.viewed", "record:1");

        var utcMidnight = chain.Plan(Instant.FromUtc(2020, 7, 15, 0, 0));
        var localMidnight = chain.Plan(Instant.FromUtc(2020, 7, 15, 4, 0));

        Assert.Empty(utcMidnight.Purges);
        Assert.Equal(Instant.FromUtc(2020, 7, 15, 4, 0), Assert.Single(localMidnight.Purges).ExpiresAt);
    }

    [Fact]
    public void Plan_OrganisationZoneAheadOfUtc_CountsFromTheLocalDate()
    {
        var auckland = DateTimeZoneProviders.Tzdb["Pacific/Auckland"];
        var chain = new TestChain(Instant.FromUtc(2019, 12, 31, 23, 30)); // 1 January 2020 in Auckland
        chain.SetPolicy(new RetentionPolicy("nz", ["access.*"], Period.FromYears(1), RetentionBasis.RecordedAt, "operational", auckland));
        chain.Append("access.viewed", "record:1");

        var plan = chain.Plan(Instant.FromUtc(2020, 12, 31, 11, 0));

        var purge = Assert.Single(plan.Purges);
        Assert.Equal(new LocalDate(2020, 1, 1), purge.BasisDate);
        Assert.Equal(new LocalDate(2021, 1, 1), purge.ExpiresOn);
    }

    [Fact]
    public void Plan_RecordedAtBasis_IgnoresABackdatedOccurredAt()
    {
        var chain = new TestChain(Instant.FromUtc(2024, 1, 10, 12, 0));
        chain.SetPolicy(AccessPolicy(Period.FromYears(6)));
        chain.Append("access.viewed", "record:1", occurredAt: Instant.FromUtc(2001, 1, 1, 0, 0));

        var plan = chain.Plan(Instant.FromUtc(2029, 1, 1, 0, 0));

        Assert.Empty(plan.Purges);
    }

    [Fact]
    public void Plan_LastEffectiveBasis_CountsFromTerminationAndKeepsWhatIsStillInEffect()
    {
        var chain = new TestChain(Instant.FromUtc(2010, 3, 1, 15, 0));
        chain.SetPolicy(BaaPolicy());
        var ended = chain.Append("baa.executed", "vendor:a");
        var active = chain.Append("baa.executed", "vendor:b");
        var renewed = chain.Append("baa.executed", "vendor:c");
        chain.Clock.AdvanceDays(365 * 3);
        chain.Append("baa.terminated", "vendor:a", occurredAt: Instant.FromUtc(2013, 6, 30, 16, 0));
        chain.Append("baa.terminated", "vendor:c");
        chain.Clock.AdvanceDays(30);
        chain.Append("baa.executed", "vendor:c"); // back in effect

        var plan = chain.Plan(Instant.FromUtc(2030, 1, 1, 0, 0));

        var executed = plan.Purges.Where(p => p.EntryType == "baa.executed").ToList();
        var purge = Assert.Single(executed);
        Assert.Equal(ended.Sequence, purge.Sequence);
        Assert.Equal(RetentionBasis.LastEffective, purge.Basis);
        Assert.Equal(new LocalDate(2013, 6, 30), purge.BasisDate);
        Assert.Equal(new LocalDate(2019, 6, 30), purge.ExpiresOn);
        Assert.DoesNotContain(plan.Purges, p => p.Sequence == active.Sequence || p.Sequence == renewed.Sequence);
    }

    [Fact]
    public void Plan_LastEffectiveBeforeCreation_CountsFromTheLaterRecordedAt()
    {
        var chain = new TestChain(Instant.FromUtc(2020, 5, 1, 15, 0));
        chain.SetPolicy(BaaPolicy());
        var entry = chain.Append("baa.executed", "vendor:a");
        chain.Append("baa.terminated", "vendor:a", occurredAt: Instant.FromUtc(2019, 1, 1, 15, 0));

        var plan = chain.Plan(Instant.FromUtc(2027, 1, 1, 0, 0));

        var purge = plan.Purges.Single(p => p.Sequence == entry.Sequence);
        Assert.Equal(new LocalDate(2020, 5, 1), purge.BasisDate);
    }

    [Fact]
    public void Plan_PolicyBelowTheDocumentationMinimumWithoutOverride_IsRefusedAndKeepsEverything()
    {
        var chain = new TestChain(Instant.FromUtc(2010, 1, 1, 15, 0));
        chain.SetPolicy(new RetentionPolicy("docs-3y", ["policy.*"], Period.FromYears(3), RetentionBasis.RecordedAt, RetentionOptions.DocumentationCategory, NewYork));
        chain.Append("policy.published", "policy:privacy");

        var plan = chain.Plan(Instant.FromUtc(2030, 1, 1, 0, 0));

        Assert.Empty(plan.Purges);
        var refused = Assert.Single(plan.Refused);
        Assert.Equal("docs-3y", refused.PolicyId);
        Assert.Contains("shorter than the documentation minimum P6Y", refused.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Plan_PolicyBelowTheMinimumWithAnOverrideRecordedBeforeIt_IsApplied()
    {
        var chain = new TestChain(Instant.FromUtc(2010, 1, 1, 15, 0));
        chain.SetPolicy(new RetentionPolicy("docs-3y", ["policy.*"], Period.FromYears(3), RetentionBasis.RecordedAt, RetentionOptions.DocumentationCategory, NewYork),
            new RetentionOverride("State law supersedes; counsel memo 2009-14", "officer:privacy"));
        chain.Append("policy.published", "policy:privacy");

        var plan = chain.Plan(Instant.FromUtc(2014, 1, 1, 0, 0));

        Assert.Empty(plan.Refused);
        Assert.Single(plan.Purges);
    }

    [Fact]
    public void Plan_OverrideApprovingALongerPeriodThanThePolicy_DoesNotAllowIt()
    {
        var chain = new TestChain(Instant.FromUtc(2010, 1, 1, 15, 0));
        var policy = new RetentionPolicy("docs-3y", ["policy.*"], Period.FromYears(3), RetentionBasis.RecordedAt, RetentionOptions.DocumentationCategory, NewYork);
        chain.SetPolicy(new RetentionPolicy("docs-3y", ["policy.*"], Period.FromYears(5), RetentionBasis.RecordedAt, RetentionOptions.DocumentationCategory, NewYork),
            new RetentionOverride("five years approved", "officer:privacy"));
        chain.SetPolicy(policy);
        chain.Append("policy.published", "policy:privacy");

        var plan = chain.Plan(Instant.FromUtc(2030, 1, 1, 0, 0));

        Assert.Empty(plan.Purges);
        Assert.Single(plan.Refused);
    }

    [Fact]
    public void Plan_MostSpecificPolicyWins_AndEquallySpecificOnesKeepUntilTheLatestExpiry()
    {
        var chain = new TestChain(Instant.FromUtc(2010, 1, 1, 15, 0));
        chain.SetPolicy(new RetentionPolicy("everything", ["*"], Period.FromYears(10), RetentionBasis.RecordedAt, "operational", NewYork));
        chain.SetPolicy(new RetentionPolicy("access", ["access.*"], Period.FromYears(2), RetentionBasis.RecordedAt, "operational", NewYork));
        chain.SetPolicy(new RetentionPolicy("views-a", ["access.viewed"], Period.FromYears(3), RetentionBasis.RecordedAt, "operational", NewYork));
        chain.SetPolicy(new RetentionPolicy("views-b", ["access.viewed"], Period.FromYears(4), RetentionBasis.RecordedAt, "operational", NewYork));
        var viewed = chain.Append("access.viewed", "record:1");
        var exported = chain.Append("access.exported", "record:1");
        var other = chain.Append("training.completed", "person:1");

        var plan = chain.Plan(Instant.FromUtc(2015, 1, 1, 0, 0));

        Assert.Equal("views-b", plan.Purges.Single(p => p.Sequence == viewed.Sequence).PolicyId);
        Assert.Equal("access", plan.Purges.Single(p => p.Sequence == exported.Sequence).PolicyId);
        Assert.DoesNotContain(plan.Purges, p => p.Sequence == other.Sequence);
    }

    [Fact]
    public void Plan_CatchAllPolicy_NeverPurgesRetentionsOwnEntries()
    {
        var chain = new TestChain(Instant.FromUtc(2010, 1, 1, 15, 0));
        chain.SetPolicy(new RetentionPolicy("everything", ["*"], Period.FromYears(1), RetentionBasis.RecordedAt, "operational", NewYork));
        chain.PlaceHold(new LegalHold("h1", "matter 7", subject: "nobody"));
        chain.Append("access.viewed", "record:1");

        var plan = chain.Plan(Instant.FromUtc(2030, 1, 1, 0, 0));

        Assert.Equal("access.viewed", Assert.Single(plan.Purges).EntryType);
    }

    [Fact]
    public void Plan_Holds_ProtectWhatTheyCoverByChainSubjectTypeAndTimeAndNothingElse()
    {
        var chain = new TestChain(Instant.FromUtc(2010, 1, 1, 15, 0));
        chain.SetPolicy(new RetentionPolicy("everything", ["*"], Period.FromYears(1), RetentionBasis.RecordedAt, "operational", NewYork));
        var bySubject = chain.Append("access.viewed", "record:7");
        var byType = chain.Append("access.exported", "record:1");
        chain.Clock.AdvanceDays(100);
        var byTime = chain.Append("training.completed", "person:1");
        chain.Clock.AdvanceDays(100);
        var free = chain.Append("training.completed", "person:2");
        chain.PlaceHold(new LegalHold("subject", "matter 1", subject: "record:7"));
        chain.PlaceHold(new LegalHold("type", "matter 2", entryType: "access.exported"));
        chain.PlaceHold(new LegalHold("window", "matter 3", from: Instant.FromUtc(2010, 3, 1, 0, 0), until: Instant.FromUtc(2010, 5, 1, 0, 0)));

        var plan = chain.Plan(Instant.FromUtc(2030, 1, 1, 0, 0));

        Assert.Equal([free.Sequence], plan.Purges.Select(p => p.Sequence));
        Assert.Equal("subject", Assert.Single(plan.Held.Single(h => h.Expired.Sequence == bySubject.Sequence).Holds).Hold.Id);
        Assert.Equal("type", Assert.Single(plan.Held.Single(h => h.Expired.Sequence == byType.Sequence).Holds).Hold.Id);
        Assert.Equal("window", Assert.Single(plan.Held.Single(h => h.Expired.Sequence == byTime.Sequence).Holds).Hold.Id);
    }

    [Fact]
    public void Plan_WholeChainHoldThenReleased_BlocksThenAllows()
    {
        var chain = new TestChain(Instant.FromUtc(2010, 1, 1, 15, 0));
        chain.SetPolicy(AccessPolicy(Period.FromYears(6)));
        chain.Append("access.viewed", "record:1");
        chain.PlaceHold(new LegalHold("litigation-2016", "Doe v. Clinic"));

        var held = chain.Plan(Instant.FromUtc(2030, 1, 1, 0, 0));
        chain.ReleaseHold("litigation-2016");
        var released = chain.Plan(Instant.FromUtc(2030, 1, 1, 0, 0));

        Assert.Empty(held.Purges);
        Assert.Equal("counsel:lee", Assert.Single(Assert.Single(held.Held).Holds).PlacedBy);
        Assert.Single(released.Purges);
    }

    [Fact]
    public void Plan_BackdatedEntryInsideAHoldWindowByOccurredAt_IsStillHeld()
    {
        var chain = new TestChain(Instant.FromUtc(2012, 1, 1, 15, 0));
        chain.SetPolicy(AccessPolicy(Period.FromYears(6)));
        chain.Append("access.viewed", "record:1", occurredAt: Instant.FromUtc(2010, 6, 1, 0, 0));
        chain.PlaceHold(new LegalHold("window", "audit of 2010", from: Instant.FromUtc(2010, 1, 1, 0, 0), until: Instant.FromUtc(2011, 1, 1, 0, 0)));

        var plan = chain.Plan(Instant.FromUtc(2030, 1, 1, 0, 0));

        Assert.Empty(plan.Purges);
        Assert.Single(plan.Held);
    }

    [Fact]
    public void Plan_AlreadyPurgedEntries_AreNotPlannedAgain()
    {
        var chain = new TestChain(Instant.FromUtc(2010, 1, 1, 15, 0));
        var policy = chain.SetPolicy(AccessPolicy(Period.FromYears(6)));
        var first = chain.Append("access.viewed", "record:1");
        var second = chain.Append("access.viewed", "record:2");
        chain.Clock.AdvanceDays(365 * 7);
        chain.RecordPurge("access-6y", policy.Sequence, first.Sequence);

        var plan = chain.Plan(chain.Clock.GetCurrentInstant());

        Assert.Equal([second.Sequence], plan.Purges.Select(p => p.Sequence));
    }

    [Fact]
    public void Plan_UnreadableHoldEntry_BlocksEveryPurge()
    {
        var chain = new TestChain(Instant.FromUtc(2010, 1, 1, 15, 0));
        chain.SetPolicy(AccessPolicy(Period.FromYears(6)));
        chain.Append("access.viewed", "record:1");
        chain.Append(RetentionEntryTypes.HoldPlaced, "hold:x", """{"scope":"everything about Doe"}""");

        var plan = chain.Plan(Instant.FromUtc(2030, 1, 1, 0, 0));

        Assert.Empty(plan.Purges);
        Assert.Contains(plan.Blockers, b => b.Contains("cannot be read", StringComparison.Ordinal));
    }

    [Fact]
    public void Plan_RetiredPolicy_PurgesNothing()
    {
        var chain = new TestChain(Instant.FromUtc(2010, 1, 1, 15, 0));
        chain.SetPolicy(AccessPolicy(Period.FromYears(6)));
        chain.Append("access.viewed", "record:1");
        chain.Append(new EntryDraft(RetentionEntryTypes.PolicyRetired, RetentionSubjects.Policy("access-6y"), "admin",
            RetentionPayloads.PolicyRetired("access-6y", "replaced by the records schedule")));

        var plan = chain.Plan(Instant.FromUtc(2030, 1, 1, 0, 0));

        Assert.Empty(plan.Purges);
        Assert.Empty(plan.Policies);
    }

    [Fact]
    public void Plan_EntriesBeyondThePlannedSize_AreOutsideThePlan()
    {
        var chain = new TestChain(Instant.FromUtc(2010, 1, 1, 15, 0));
        chain.SetPolicy(AccessPolicy(Period.FromYears(6)));
        chain.Append("access.viewed", "record:1");
        var planner = new RetentionPlanner(TestChain.Id, 2, Instant.FromUtc(2030, 1, 1, 0, 0), RetentionRules.FromEntries(chain.Entries, AdministrationTrust.UnsignedAllowed()), new RetentionOptions());
        chain.Append("access.viewed", "record:2");

        foreach (var entry in chain.Entries)
        {
            planner.Add(entry);
        }

        Assert.Equal([1L], planner.Build().Purges.Select(p => p.Sequence));
    }

    private static RetentionPolicy AccessPolicy(Period period) =>
        new("access-6y", ["access.*"], period, RetentionBasis.RecordedAt, "operational", NewYork);

    private static RetentionPolicy BaaPolicy() =>
        new("baa-6y", ["baa.*"], Period.FromYears(6), RetentionBasis.LastEffective, RetentionOptions.DocumentationCategory, NewYork, ["baa.terminated"]);
}
