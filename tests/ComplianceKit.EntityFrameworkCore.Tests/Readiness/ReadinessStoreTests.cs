using System.Security.Cryptography.X509Certificates;
using ComplianceKit.Administration;
using ComplianceKit.Approvals;
using ComplianceKit.Controls;
using ComplianceKit.EntityFrameworkCore.Projection;
using ComplianceKit.EntityFrameworkCore.Tests.Infrastructure;
using ComplianceKit.Gates;
using ComplianceKit.Ledger;
using ComplianceKit.Projection;
using ComplianceKit.Readiness;
using ComplianceKit.Signing;
using ComplianceKit.Tests.Administration;
using ComplianceKit.Tests.Signing;
using Microsoft.Extensions.Options;
using NodaTime;
using NodaTime.Testing;

namespace ComplianceKit.EntityFrameworkCore.Tests.Readiness;

/// <summary>Readiness computed from the projected state in a real database, with real signed approvals.</summary>
public abstract class ReadinessStoreTests
{
    private const string Chain = "clinic";
    private static readonly ApprovalSubject Release = new("release", "2026.03-production");
    private static readonly TestAdministrators Admins = TestAdministrators.Instance;

    /// <summary>"sqlite" or "postgres".</summary>
    protected abstract string Provider { get; }

    [StoreFact]
    public async Task Evaluate_WholeProgramme_NamesEveryBlocker()
    {
        await using var db = await TestDatabase.CreateAsync(Provider);
        await using var context = db.CreateContext();
        var (ledger, store, _) = await ProjectScenarioAsync(db, context);

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

    [StoreFact]
    public async Task Evaluate_WholeProgramme_FiguresAreComputedFromTheEvidence()
    {
        await using var db = await TestDatabase.CreateAsync(Provider);
        await using var context = db.CreateContext();
        var (ledger, store, _) = await ProjectScenarioAsync(db, context);

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

    [StoreFact]
    public async Task Evaluate_StoreAndInMemorySnapshot_GiveTheSameReport()
    {
        await using var db = await TestDatabase.CreateAsync(Provider);
        await using var context = db.CreateContext();
        var (ledger, store, _) = await ProjectScenarioAsync(db, context);
        var snapshot = await VerifiedProjection.BuildAsync(ledger, Chain);

        var fromStore = await new ReadinessEvaluator(ledger, store, Admins.Trust).EvaluateAsync(Chain, null, DomainScenario.At);
        var fromSnapshot = await new ReadinessEvaluator(ledger, snapshot, Admins.Trust).EvaluateAsync(Chain, null, DomainScenario.At);

        Assert.Equal(fromSnapshot.Blockers, fromStore.Blockers);
        Assert.Equal(fromSnapshot.Warnings, fromStore.Warnings);
        Assert.Equal(fromSnapshot.ReadinessPercent, fromStore.ReadinessPercent);
    }

    [StoreFact]
    public async Task Evaluate_BeforeTheDueDatesAndExpiries_FewerBlockers()
    {
        await using var db = await TestDatabase.CreateAsync(Provider);
        await using var context = db.CreateContext();
        var (ledger, store, _) = await ProjectScenarioAsync(db, context);

        var report = await new ReadinessEvaluator(ledger, store, Admins.Trust).EvaluateAsync(Chain, null, DomainScenario.Day(2026, 1, 20));

        Assert.Equal(["vendor:v-draft-only"], report.Blockers.Where(b => b.Kind == ReadinessBlockerKind.AgreementMissing).Select(b => b.Subject));
        Assert.DoesNotContain(report.Blockers, b => b.Kind == ReadinessBlockerKind.TrainingOverdue);
        Assert.Contains(report.Warnings, w => w.Contains("v-expired/baa", StringComparison.Ordinal));
    }

    [StoreFact]
    public async Task Evaluate_GateWithSignedApprovalAndRequiredControls_OnlyTheGatesControlsAreInScope()
    {
        await using var db = await TestDatabase.CreateAsync(Provider);
        await using var context = db.CreateContext();
        var (ledger, store, clock) = await ProjectScenarioAsync(db, context);
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

    [StoreFact]
    public async Task Evaluate_GateWithoutTrustAnchors_EveryRequiredRoleBlocks()
    {
        await using var db = await TestDatabase.CreateAsync(Provider);
        await using var context = db.CreateContext();
        var (ledger, store, clock) = await ProjectScenarioAsync(db, context);
        await new AdministrationRecorder(ledger, clock, Admins.Trust).DefineGateAsync(Chain, Gate(["Compliance Officer", "Operations Lead"], ["crit-documented"]), Admins.Administrator);

        var report = await new ReadinessEvaluator(ledger, store, Admins.Trust).EvaluateAsync(Chain, "g1", DomainScenario.At);

        Assert.Equal(["role:Compliance Officer", "role:Operations Lead"], report.Blockers.Where(b => b.Kind == ReadinessBlockerKind.Approval).Select(b => b.Subject));
        Assert.Equal(0m, report.ApprovalsPercent);
    }

    [StoreFact]
    public async Task Evaluate_GateRequiringAnUndefinedControl_NamesIt()
    {
        await using var db = await TestDatabase.CreateAsync(Provider);
        await using var context = db.CreateContext();
        var (ledger, store, clock) = await ProjectScenarioAsync(db, context);
        await new AdministrationRecorder(ledger, clock, Admins.Trust).DefineGateAsync(Chain, Gate([], ["crit-documented", "no-such-control"]), Admins.Administrator);

        var report = await new ReadinessEvaluator(ledger, store, Admins.Trust).EvaluateAsync(Chain, "g1", DomainScenario.At);

        Assert.Equal("control:no-such-control", Assert.Single(report.Blockers, b => b.Kind == ReadinessBlockerKind.ControlUndefined).Subject);
        Assert.Null(report.ApprovalsPercent);
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

    private async Task<(IComplianceLedger Ledger, IComplianceQueries Store, FakeClock Clock)> ProjectScenarioAsync(TestDatabase db, HostDbContext context)
    {
        var clock = DomainScenario.Clock();
        var ledger = db.CreateLedger(context, clock);
        await DomainScenario.RecordAsync(ledger, Chain);
        await new ComplianceProjection<HostDbContext>(context, ledger, clock).RebuildAsync(Chain);
        return (ledger, new EntityFrameworkComplianceQueries<HostDbContext>(context), clock);
    }
}

/// <summary>Readiness on SQLite.</summary>
public sealed class SqliteReadinessStoreTests : ReadinessStoreTests
{
    /// <inheritdoc />
    protected override string Provider => "sqlite";
}

/// <summary>Readiness on PostgreSQL.</summary>
public sealed class PostgresReadinessStoreTests : ReadinessStoreTests, IPostgresTests
{
    /// <inheritdoc />
    protected override string Provider => "postgres";
}
