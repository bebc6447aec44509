using System.Security.Cryptography.X509Certificates;
using System.Security.Cryptography;
using ComplianceKit.Administration;
using ComplianceKit.Anchoring;
using ComplianceKit.Approvals;
using ComplianceKit.Bundles;
using ComplianceKit.EntityFrameworkCore.Ledger;
using ComplianceKit.EntityFrameworkCore.TestKit.Infrastructure;
using ComplianceKit.Ledger;
using ComplianceKit.Signing;
using ComplianceKit.Tests.Administration;
using ComplianceKit.Tests.Signing;
using Microsoft.Extensions.Options;
using NodaTime;
using NodaTime.Testing;

namespace ComplianceKit.EntityFrameworkCore.TestKit.Bundles;

/// <summary>Bundles exported from a real database and verified offline, as a compliance officer would; each store runs every test.</summary>
public abstract class EvidenceBundleExporterTests
{
    private const string Chain = "clinic";
    private static readonly ApprovalSubject Release = new("release", "2.4.0-production");
    private static readonly string Artifact = Convert.ToHexStringLower(SHA256.HashData("release notes 2.4.0"u8));
    private readonly TestPki _pki = TestPki.Instance;
    private readonly FakeClock _clock = new(TestPki.SigningTime.Minus(Duration.FromHours(1)), Duration.FromSeconds(1));
    private readonly IOptions<ComplianceKitOptions> _options = Options.Create(new ComplianceKitOptions { Organization = "Test Clinic" });

    /// <summary>The engine every test of the suite runs on.</summary>
    protected abstract IStoreEngine Engine { get; }

    [LedgerFact]
    public async Task Export_WholeChainWithApprovals_VerifiesOfflineWithTheOfficersTrustAnchors()
    {
        await using var db = await TestDatabase.CreateAsync(Engine);
        await using var context = db.CreateContext();
        var ledger = db.CreateLedger(context, _clock, _options.Value);
        await SeedAsync(ledger);

        var (bundle, result) = await ExportAsync(ledger, new BundleExportRequest { ChainId = Chain, TrustAnchors = [_pki.Root] });
        var report = await VerifyAsync(bundle);

        Assert.True(report.IsValid, Describe(report));
        Assert.Equal((await ledger.GetTreeHeadAsync(Chain)).Size, report.Checkpoint!.TreeSize);
        Assert.Equal(result.Entries, report.EntriesRead);
        Assert.Equal(2, result.Approvals);
        Assert.Equal(["Casey Officer", "Erin Engineer"], report.Approvals.Select(a => a.SignerName).Order());
        Assert.All(report.Approvals, a => Assert.True(a.Authorized == true && a.BindingProblem is null, a.ToString()));
        Assert.True(report.TrustAnchorDeclared);
    }

    [LedgerFact]
    public async Task Export_SelectedTypesAndSubject_HoldsOnlyThoseEntriesEachProvenInTheRoot()
    {
        await using var db = await TestDatabase.CreateAsync(Engine);
        await using var context = db.CreateContext();
        var ledger = db.CreateLedger(context, _clock, _options.Value);
        await SeedAsync(ledger);
        var scope = new BundleScope(entryTypes: ["baa.executed", ApprovalEntryTypes.ApprovalSigned], subjects: ["vendor:3", Release.ToString()]);

        var (bundle, result) = await ExportAsync(ledger, new BundleExportRequest { ChainId = Chain, Scope = scope });
        var report = await VerifyAsync(bundle);

        Assert.True(report.IsValid, Describe(report));
        var expected = await ledger.ReadAsync(Chain).Where(scope.Includes).CountAsync();
        Assert.Equal(expected, result.Entries);
        Assert.Equal(expected, report.EntriesRead);
        Assert.Equal(2, report.Approvals.Count);
    }

    [LedgerFact]
    public async Task Export_SelectionWithAPurgedPayload_CarriesThePurgeEntryThatAccountsForIt()
    {
        await using var db = await TestDatabase.CreateAsync(Engine);
        await using var context = db.CreateContext();
        var ledger = db.CreateLedger(context, _clock, _options.Value);
        await SeedAsync(ledger);
        await db.ExecuteAsync($"UPDATE {db.Table("ck_ledger_entries")} SET payload = NULL, payload_salt = NULL WHERE sequence = 8");
        await ledger.AppendAsync(Chain, [EntryDraft.FromJson(BundleFormat.PurgeEntryType, "policy:baa-6y", "retention",
            """{"policy":"baa-6y","policyEntry":0,"asOf":"2026-01-01T00:00:00Z","count":1,"ranges":[[8,8]]}""")]);
        var purged = (await ledger.GetEntryAsync(Chain, 8))!;

        var (bundle, _) = await ExportAsync(ledger, new BundleExportRequest { ChainId = Chain, Scope = new BundleScope(subjects: [purged.Subject]) });
        var report = await VerifyAsync(bundle);

        Assert.True(report.IsValid, Describe(report));
        Assert.Equal(1, report.PurgedEntries);
        Assert.Equal(1, report.EntryCountsByType[BundleFormat.PurgeEntryType]);
    }

    [LedgerFact]
    public async Task Export_SinceAnEarlierCheckpoint_ProvesTheChainExtendsIt()
    {
        await using var db = await TestDatabase.CreateAsync(Engine);
        await using var context = db.CreateContext();
        var ledger = db.CreateLedger(context, _clock, _options.Value);
        await SeedAsync(ledger);
        var (first, _) = await ExportAsync(ledger, new BundleExportRequest { ChainId = Chain });
        var earlier = (await VerifyAsync(first)).Checkpoint!;
        await ledger.AppendAsync(Chain, Facts(10, "later"));

        var (second, result) = await ExportAsync(ledger, new BundleExportRequest { ChainId = Chain, Scope = new BundleScope(entryTypes: ["training.completed"]), SinceCheckpoint = earlier });
        var report = await VerifyAsync(second, new BundleVerificationOptions { PreviousCheckpoint = earlier });

        Assert.True(report.IsValid, Describe(report));
        Assert.Equal(earlier.TreeSize + 10, result.Checkpoint.TreeSize);
        Assert.True(report.PreviousCheckpoint!.Consistent);
        Assert.True(report.PreviousCheckpoint.FromOfficer);
    }

