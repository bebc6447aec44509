using ComplianceKit.Baa;
using NodaTime;

namespace ComplianceKit.Tests.Baa;

public class BaaLifecycleTests
{
    private static readonly Duration Window = Duration.FromDays(30);

    private static Instant Day(int year, int month, int day) => Instant.FromUtc(year, month, day, 0, 0);

    [Fact]
    public void StatusAt_AgreementThroughItsLife_DraftExecutedActiveExpiringExpired()
    {
        var agreement = new BaaRecord
        {
            ChainId = "c", BaaId = "b", VendorId = "v", DraftedAt = Day(2025, 11, 1), ExecutionRecordedAt = Day(2025, 12, 1),
            EffectiveAt = Day(2026, 1, 1), ExpiresAt = Day(2027, 1, 1),
        };

        BaaStatus[] statuses = [.. new[] { Day(2025, 11, 15), Day(2025, 12, 15), Day(2026, 6, 1), Day(2026, 12, 15), Day(2027, 1, 1) }
            .Select(at => BaaLifecycle.StatusAt(agreement, at, Window))];

        Assert.Equal([BaaStatus.Draft, BaaStatus.Executed, BaaStatus.Active, BaaStatus.Expiring, BaaStatus.Expired], statuses);
    }

    [Fact]
    public void StatusAt_AutoRenewing_StaysActivePastItsTermUntilTerminated()
    {
        var agreement = new BaaRecord
        {
            ChainId = "c", BaaId = "b", VendorId = "v", ExecutionRecordedAt = Day(2024, 1, 1), EffectiveAt = Day(2024, 1, 1), ExpiresAt = Day(2025, 1, 1),
            AutoRenew = true, TerminatedAt = Day(2026, 2, 1),
        };

        Assert.Equal(BaaStatus.Active, BaaLifecycle.StatusAt(agreement, Day(2025, 6, 1), Window));
        Assert.Equal(BaaStatus.Terminated, BaaLifecycle.StatusAt(agreement, Day(2026, 2, 1), Window));
    }

    [Fact]
    public void InForceAt_Expression_AgreesWithStatusAtOnEveryCase()
    {
        BaaRecord[] agreements =
        [
            new() { ChainId = "c", BaaId = "draft", VendorId = "v", DraftedAt = Day(2025, 1, 1) },
            new() { ChainId = "c", BaaId = "plain", VendorId = "v", ExecutionRecordedAt = Day(2025, 1, 1), EffectiveAt = Day(2025, 2, 1), ExpiresAt = Day(2026, 2, 1) },
            new() { ChainId = "c", BaaId = "open", VendorId = "v", ExecutionRecordedAt = Day(2025, 1, 1), EffectiveAt = Day(2025, 1, 1) },
            new() { ChainId = "c", BaaId = "renew", VendorId = "v", ExecutionRecordedAt = Day(2025, 1, 1), EffectiveAt = Day(2025, 1, 1), ExpiresAt = Day(2025, 6, 1), AutoRenew = true },
            new() { ChainId = "c", BaaId = "ended", VendorId = "v", ExecutionRecordedAt = Day(2025, 1, 1), EffectiveAt = Day(2025, 1, 1), TerminatedAt = Day(2025, 9, 1) },
            new() { ChainId = "c", BaaId = "late", VendorId = "v", ExecutionRecordedAt = Day(2025, 8, 1), EffectiveAt = Day(2025, 1, 1) },
        ];
        var inForce = BaaLifecycle.InForceAt(Day(2025, 1, 1)).Compile();

        foreach (var at in Enumerable.Range(0, 30).Select(m => Day(2024, 12, 1) + Duration.FromDays(m * 20)))
        {
            var rule = BaaLifecycle.InForceAt(at).Compile();
            foreach (var agreement in agreements)
            {
                Assert.Equal(BaaLifecycle.IsInForce(BaaLifecycle.StatusAt(agreement, at, Window)), rule(agreement));
            }
        }

        Assert.False(inForce(agreements[0]));
    }

    [Fact]
    public void NoAgreementInForceAt_Vendor_IsTheNegationOfAnyAgreementInForce()
    {
        var vendor = new VendorRecord { ChainId = "c", VendorId = "v", Name = "V", HandlesPhi = true };
        vendor.Agreements.Add(new BaaRecord { ChainId = "c", BaaId = "old", VendorId = "v", ExecutionRecordedAt = Day(2024, 1, 1), EffectiveAt = Day(2024, 1, 1), ExpiresAt = Day(2025, 1, 1) });
        vendor.Agreements.Add(new BaaRecord { ChainId = "c", BaaId = "new", VendorId = "v", ExecutionRecordedAt = Day(2025, 3, 1), EffectiveAt = Day(2025, 3, 1) });

        bool Gap(Instant at) => BaaLifecycle.NoAgreementInForceAt(at).Compile()(vendor);

        Assert.Equal([false, true, false], new[] { Day(2024, 6, 1), Day(2025, 2, 1), Day(2025, 6, 1) }.Select(Gap));
    }

    [Fact]
    public void MissingFrom_AgreementWithoutIncidentReporting_NamesTheSecurityRuleClause()
    {
        var present = BaaRequiredClauses.All.Select(c => c.Id).Where(id => id != "report-security-incidents");

        var missing = Assert.Single(BaaRequiredClauses.MissingFrom(present));

        Assert.Equal("45 CFR 164.314(a)(2)(i)(C)", missing.Citation);
        Assert.Equal(15, BaaRequiredClauses.All.Count);
        Assert.Equal(12, BaaRequiredClauses.All.Count(c => c.Citation.StartsWith("45 CFR 164.504(e)(2)", StringComparison.Ordinal)));
    }

    [Fact]
    public void ToExecutedDraft_WithoutDocumentDigestOrSecondSignatory_IsRefused()
    {
        var terms = new BusinessAssociateAgreement
        {
            BaaId = "b", VendorId = "v", EffectiveAt = Day(2026, 1, 1), ExecutedAt = Day(2026, 1, 1), DocumentSha256 = new string('c', 64),
            Signatories = [new BaaSignatory("Kim Lee", "Officer", "Clinic")],
        };

        Assert.Throws<ArgumentException>(() => terms.ToExecutedDraft("officer"));
        Assert.Throws<ArgumentException>(() => (terms with { Signatories = [new("Kim Lee", "Officer", "Clinic"), new("Sam Roe", "CEO", "Vendor")], DocumentSha256 = null }).ToExecutedDraft("officer"));
        Assert.Equal(BaaEntryTypes.Drafted, terms.ToDraftedDraft("officer").EntryType);
    }
}
