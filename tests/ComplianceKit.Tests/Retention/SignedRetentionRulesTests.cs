using ComplianceKit.Administration;
using ComplianceKit.Ledger;
using ComplianceKit.Retention;
using ComplianceKit.Signing;
using ComplianceKit.Tests.Administration;
using ComplianceKit.Tests.Signing;
using NodaTime;

namespace ComplianceKit.Tests.Retention;

/// <summary>
/// Retention policies, overrides and holds are administration (issue 11, item 3): under a pinned administration root the
/// planner replays only rule entries an administrator signed, and names every other one.
/// </summary>
public sealed class SignedRetentionRulesTests
{
    private static readonly TestAdministrators Admins = TestAdministrators.Instance;
    private static readonly Instant Start = Instant.FromUtc(2021, 3, 1, 15, 0);
    private static readonly Instant Later = Instant.FromUtc(2035, 1, 1, 0, 0);

    [Fact]
    public void Plan_UnsignedPolicyUnderAPinnedRoot_PurgesNothingAndNamesIt()
    {
        var chain = new TestChain(Start);
        var policy = chain.SetPolicy(AccessPolicy());
        chain.Append("access.viewed", "record:1");

        var plan = chain.Plan(Later, trust: Admins.Trust);

        Assert.Empty(plan.Purges);
        Assert.Empty(plan.Policies);
        Assert.Empty(plan.Blockers);
        var ignored = Assert.Single(plan.IgnoredRules);
        Assert.Equal((policy.Sequence, AdministrativeFindingKind.NotSigned), (ignored.Sequence, ignored.Kind));
    }

    [Fact]
    public void Plan_PolicySignedByAnAdministrator_Purges()
    {
        var chain = new TestChain(Start);
        var policy = chain.AppendSigned(RetentionEntryTypes.PolicySet, RetentionSubjects.Policy("access-6y"), RetentionPayloads.Policy(AccessPolicy()), Admins.Administrator);
        var access = chain.Append("access.viewed", "record:1");

        var plan = chain.Plan(Later, trust: Admins.Trust);

        Assert.Equal(policy.Sequence, Assert.Single(plan.Policies).Sequence);
        Assert.Equal([access.Sequence], plan.Purges.Select(p => p.Sequence));
        Assert.Empty(plan.IgnoredRules);
    }

    [Fact]
    public void Plan_PolicySignedUnderAnotherRoot_PurgesNothingAndNamesIt()
    {
        var chain = new TestChain(Start);
        using var forger = new X509CertificateSigner(TestPki.Instance.ForeignSigner);
        var policy = chain.AppendSigned(RetentionEntryTypes.PolicySet, RetentionSubjects.Policy("access-6y"), RetentionPayloads.Policy(AccessPolicy()), forger);
        chain.Append("access.viewed", "record:1");

        var plan = chain.Plan(Later, trust: Admins.Trust);

        Assert.Empty(plan.Purges);
        var ignored = Assert.Single(plan.IgnoredRules);
        Assert.Equal((policy.Sequence, AdministrativeFindingKind.NotSignedByAdministrator), (ignored.Sequence, ignored.Kind));
    }

    [Fact]
    public void Plan_HoldSignedByANonAdministrator_IsIgnoredNamedAndProtectsNothing()
    {
        var chain = new TestChain(Start);
        chain.AppendSigned(RetentionEntryTypes.PolicySet, RetentionSubjects.Policy("access-6y"), RetentionPayloads.Policy(AccessPolicy()), Admins.Administrator);
        var access = chain.Append("access.viewed", "record:1");
        using var counsel = new X509CertificateSigner(TestPki.Instance.ForeignSigner);
        var hold = chain.AppendSigned(RetentionEntryTypes.HoldPlaced, RetentionSubjects.Hold("doe"), RetentionPayloads.HoldPlaced(new LegalHold("doe", "Doe v. Clinic")), counsel);

        var plan = chain.Plan(Later, trust: Admins.Trust);

        Assert.Empty(plan.Holds);
        Assert.Empty(plan.Held);
        Assert.Equal([access.Sequence], plan.Purges.Select(p => p.Sequence));
        var ignored = Assert.Single(plan.IgnoredRules);
        Assert.Equal((hold.Sequence, AdministrativeFindingKind.NotSignedByAdministrator, "hold:doe"), (ignored.Sequence, ignored.Kind, ignored.Subject));
    }

    [Fact]
    public void Plan_HoldSignedByAnAdministrator_KeepsWhatItCovers()
    {
        var chain = new TestChain(Start);
        chain.AppendSigned(RetentionEntryTypes.PolicySet, RetentionSubjects.Policy("access-6y"), RetentionPayloads.Policy(AccessPolicy()), Admins.Administrator);
        var access = chain.Append("access.viewed", "record:1");
        chain.AppendSigned(RetentionEntryTypes.HoldPlaced, RetentionSubjects.Hold("doe"), RetentionPayloads.HoldPlaced(new LegalHold("doe", "Doe v. Clinic")), Admins.SecondAdministrator);

        var plan = chain.Plan(Later, trust: Admins.Trust);

        Assert.Empty(plan.Purges);
        Assert.Equal(access.Sequence, Assert.Single(plan.Held).Expired.Sequence);
        Assert.Empty(plan.IgnoredRules);
    }

    [Fact]
    public void Plan_SignedOverrideCopiedIntoAPolicyEntry_IsWrongPlaceAndTheShortPolicyIsIgnored()
    {
        var chain = new TestChain(Start);
        var signedOverride = chain.AppendSigned(RetentionEntryTypes.OverrideApproved, RetentionSubjects.Policy("docs-1y"),
            RetentionPayloads.Override("docs-1y", "documentation", Period.FromYears(1), Period.FromYears(6), new RetentionOverride("pilot", "officer:privacy")), Admins.Administrator);
        var copied = chain.Append(new EntryDraft(RetentionEntryTypes.PolicySet, RetentionSubjects.Policy("docs-1y"), "intruder", signedOverride.Payload!));

        var plan = chain.Plan(Later, trust: Admins.Trust);

        Assert.Empty(plan.Policies);
        Assert.Contains(plan.IgnoredRules, f => f.Sequence == copied.Sequence && f.Kind == AdministrativeFindingKind.WrongPlace);
    }

    [Fact]
    public void Plan_UnsignedRulesInTheWeakerMode_CountAsBefore()
    {
        var chain = new TestChain(Start);
        chain.SetPolicy(AccessPolicy());
        var access = chain.Append("access.viewed", "record:1");

        var plan = chain.Plan(Later, trust: AdministrationTrust.UnsignedAllowed());

        Assert.Equal([access.Sequence], plan.Purges.Select(p => p.Sequence));
        Assert.Empty(plan.IgnoredRules);
    }

    private static RetentionPolicy AccessPolicy() =>
        new("access-6y", ["access.*"], Period.FromYears(6), RetentionBasis.RecordedAt, "operational", DateTimeZoneProviders.Tzdb["America/New_York"]);
}