    [LedgerFact]
    public async Task Export_SinceACheckpointTheChainContradicts_RefusesAndSaysTheLogWasRewritten()
    {
        await using var db = await TestDatabase.CreateAsync(Engine);
        await using var context = db.CreateContext();
        var ledger = db.CreateLedger(context, _clock, _options.Value);
        await ledger.AppendAsync(Chain, Facts(12, "a"));
        var forged = new Checkpoint(Checkpoint.OriginFor("Test Clinic", Chain), 6, SHA256.HashData("another history"u8));

        var error = await Assert.ThrowsAsync<BundleExportException>(() => ExportAsync(ledger, new BundleExportRequest { ChainId = Chain, SinceCheckpoint = forged }));

        Assert.True(error.ContradictsCheckpoint);
        Assert.Contains("rewritten", error.Message, StringComparison.Ordinal);
    }

    [LedgerFact]
    public async Task Export_ChainThatDoesNotExist_SaysWhichChainsThereAre()
    {
        await using var db = await TestDatabase.CreateAsync(Engine);
        await using var context = db.CreateContext();
        var ledger = db.CreateLedger(context, _clock, _options.Value);
        await ledger.AppendAsync(Chain, Facts(2, "a"));

        var error = await Assert.ThrowsAsync<BundleExportException>(() => ExportAsync(ledger, new BundleExportRequest { ChainId = "other" }));

        Assert.Contains("clinic", error.Message, StringComparison.Ordinal);
        Assert.False(error.ContradictsCheckpoint);
    }

    [LedgerFact]
    public async Task Export_StoredLevelZeroed_RefusesAsAFindingAndWritesNothing()
    {
        await using var db = await TestDatabase.CreateAsync(Engine);
        await using var context = db.CreateContext();
        var ledger = db.CreateLedger(context, _clock, _options.Value);
        await SeedAsync(ledger);
        await db.ExecuteAsync($"UPDATE {db.Table("ck_merkle_nodes")} SET hash = {{0}} WHERE level = 4", new byte[32]);
        using var organisation = new X509CertificateSigner(_pki.RsaSigner);
        var output = new MemoryStream();

        var error = await Assert.ThrowsAsync<BundleExportException>(() => new EvidenceBundleExporter(ledger, _clock, _options.Value)
            .ExportAsync(output, new BundleExportRequest { ChainId = Chain, Scope = new BundleScope(entryTypes: ["baa.executed"]) }, organisation));

        Assert.True(error.IsFinding);
        Assert.Contains("level 4, index 0", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, output.Length);
    }

    internal static async Task<BundleVerificationReport> VerifyAsync(byte[] bundle, BundleVerificationOptions? options = null) =>
        await new EvidenceBundleVerifier(TestPki.Instance.NewPolicy()).VerifyAsync(new MemoryStream(bundle), options);

    internal static string Describe(BundleVerificationReport report) => $"{report.Verdict}: {string.Join("\n", report.Findings.Where(f => f.IsFailure).Take(10))}";

    internal async Task SeedAsync(EntityFrameworkLedger<HostDbContext> ledger)
    {
        var recorder = new ApprovalRecorder(ledger, _clock, _options);
        var admins = TestAdministrators.Instance;
        var administration = new AdministrationRecorder(ledger, _clock, admins.Trust);
        await administration.GrantRoleAsync(Chain, "Compliance Officer", _pki.RsaSigner, admins.Administrator);
        await administration.GrantRoleAsync(Chain, "Release Manager", _pki.EcdsaSigner, admins.Administrator);
        await administration.AddTrustAnchorAsync(Chain, _pki.Root, admins.Administrator);
        await ledger.AppendAsync(Chain, Facts(30, "day1"));
        _clock.Reset(TestPki.SigningTime);
        await SignAsync(recorder, _pki.RsaSigner, "Compliance Officer");
        await ledger.AppendAsync(Chain, Facts(5, "day2"));
        await SignAsync(recorder, _pki.EcdsaSigner, "Release Manager");
    }

    internal async Task<(byte[] Bundle, BundleExportResult Result)> ExportAsync(EntityFrameworkLedger<HostDbContext> ledger, BundleExportRequest request)
    {
        using var organisation = new X509CertificateSigner(_pki.RsaSigner);
        var output = new MemoryStream();
        var result = await new EvidenceBundleExporter(ledger, _clock, _options.Value).ExportAsync(output, request, organisation);
        return (output.ToArray(), result);
    }

    private static async Task SignAsync(ApprovalRecorder recorder, X509Certificate2 certificate, string role)
    {
        using var signer = new X509CertificateSigner(certificate);
        await recorder.SignAsync(Chain, new ApprovalRequest
        {
            Subject = Release, ArtifactSha256 = Artifact, Decision = ApprovalDecision.Approved,
            SignerName = certificate.GetNameInfo(X509NameType.SimpleName, false), Role = role,
        }, signer);
    }

    private static EntryDraft[] Facts(int count, string tag) => Enumerable.Range(0, count)
        .Select(i => EntryDraft.FromJson(i % 3 == 0 ? "baa.executed" : "training.completed", $"vendor:{i % 5}", $"staff:{tag}", $$"""{"i":{{i}},"tag":"{{tag}}"}"""))
        .ToArray();
}
