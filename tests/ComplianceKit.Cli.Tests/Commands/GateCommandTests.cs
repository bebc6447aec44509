using System.Security.Cryptography.X509Certificates;
using ComplianceKit.Administration;
using ComplianceKit.Approvals;
using ComplianceKit.Cli.Demo;
using ComplianceKit.Cli.Tests.Infrastructure;
using ComplianceKit.Controls;
using ComplianceKit.EntityFrameworkCore;
using ComplianceKit.EntityFrameworkCore.Ledger;
using ComplianceKit.Evidence;
using ComplianceKit.Signing;
using ComplianceKit.Tests.Administration;
using Microsoft.Extensions.Options;
using NodaTime;
using NodaTime.Testing;

namespace ComplianceKit.Cli.Tests.Commands;

/// <summary><c>compliancekit gate</c> on a ledger written by a host: a gate, evidence, a role grant and a signed approval from a demo CA.</summary>
public sealed class GateCommandTests : IDisposable
{
    private static readonly Instant Start = Instant.FromUtc(2026, 2, 1, 9, 0);
    private static readonly string After = "2026-02-02T00:00:00Z";
    private readonly WorkFolder _work = new();
    private readonly DemoCertificateAuthority _authority = DemoCertificateAuthority.Create(Start - Duration.FromHours(1), "Gate Test Clinic");

