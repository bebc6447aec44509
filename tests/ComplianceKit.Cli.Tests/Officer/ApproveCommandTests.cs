using ComplianceKit.Cli.Tests.Infrastructure;
using ComplianceKit.Tests.Signing;

namespace ComplianceKit.Cli.Tests.Officer;

/// <summary><c>approve</c>: what is signed is shown first, confirmed, and refused before writing when the gate would not count it.</summary>
public sealed class ApproveCommandTests
{
    private static TestPki Pki => TestPki.Instance;

    [Fact]
    public async Task Approve_ConfirmedOnStdin_ShowsWhatIsSignedThenRecordsItAndPrintsTheGate()
    {
        using var work = await OfficerWorkspace.CreateAsync();
        var artifact = work.Write("release-4.0.tar", "the release");
        var before = work.LedgerSize();

        var result = await CliRun.RunWithInputAsync("yes\n", "approve", "--db", work.Database, "--gate", OfficerWorkspace.Gate, "--decision", "approved-with-conditions",
            "--conditions", "Watch the audit log for 48 hours.", "--artifact", artifact, "--signing-cert", work.Pfx(Pki.RsaSigner, "casey.pfx"));

        Assert.True(result.Exit == 0, result.ToString());
        Assert.Equal(before + 1, work.LedgerSize());
        var preview = result.Output[..result.Output.IndexOf("Sign it?", StringComparison.Ordinal)];
        Assert.Contains($"gate          {OfficerWorkspace.Gate} (Release 4.0)", preview, StringComparison.Ordinal);
        Assert.Contains($"subject       deployment:{OfficerWorkspace.Gate}", preview, StringComparison.Ordinal);
        Assert.Contains("artifact      sha256 " + Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData("the release"u8)), preview, StringComparison.Ordinal);
        Assert.Contains("decision      ApprovedWithConditions: Watch the audit log for 48 hours.", preview, StringComparison.Ordinal);
        Assert.Contains("meaning       Approval", preview, StringComparison.Ordinal);
        Assert.Contains("printed name  Casey Officer", preview, StringComparison.Ordinal);
        Assert.Contains("role          Compliance Officer", preview, StringComparison.Ordinal);
        Assert.Contains("you attest    No open findings", preview, StringComparison.Ordinal);
        Assert.Contains($"ledger head   chain default, size {before}, root ", preview, StringComparison.Ordinal);
        Assert.Contains($"Signed: entry {before}", result.Output, StringComparison.Ordinal);
        Assert.Contains($"Gate {OfficerWorkspace.Gate} (Release 4.0)", result.Output, StringComparison.Ordinal);
        Assert.Contains("Compliance Officer ✓", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Approve_Json_ReportsTheStatementTheEntryAndTheGate()
    {
        using var work = await OfficerWorkspace.CreateAsync();

        var result = await CliRun.RunAsync("approve", "--db", work.Database, "--gate", OfficerWorkspace.Gate, "--decision", "approved",
            "--artifact-sha256", new string('a', 64), "--signing-cert", work.Pfx(Pki.EcdsaSigner, "erin.pfx"), "--yes", "--json");

        Assert.True(result.Exit == 0, result.ToString());
        var json = result.Json();
        Assert.True(json.GetProperty("signed").GetBoolean());
        Assert.Equal("Release Manager", json.GetProperty("statement").GetProperty("role").GetString());
        Assert.Equal("Erin Engineer", json.GetProperty("statement").GetProperty("printedName").GetString());
        Assert.Equal(["Release Manager"], json.GetProperty("gate").GetProperty("satisfiedRoles").EnumerateArray().Select(r => r.GetString()));
        Assert.Equal("Blocked", json.GetProperty("gate").GetProperty("status").GetString());
        Assert.Contains("You are about to sign", result.Error, StringComparison.Ordinal);
    }

    public static TheoryData<string, string> Refusals => new()
    {
        { "expired", "NotValidAtSigningTime" },
        { "no-digital-signature", "KeyUsageMissing" },
        { "ca-certificate", "SignerCertificateUnsuitable" },
        { "rsa-1024", "SignerCertificateUnsuitable" },
        { "other-ca", "UntrustedChain" },
        { "role-not-held", "SignerNotAuthorized" },
    };

    [Theory]
    [MemberData(nameof(Refusals))]
    public async Task Approve_CertificateTheGateWouldNotCount_RefusedWithExitOneAndNothingWritten(string certificate, string kind)
    {
        using var work = await OfficerWorkspace.CreateAsync();
        var pfx = work.Pfx(certificate switch
        {
            "expired" => Pki.ExpiredSigner,
            "no-digital-signature" => Pki.NoDigitalSignatureSigner,
            "ca-certificate" => Pki.CaSigner,
            "rsa-1024" => Pki.WeakRsaSigner,
            "other-ca" => Pki.ForeignSigner,
            _ => Pki.NonRepudiationOnlySigner,
        }, "signer.pfx");
        var before = work.LedgerSize();

        var result = await CliRun.RunAsync("approve", "--db", work.Database, "--gate", OfficerWorkspace.Gate, "--decision", "approved",
            "--artifact-sha256", new string('b', 64), "--signing-cert", pfx, "--yes", "--json");

        Assert.True(result.Exit == 1, result.ToString());
        var json = result.Json();
        Assert.True(json.GetProperty("refused").GetBoolean());
        Assert.Equal(kind, json.GetProperty("kind").GetString());
        Assert.Equal(before, work.LedgerSize());
    }

    [Fact]
    public async Task Approve_RoleNotHeld_TextNamesTheCertificateAndTheRoles()
    {
        using var work = await OfficerWorkspace.CreateAsync();
        var before = work.LedgerSize();

        var result = await CliRun.RunAsync("approve", "--db", work.Database, "--gate", OfficerWorkspace.Gate, "--decision", "rejected",
            "--artifact-sha256", new string('b', 64), "--signing-cert", work.Pfx(Pki.NonRepudiationOnlySigner, "nora.pfx"), "--yes");

        Assert.Equal(1, result.Exit);
        Assert.Contains("refused (SignerNotAuthorized)", result.Error, StringComparison.Ordinal);
        Assert.Contains("CN=Nora NonRepudiation", result.Error, StringComparison.Ordinal);
        Assert.Contains("Compliance Officer, Release Manager", result.Error, StringComparison.Ordinal);
        Assert.Equal(before, work.LedgerSize());
    }

    [Fact]
    public async Task Approve_NoStdinAndNoYes_ExitTwoAskingForYesAndNothingWritten()
    {
        using var work = await OfficerWorkspace.CreateAsync();
        var before = work.LedgerSize();

        var result = await CliRun.RunAsync("approve", "--db", work.Database, "--gate", OfficerWorkspace.Gate, "--decision", "approved",
            "--artifact-sha256", new string('c', 64), "--signing-cert", work.Pfx(Pki.RsaSigner, "casey.pfx"));

        Assert.Equal(2, result.Exit);
        Assert.Contains("--yes", result.Error, StringComparison.Ordinal);
        Assert.StartsWith("error: ", result.Error, StringComparison.Ordinal);
        Assert.Equal(before, work.LedgerSize());
    }

    [Fact]
    public async Task Approve_AnsweredNo_RefusedWithExitOneAndNothingWritten()
    {
        using var work = await OfficerWorkspace.CreateAsync();
        var before = work.LedgerSize();

        var result = await CliRun.RunWithInputAsync("no\n", "approve", "--db", work.Database, "--gate", OfficerWorkspace.Gate, "--decision", "approved",
            "--artifact-sha256", new string('c', 64), "--signing-cert", work.Pfx(Pki.RsaSigner, "casey.pfx"));

        Assert.Equal(1, result.Exit);
        Assert.Contains("refused (NotConfirmed)", result.Error, StringComparison.Ordinal);
        Assert.Equal(before, work.LedgerSize());
    }

    [Theory]
    [InlineData("approved-with-conditions", null, "--conditions")]
    [InlineData("approved", "only if", "--conditions goes only with")]
    [InlineData("maybe", null, "is not one of approved")]
    public async Task Approve_DecisionAndConditionsDisagree_ExitTwoAndNothingWritten(string decision, string? conditions, string message)
    {
        using var work = await OfficerWorkspace.CreateAsync();
        var before = work.LedgerSize();
        string[] args = ["approve", "--db", work.Database, "--gate", OfficerWorkspace.Gate, "--decision", decision, "--artifact-sha256", new string('c', 64),
            "--signing-cert", work.Pfx(Pki.RsaSigner, "casey.pfx"), "--yes"];

        var result = await CliRun.RunAsync(conditions is null ? args : [.. args, "--conditions", conditions]);

        Assert.Equal(2, result.Exit);
        Assert.Contains(message, result.Error, StringComparison.Ordinal);
        Assert.Equal(before, work.LedgerSize());
    }
}
