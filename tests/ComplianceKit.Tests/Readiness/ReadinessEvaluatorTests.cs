using System.Security.Cryptography.X509Certificates;
using ComplianceKit.Administration;
using ComplianceKit.Approvals;
using ComplianceKit.Controls;
using ComplianceKit.Gates;
using ComplianceKit.Ledger;
using ComplianceKit.Projection;
using ComplianceKit.Readiness;
using ComplianceKit.Signing;
using ComplianceKit.Testing.Ledger;
using ComplianceKit.Tests.Administration;
using ComplianceKit.Tests.Projection;
using ComplianceKit.Tests.Signing;
using Microsoft.Extensions.Options;
using NodaTime;
using NodaTime.Testing;

namespace ComplianceKit.Tests.Readiness;

/// <summary>
/// Readiness computed from the verified projection of the in-memory ledger, with real signed approvals: the rules, not
/// the store (the store suite checks that the SQL projection answers the same).
/// </summary>
public sealed class ReadinessEvaluatorTests
{
    private const string Chain = "clinic";
    private static readonly ApprovalSubject Release = new("release", "2026.03-production");
    private static readonly TestAdministrators Admins = TestAdministrators.Instance;

    [Fact]
    public async Task Evaluate_WholeProgramme_NamesEveryBlocker()
    {
        var (ledger, store, _) = await ProjectScenarioAsync();

        var report = await new ReadinessEvaluator(ledger, store, Admins.Trust).EvaluateAsync(Chain, null, DomainScenario.At);

        Assert.Equal(ReadinessStatus.Blocked, report.Status);
        Assert.Equal(
            [
                "AgreementClausesMissing baa:v-missing-clauses/baa", "AgreementMissing vendor:v-draft-only", "AgreementMissing vendor:v-expired",
                "ControlEvidence control:crit-tick-only", "ControlEvidence control:imp-expired", "ControlEvidence control:imp-missing", "ControlEvidence control:imp-withdrawn",
                "PhiDispositionMissing baa:v-expired/baa", "TrainingExpired person:p-expired", "TrainingNeverAssigned person:p-unassigned", "TrainingOverdue person:p-overdue",
            ],
            report.Blockers.Select(b => $"{b.Kind} {b.Subject}").Order(StringComparer.Ordinal));
        Assert.Contains("self-attested", Assert.Single(report.Blockers, b => b.Subject == "control:crit-tick-only").Message, StringComparison.Ordinal);
        Assert.Contains("no-other-use", Assert.Single(report.Blockers, b => b.Kind == ReadinessBlockerKind.AgreementClausesMissing).Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Evaluate_WholeProgramme_FiguresAreComputedFromTheEvidence()
    {
        var (ledger, store, _) = await ProjectScenarioAsync();

        var report = await new ReadinessEvaluator(ledger, store, Admins.Trust).EvaluateAsync(Chain, null, DomainScenario.At);

        // Controls: satisfied weight 3 (critical documented) + 2 (expiring) + 2 (addressable, decided) of 17.
        Assert.Equal(41.2m, report.Controls.Percent);
        Assert.Equal((6, 3), (report.Agreements.PhiVendors, report.Agreements.Covered));
        Assert.Equal((7, 4), (report.Training.Members, report.Training.Covered));
        Assert.Equal(49.4m, report.ReadinessPercent);
        var critical = report.Controls.ByCriticality[0];
        Assert.Equal((ControlCriticality.Critical, 2, 1, 2, 1), (critical.Criticality, critical.Total, critical.Satisfied, critical.Current, critical.SelfAttestedOnly));
        var important = report.Controls.ByCriticality[1];
        Assert.Equal((5, 2, 1, 1, 2, 1), (important.Total, important.Satisfied, important.Expiring, important.Expired, important.Missing, important.DecidedNotApplicable));
    }

    [Fact]
    public async Task Evaluate_BeforeTheDueDatesAndExpiries_FewerBlockers()
    {
        var (ledger, store, _) = await ProjectScenarioAsync();

        var report = await new ReadinessEvaluator(ledger, store, Admins.Trust).EvaluateAsync(Chain, null, DomainScenario.Day(2026, 1, 20));

        Assert.Equal(["vendor:v-draft-only"], report.Blockers.Where(b => b.Kind == ReadinessBlockerKind.AgreementMissing).Select(b => b.Subject));
        Assert.DoesNotContain(report.Blockers, b => b.Kind == ReadinessBlockerKind.TrainingOverdue);
        Assert.Contains(report.Warnings, w => w.Contains("v-expired/baa", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Evaluate_GateWithSignedApprovalAndRequiredControls_OnlyTheGatesControlsAreInScope()
    {
        var (ledger, store, clock) = await ProjectScenarioAsync();
        var pki = TestPki.Instance;
        await new AdministrationRecorder(ledger, clock, Admins.Trust).DefineGateAsync(Chain, Gate(["Compliance Officer"], ["crit-documented", "imp-expiring", "imp-expired"]), Admins.Administrator);
        var recorder = new ApprovalRecorder(ledger, clock, Options.Create(new ComplianceKitOptions { Organization = "Test Clinic" }));
        await new AdministrationRecorder(ledger, clock, Admins.Trust).GrantRoleAsync(Chain, "Compliance Officer", pki.RsaSigner, Admins.Administrator);
        clock.AdvanceSeconds(2); // CMS signing times are whole seconds: sign after the grant's second
        await SignAsync(recorder, pki.RsaSigner, "Compliance Officer");
        var verifier = new CmsSignatureVerifier(pki.NewPolicy());

        var report = await new ReadinessEvaluator(ledger, store, Admins.Trust, verifier).EvaluateAsync(Chain, "g1", DomainScenario.At);

        Assert.Equal(100m, report.ApprovalsPercent);
        Assert.Equal(71.4m, report.Controls.Percent);
        Assert.Equal(["control:imp-expired"], report.Blockers.Where(b => b.Kind is ReadinessBlockerKind.ControlEvidence or ReadinessBlockerKind.Approval).Select(b => b.Subject));
        var gateBlocker = Assert.Single(report.GateEvaluation!.Blockers);
        Assert.Equal(GateBlockerKind.ControlEvidenceMissing, gateBlocker.Kind);
        Assert.Contains("imp-expired", gateBlocker.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Evaluate_GateWithoutTrustAnchors_EveryRequiredRoleBlocks()
    {
        var (ledger, store, clock) = await ProjectScenarioAsync();
        await new AdministrationRecorder(ledger, clock, Admins.Trust).DefineGateAsync(Chain, Gate(["Compliance Officer", "Operations Lead"], ["crit-documented"]), Admins.Administrator);

        var report = await new ReadinessEvaluator(ledger, store, Admins.Trust).EvaluateAsync(Chain, "g1", DomainScenario.At);

        Assert.Equal(["role:Compliance Officer", "role:Operations Lead"], report.Blockers.Where(b => b.Kind == ReadinessBlockerKind.Approval).Select(b => b.Subject));
        Assert.Equal(0m, report.ApprovalsPercent);
    }

    [Fact]
    public async Task Evaluate_GateRequiringAnUndefinedControl_NamesIt()
    {
        var (ledger, store, clock) = await ProjectScenarioAsync();
        await new AdministrationRecorder(ledger, clock, Admins.Trust).DefineGateAsync(Chain, Gate([], ["crit-documented", "no-such-control"]), Admins.Administrator);

        var report = await new ReadinessEvaluator(ledger, store, Admins.Trust).EvaluateAsync(Chain, "g1", DomainScenario.At);

        Assert.Equal("control:no-such-control", Assert.Single(report.Blockers, b => b.Kind == ReadinessBlockerKind.ControlUndefined).Subject);
        Assert.Null(report.ApprovalsPercent);
    }

    [Fact]
    public async Task Evaluate_GateWithControlsBoundToRecords_OnlyTheRecordsDecideAndOptionalControlsNeverBlock()
    {
        var (ledger, store, clock) = await ProjectScenarioAsync();
        await new AdministrationRecorder(ledger, clock, Admins.Trust).DefineGateAsync(Chain, Gate([], ["imp-missing", "crit-tick-only", "crit-documented", "imp-withdrawn"]) with
        {
            OptionalControls = ["imp-expired"],
            Requirements =
            [
                new GateRequirement { Control = "imp-missing", Kind = GateRequirementKind.BaaInForce, Vendors = ["v-covered"] },
                new GateRequirement { Control = "crit-tick-only", Kind = GateRequirementKind.BaaInForce, Vendors = ["v-draft-only", "v-no-phi"] },
                new GateRequirement { Control = "crit-documented", Kind = GateRequirementKind.TrainingCurrent },
                new GateRequirement { Control = "imp-withdrawn", Kind = GateRequirementKind.AccessTrail },
            ],
        }, Admins.Administrator);

        var report = await new ReadinessEvaluator(ledger, store, Admins.Trust).EvaluateAsync(Chain, "g1", DomainScenario.At);

        Assert.Equal(["control:crit-documented", "control:crit-tick-only", "control:imp-withdrawn"],
            report.Blockers.Where(b => b.Kind == ReadinessBlockerKind.RequirementUnmet).Select(b => b.Subject).Order(StringComparer.Ordinal));
        Assert.DoesNotContain(report.Blockers, b => b.Subject is "control:imp-missing" or "control:imp-expired");
        var baa = Assert.Single(report.Requirements, r => r.Requirement.Control == "crit-tick-only").Problem!;
        Assert.Equal("vendor v-draft-only has no executed BAA in force; vendor v-no-phi is not registered as handling PHI", baa);
        Assert.StartsWith("training of 7 workforce member(s) is not complete", Assert.Single(report.Requirements, r => r.Requirement.Kind == GateRequirementKind.TrainingCurrent).Problem, StringComparison.Ordinal);
        Assert.StartsWith("no PHI access event was recorded", Assert.Single(report.Requirements, r => r.Requirement.Kind == GateRequirementKind.AccessTrail).Problem, StringComparison.Ordinal);
        Assert.True(Assert.Single(report.Requirements, r => r.Requirement.Control == "imp-missing").IsSatisfied);
    }

    [Fact]
    public async Task Evaluate_AccessTrailBinding_IsMetByAnAccessEventInThePeriodOnly()
    {
        var (ledger, store, clock) = await ProjectScenarioAsync();
        await new AdministrationRecorder(ledger, clock, Admins.Trust).DefineGateAsync(Chain, Gate([], ["imp-withdrawn"]) with
        {
            Requirements = [new GateRequirement { Control = "imp-withdrawn", Kind = GateRequirementKind.AccessTrail }],
        }, Admins.Administrator);
        var occurred = clock.GetCurrentInstant();
        await ledger.AppendAsync(Chain, [new EntryDraft(ComplianceKit.Access.AccessEntryTypes.Allowed, "record:r1", "user:kim", "{\"action\":\"view\"}"u8.ToArray(), occurred)]);
        var policy = new ReadinessPolicy { AccessTrailPeriod = Duration.FromDays(90) };

        var inPeriod = await new ReadinessEvaluator(ledger, store, Admins.Trust, policy: policy).EvaluateAsync(Chain, "g1", DomainScenario.At);
        var outOfPeriod = await new ReadinessEvaluator(ledger, store, Admins.Trust, policy: new ReadinessPolicy { AccessTrailPeriod = Duration.FromDays(1) }).EvaluateAsync(Chain, "g1", DomainScenario.At);

        Assert.DoesNotContain(inPeriod.Blockers, b => b.Kind == ReadinessBlockerKind.RequirementUnmet);
        Assert.True(Assert.Single(inPeriod.Requirements).IsSatisfied);
        Assert.StartsWith("no PHI access event was recorded between 2026-02-28", Assert.Single(outOfPeriod.Requirements).Problem, StringComparison.Ordinal);
    }

    private static GateDefinition Gate(IReadOnlyList<string> roles, IReadOnlyList<string> controls) =>
        new() { Id = "g1", Title = "Production March 2026", Subject = Release, RequiredRoles = roles, RequiredControls = controls };

    private static async Task SignAsync(ApprovalRecorder recorder, X509Certificate2 certificate, string role)
    {
        using var signer = new X509CertificateSigner(certificate);
        await recorder.SignAsync(Chain, new ApprovalRequest
        {
            Subject = Release, ArtifactSha256 = DomainScenario.Digest("release notes"), Decision = ApprovalDecision.Approved,
            SignerName = certificate.GetNameInfo(X509NameType.SimpleName, false), Role = role,
        }, signer);
    }

    /// <summary>The scenario in an in-memory ledger; its verified projection answers the readiness queries.</summary>
    private static async Task<(IComplianceLedger Ledger, IComplianceQueries Store, FakeClock Clock)> ProjectScenarioAsync()
    {
        var clock = DomainScenario.Clock();
        var ledger = new InMemoryComplianceLedger(clock);
        await DomainScenario.RecordAsync(ledger, Chain);
        return (ledger, await VerifiedProjection.BuildAsync(ledger, Chain), clock);
    }
}