    [Fact]
    public async Task Gate_SignedApprovalAndCurrentEvidence_WithTrustFile_IsOpen()
    {
        var db = await RecordAsync(recordAnchor: false);

        var result = await CliRun.RunAsync("gate", "--db", db, "--gate", "release-7", "--at", After, "--trust", CaFile(_authority));

        Assert.True(result.Exit == 0, result.ToString());
        Assert.Contains("release-7 (Release 7) at 2026-02-02T00:00:00.000000Z: OPEN", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Gate_AnchorRecordedInTheLedger_IsUsedWhenNoTrustFileIsGiven()
    {
        var db = await RecordAsync(recordAnchor: true);

        var result = await CliRun.RunAsync("gate", "--db", db, "--gate", "release-7", "--at", After, "--json");

        Assert.True(result.Exit == 0, result.ToString());
        var json = result.Json();
        Assert.True(json.GetProperty("open").GetBoolean());
        Assert.Equal(["Compliance Officer"], json.GetProperty("satisfiedRoles").EnumerateArray().Select(r => r.GetString()));
        Assert.Equal("Valid", json.GetProperty("approvals")[0].GetProperty("signature").GetString());
    }

    [Fact]
    public async Task Gate_NoTrustAnchorAnywhere_EveryRoleBlocks()
    {
        var db = await RecordAsync(recordAnchor: false);

        var result = await CliRun.RunAsync("gate", "--db", db, "--gate", "release-7", "--at", After);

        Assert.Equal(1, result.Exit);
        Assert.Contains("RoleMissing [Compliance Officer]: No trust anchor", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Gate_TrustingAnotherCa_TheSignatureDoesNotCount()
    {
        var db = await RecordAsync(recordAnchor: true);
        using var other = DemoCertificateAuthority.Create(Start - Duration.FromHours(1), "Someone Else");

        var result = await CliRun.RunAsync("gate", "--db", db, "--gate", "release-7", "--at", After, "--trust", CaFile(other));

        Assert.Equal(1, result.Exit);
        Assert.Contains("SignatureInvalid [Compliance Officer]", result.Output, StringComparison.Ordinal);
        Assert.Contains("RoleMissing [Compliance Officer]", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Gate_OnceTheEvidenceWentStale_BlocksNamingTheControl()
    {
        var db = await RecordAsync(recordAnchor: true);

        var result = await CliRun.RunAsync("gate", "--db", db, "--gate", "release-7", "--at", "2026-06-01");

        Assert.Equal(1, result.Exit);
        Assert.Contains("ControlEvidenceMissing: Control backups: backup-restore-test expired 2026-04-01T09:00:00.000000Z.", result.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("RoleMissing", result.Output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--gate", "release-8", "No gate 'release-8'")]
    [InlineData("--trust", "missing.pem", "does not exist")]
    public async Task Gate_BadArguments_ExitTwo(string option, string value, string message)
    {
        var db = await RecordAsync(recordAnchor: true);
        string[] args = option == "--gate"
            ? ["gate", "--db", db, "--gate", value]
            : ["gate", "--db", db, "--gate", "release-7", option, _work.File(value)];

        var result = await CliRun.RunAsync(args);

        Assert.Equal(2, result.Exit);
        Assert.Contains(message, result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Gate_DefinitionEntryNotInTheDocumentedShape_ExitsTwoNamingIt()
    {
        var db = await RecordAsync(recordAnchor: true);
        await using (var context = ComplianceKitSqlite.CreateDbContext(db))
        {
            var ledger = new EntityFrameworkLedger<ComplianceKitDbContext>(context, new FakeClock(Start + Duration.FromHours(1)), Options.Create(new ComplianceKitOptions()));
            await ledger.AppendAsync("default", [ComplianceKit.Ledger.EntryDraft.FromJson(GateDefinition.EntryType, "gate:broken", "officer", "{\"id\":\"broken\"}")]);
        }

        var result = await CliRun.RunAsync("gate", "--db", db, "--gate", "broken", "--at", After, "--unsigned-administration");

        Assert.True(result.Exit == 2, result.ToString());
        Assert.Contains("No gate 'broken'", result.Error, StringComparison.Ordinal);
        Assert.Contains("(gate.defined) cannot be read", result.Error, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        _authority.Dispose();
        _work.Dispose();
    }

    private string CaFile(DemoCertificateAuthority authority) => _work.Write($"{Guid.NewGuid():N}.pem", authority.ExportCertificatePem());

    private async Task<string> RecordAsync(bool recordAnchor)
    {
        var path = _work.File("host.db");
        var clock = new FakeClock(Start, Duration.FromMilliseconds(10));
        await using var context = ComplianceKitSqlite.CreateDbContext(path);
        await ComplianceKitDatabase.EnsureCreatedAsync(context);
        var ledger = new EntityFrameworkLedger<ComplianceKitDbContext>(context, clock, Options.Create(new ComplianceKitOptions()));
        var subject = new ApprovalSubject("release", "7");
        await ledger.AppendAsync("default",
        [
            new ControlDefinition { Id = "backups", Title = "Data backup plan", Criticality = ControlCriticality.Critical, Evidence = [new EvidenceRequirement("backup-restore-test", 60)] }.ToDraft("officer"),
            new EvidenceStatement
            {
                EvidenceId = "restore-jan", ControlId = "backups", Kind = "backup-restore-test", ArtifactSha256 = new string('a', 64), CollectedAt = Start - Duration.FromDays(1),
                CollectedBy = "it",
            }.ToDraft("it"),
        ]);
        var admins = TestAdministrators.Instance;
        await System.IO.File.WriteAllTextAsync(path + ".admin-root.pem", admins.Root.ExportCertificatePem());
        var administration = new AdministrationRecorder(ledger, clock, admins.Trust);
        await administration.DefineGateAsync("default", new GateDefinition { Id = "release-7", Title = "Release 7", Subject = subject, RequiredRoles = ["Compliance Officer"], RequiredControls = ["backups"] },
            admins.Administrator);
        var recorder = new ApprovalRecorder(ledger, clock, Options.Create(new ComplianceKitOptions { Organization = "Gate Test Clinic" }));
        if (recordAnchor)
        {
            await administration.AddTrustAnchorAsync("default", _authority.Certificate, admins.Administrator);
        }

        using var certificate = _authority.IssueSigner("Casey Officer", "Compliance Officer", Start);
        await administration.GrantRoleAsync("default", "Compliance Officer", certificate, admins.Administrator);
        clock.AdvanceSeconds(2);
        using var signer = new X509CertificateSigner(certificate);
        await recorder.SignAsync("default", new ApprovalRequest
        {
            Subject = subject, ArtifactSha256 = new string('b', 64), Decision = ApprovalDecision.Approved,
            SignerName = certificate.GetNameInfo(X509NameType.SimpleName, false), Role = "Compliance Officer",
        }, signer);
        return path;
    }
}
