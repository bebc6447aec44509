using System.Security.Cryptography;
using ComplianceKit.Cli.Tests.Infrastructure;
using ComplianceKit.Tests.Signing;

namespace ComplianceKit.Cli.Tests.Officer;

/// <summary><c>evidence add|withdraw|list</c>: an artifact recorded by its digest, signed or not, and withdrawn.</summary>
public sealed class EvidenceCommandTests
{
    private static TestPki Pki => TestPki.Instance;

    [Fact]
    public async Task Add_ArtifactFile_RecordsItsSha256AndTheInstantsAndTheFileStays()
    {
        using var work = await OfficerWorkspace.CreateAsync();
        var report = work.Write("restore-drill.txt", "restored in 14 minutes");

        var result = await CliRun.RunAsync("evidence", "add", "--db", work.Database, "--control", OfficerWorkspace.BackupControl, "--file", report,
            "--collected", "2026-02-01T09:00:00Z", "--effective", "2026-02-01", "--valid-until", "2030-02-01", "--collected-by", "staff-042", "--json");

        Assert.True(result.Exit == 0, result.ToString());
        var json = result.Json();
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData("restored in 14 minutes"u8)), json.GetProperty("artifactSha256").GetString());
        Assert.Equal("Documented", json.GetProperty("assurance").GetString());
        Assert.Equal("2026-02-01T09:00:00.000000Z", json.GetProperty("collectedAt").GetString());
        Assert.Equal("2030-02-01T00:00:00.000000Z", json.GetProperty("validUntil").GetString());
        Assert.True(File.Exists(report));
        var list = (await CliRun.RunAsync("evidence", "list", "--db", work.Database, "--control", OfficerWorkspace.BackupControl, "--json")).Json();
        Assert.Equal("staff-042", Assert.Single(list.GetProperty("items").EnumerateArray()).GetProperty("collectedBy").GetString());
    }

    [Fact]
    public async Task Add_Signed_IsTheStrongestAssurance()
    {
        using var work = await OfficerWorkspace.CreateAsync();

        var result = await CliRun.RunAsync("evidence", "add", "--db", work.Database, "--control", OfficerWorkspace.AccessControl, "--file", work.Write("review.csv", "a,b"),
            "--collected-by", "staff-007", "--signing-cert", work.Pfx(Pki.RsaSigner, "casey.pfx"), "--json");

        Assert.True(result.Exit == 0, result.ToString());
        Assert.Equal("SignedArtifact", result.Json().GetProperty("assurance").GetString());
    }

    [Fact]
    public async Task Add_SignedWithCaCertificate_RefusedWithExitOneAndNothingWritten()
    {
        using var work = await OfficerWorkspace.CreateAsync();
        var before = work.LedgerSize();

        var result = await CliRun.RunAsync("evidence", "add", "--db", work.Database, "--control", OfficerWorkspace.AccessControl, "--file", work.Write("review.csv", "a,b"),
            "--collected-by", "staff-007", "--signing-cert", work.Pfx(Pki.CaSigner, "ca-signer.pfx"));

        Assert.Equal(1, result.Exit);
        Assert.Contains("SignerCertificateUnsuitable", result.Error, StringComparison.Ordinal);
        Assert.Equal(before, work.LedgerSize());
    }

    [Fact]
    public async Task Add_UnknownControl_ExitTwoAndNothingWritten()
    {
        using var work = await OfficerWorkspace.CreateAsync();
        var before = work.LedgerSize();

        var result = await CliRun.RunAsync("evidence", "add", "--db", work.Database, "--control", "no-such-control", "--file", work.Write("x.txt", "x"), "--collected-by", "staff-1");

        Assert.Equal(2, result.Exit);
        Assert.Contains("no control 'no-such-control'", result.Error, StringComparison.Ordinal);
        Assert.Equal(before, work.LedgerSize());
    }

    [Fact]
    public async Task Withdraw_RecordedEvidence_ListShowsItWithdrawnAndTheGateBlocksOnTheControl()
    {
        using var work = await OfficerWorkspace.CreateAsync();
        var added = (await CliRun.RunAsync("evidence", "add", "--db", work.Database, "--control", OfficerWorkspace.BackupControl, "--file", work.Write("d.txt", "drill"),
            "--collected-by", "staff-042", "--id", "drill-2026", "--json")).Json();

        var result = await CliRun.RunAsync("evidence", "withdraw", "--db", work.Database, "--control", OfficerWorkspace.BackupControl, "--id", "drill-2026",
            "--reason", "attached to the wrong release", "--actor", "officer:kim");

        Assert.True(result.Exit == 0, result.ToString());
        var list = await CliRun.RunAsync("evidence", "list", "--db", work.Database, "--control", OfficerWorkspace.BackupControl);
        Assert.Contains("WITHDRAWN", list.Output, StringComparison.Ordinal);
        var gate = await CliRun.RunAsync("gate", "--db", work.Database, "--gate", OfficerWorkspace.Gate);
        Assert.Contains(OfficerWorkspace.BackupControl, gate.Output, StringComparison.Ordinal);
        Assert.True(added.GetProperty("entry").GetInt64() > 0);
    }
}
