using System.Security.Cryptography.X509Certificates;
using ComplianceKit.Administration;
using ComplianceKit.Approvals;
using ComplianceKit.Cli.Tests.Infrastructure;
using ComplianceKit.EntityFrameworkCore;
using ComplianceKit.EntityFrameworkCore.Ledger;
using ComplianceKit.Ledger;
using ComplianceKit.Tests.Administration;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;
using NodaTime;
using NodaTime.Testing;

namespace ComplianceKit.Cli.Tests.Administration;

/// <summary><c>init</c>, <c>trust</c> and <c>role</c> as an administrator runs them, refusals included; <c>verify --db</c> and <c>gate</c> on what they wrote.</summary>
public sealed class AdministrationCommandTests : IDisposable
{
    private const string PasswordVariable = "CK_TEST_ADMIN_PKI_PASSWORD";
    private const string Password = "correct horse battery staple";
    private readonly WorkFolder _work = new();

    public AdministrationCommandTests() => Environment.SetEnvironmentVariable(PasswordVariable, Password);

    private string Db => _work.File("clinic.db");

    private string Pki => _work.File("pki");

    [Fact]
    public async Task Init_WithDemoPki_WritesLedgerPinAndProtectedKeysAndPrintsTheNextSteps()
    {
        var result = await InitAsync("--json");

        Assert.True(result.Exit == 0, result.ToString());
        Assert.DoesNotContain(Password, result.Output, StringComparison.Ordinal);
        var json = result.Json();
        Assert.Equal(Db + ".admin-root.pem", json.GetProperty("administrationRoot").GetString());
        Assert.True(json.GetProperty("pki").GetProperty("demoGrade").GetBoolean());
        Assert.Contains(json.GetProperty("nextSteps").EnumerateArray(), s => s.GetString()!.StartsWith("compliancekit trust add", StringComparison.Ordinal));
        Assert.Equal(File.ReadAllText(Path.Combine(Pki, "administration-root.pem")), File.ReadAllText(Db + ".admin-root.pem"));
        using var officer = X509CertificateLoader.LoadPkcs12FromFile(Path.Combine(Pki, "signer-compliance-officer.pfx"), Password);
        Assert.True(officer.HasPrivateKey);
        Assert.Contains("DEMO ONLY", officer.Subject, StringComparison.Ordinal);
        Assert.ThrowsAny<System.Security.Cryptography.CryptographicException>(() => X509CertificateLoader.LoadPkcs12FromFile(Path.Combine(Pki, "administrator.pfx"), null));
    }

    [Fact]
    public async Task Init_DatabaseExists_IsRefusedAndNothingIsWritten()
    {
        File.WriteAllText(Db, "not mine to replace");

        var result = await InitAsync();

        Assert.True(result.Exit == 1, result.ToString());
        Assert.Contains("already exists", result.Error, StringComparison.Ordinal);
        Assert.Equal("not mine to replace", File.ReadAllText(Db));
        Assert.False(File.Exists(Db + ".admin-root.pem"));
        Assert.False(Directory.Exists(Pki));
    }

    [Fact]
    public async Task Init_AKeyFileExists_IsRefusedAndNothingIsWritten()
    {
        Directory.CreateDirectory(Pki);
        File.WriteAllText(Path.Combine(Pki, "administrator.pfx"), "someone's key");

        var result = await InitAsync();

        Assert.True(result.Exit == 1, result.ToString());
        Assert.False(File.Exists(Db));
        Assert.False(File.Exists(Db + ".admin-root.pem"));
        Assert.Equal(["administrator.pfx"], Directory.GetFiles(Pki).Select(Path.GetFileName));
    }

    [Theory]
    [InlineData("give the administration root", "--db", "x.db", "--organization", "Acme")]
    [InlineData("Role=Name", "--db", "x.db", "--organization", "Acme", "--pki", "p", "--pki-password-env", PasswordVariable, "--signer", "Compliance Officer")]
    [InlineData("not set", "--db", "x.db", "--organization", "Acme", "--pki", "p", "--pki-password-env", "CK_TEST_NO_SUCH_VARIABLE")]
    public async Task Init_UsageErrors_ExitTwoWritingNothing(string message, params string[] args)
    {
        var result = await CliRun.RunAsync(["init", .. args.Select(a => a is "x.db" or "p" ? _work.File(a) : a)]);

        Assert.True(result.Exit == 2, result.ToString());
        Assert.Contains(message, result.Error, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFileSystemEntries(_work.Path));
    }

    [Fact]
    public async Task TrustAndRole_RecordedByTheAdministrator_AreListedAndVerify()
    {
        await InitAsync();

        var trust = await AdministerAsync("trust", "add", "--cert", Path.Combine(Pki, "organisation-ca.pem"));
        var grant = await AdministerAsync("role", "grant", "--role", "Compliance Officer", "--cert", Path.Combine(Pki, "signer-compliance-officer.pem"), "--json");
        var anchors = await CliRun.RunAsync("trust", "list", "--db", Db, "--json");
        var roles = await CliRun.RunAsync("role", "list", "--db", Db, "--json");
        var verify = await CliRun.RunAsync("verify", "--db", Db, "--json");

        Assert.True(trust.Exit == 0, trust.ToString());
        Assert.True(grant.Exit == 0, grant.ToString());
        Assert.Equal(1, grant.Json().GetProperty("sequence").GetInt64());
        Assert.Contains("Organisation CA", anchors.Json().GetProperty("anchors")[0].GetProperty("subject").GetString(), StringComparison.Ordinal);
        Assert.Equal("Compliance Officer", roles.Json().GetProperty("grants")[0].GetProperty("role").GetString());
        Assert.True(verify.Exit == 0, verify.ToString());
        Assert.Equal("signed", verify.Json().GetProperty("administration").GetProperty("mode").GetString());
    }

    [Fact]
    public async Task Trust_SignedByASignerWhoIsNotAnAdministrator_IsRefusedAndNothingIsWritten()
    {
        await InitAsync();

        var result = await CliRun.RunAsync("trust", "add", "--db", Db, "--cert", Path.Combine(Pki, "organisation-ca.pem"),
            "--signing-cert", Path.Combine(Pki, "signer-compliance-officer.pfx"), "--signing-password-env", PasswordVariable);

        Assert.True(result.Exit == 1, result.ToString());
        Assert.Contains("not an administrator", result.Output, StringComparison.Ordinal);
        Assert.Equal(0, await EntriesAsync());
    }

    [Fact]
    public async Task Role_GrantAlreadyHeldOrRevokeNotHeld_IsRefusedAndNothingIsWritten()
    {
        await InitAsync();
        await AdministerAsync("role", "grant", "--role", "Compliance Officer", "--cert", Path.Combine(Pki, "signer-compliance-officer.pem"));

        var again = await AdministerAsync("role", "grant", "--role", "Compliance Officer", "--cert", Path.Combine(Pki, "signer-compliance-officer.pem"));
        var revokeOther = await AdministerAsync("role", "revoke", "--role", "Operations Lead", "--cert", Path.Combine(Pki, "signer-compliance-officer.pem"));

        Assert.True(again.Exit == 1, again.ToString());
        Assert.True(revokeOther.Exit == 1, revokeOther.ToString());
        Assert.Equal(1, await EntriesAsync());
    }

    [Fact]
    public async Task Role_AdministratorGrantsThemselves_CountsOnlyAfterASecondAdministratorConfirms()
    {
        var admins = TestAdministrators.Instance;
        var root = _work.Write("admin-root.pem", admins.Root.ExportCertificatePem());
        var first = _work.Write("first.pfx", admins.AdministratorCertificate.Export(X509ContentType.Pkcs12));
        var second = _work.Write("second.pfx", admins.SecondAdministratorCertificate.Export(X509ContentType.Pkcs12));
        var firstPem = _work.Write("first.pem", admins.AdministratorCertificate.ExportCertificatePem());
        Assert.Equal(0, (await CliRun.RunAsync("init", "--db", Db, "--organization", "Acme Clinic", "--admin-root", root)).Exit);

        var grant = await CliRun.RunAsync("role", "grant", "--db", Db, "--role", "Compliance Officer", "--cert", firstPem, "--signing-cert", first, "--json");
        var pending = await CliRun.RunAsync("role", "list", "--db", Db, "--json");
        var bySelf = await CliRun.RunAsync("role", "confirm", "--db", Db, "--grant", "0", "--signing-cert", first);
        var bySecond = await CliRun.RunAsync("role", "confirm", "--db", Db, "--grant", "0", "--signing-cert", second);
        var held = await CliRun.RunAsync("role", "list", "--db", Db, "--json");

        Assert.True(grant.Json().GetProperty("details").GetProperty("awaitsConfirmation").GetBoolean());
        Assert.Empty(pending.Json().GetProperty("grants").EnumerateArray());
        Assert.Equal(0, pending.Json().GetProperty("awaitingConfirmation")[0].GetProperty("sequence").GetInt64());
        Assert.True(bySelf.Exit == 1, bySelf.ToString());
        Assert.True(bySecond.Exit == 0, bySecond.ToString());
        Assert.Equal("Compliance Officer", held.Json().GetProperty("grants")[0].GetProperty("role").GetString());
        Assert.Empty(held.Json().GetProperty("awaitingConfirmation").EnumerateArray());
    }

    [Fact]
    public async Task Verify_UnsignedGrantAppendedByAnInsider_IsAFindingNamingTheEntry()
    {
        await InitAsync();
        await AdministerAsync("trust", "add", "--cert", Path.Combine(Pki, "organisation-ca.pem"));
        await AppendAsync(new EntryDraft(ApprovalEntryTypes.RoleGranted, "role:Compliance Officer", "intruder",
            RoleGrantBook.Payload("Compliance Officer", new string('e', 64), "CN=Intruder")));

        var signed = await CliRun.RunAsync("verify", "--db", Db, "--json");
        var weaker = await CliRun.RunAsync("verify", "--db", Db, "--unsigned-administration");

        Assert.True(signed.Exit == 1, signed.ToString());
        var finding = signed.Json().GetProperty("administration").GetProperty("findings")[0];
        Assert.Equal((1, "NotSigned"), (finding.GetProperty("sequence").GetInt32(), finding.GetProperty("kind").GetString()));
        Assert.True(weaker.Exit == 0, weaker.ToString());
    }

    [Fact]
    public async Task Gate_LedgerMadeBeforeSignedAdministration_NeedsTheExplicitOptIn()
    {
        await using (var context = ComplianceKitSqlite.CreateDbContext(Db))
        {
            await ComplianceKitDatabase.EnsureCreatedAsync(context);
        }

        await AppendAsync(new GateDefinition { Id = "old", Title = "Old gate", Subject = new ApprovalSubject("release", "1"), RequiredRoles = [] }.ToDraft("admin"));

        var refused = await CliRun.RunAsync("gate", "--db", Db, "--gate", "old");
        var optedIn = await CliRun.RunAsync("gate", "--db", Db, "--gate", "old", "--unsigned-administration");

        Assert.True(refused.Exit == 2, refused.ToString());
        Assert.Contains("--unsigned-administration", refused.Error, StringComparison.Ordinal);
        Assert.True(optedIn.Exit == 0, optedIn.ToString());
        Assert.Contains("OPEN", optedIn.Output, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        _work.Dispose();
    }

    private Task<CliResult> InitAsync(params string[] extra) =>
        CliRun.RunAsync(["init", "--db", Db, "--organization", "Acme Clinic", "--pki", Pki, "--pki-password-env", PasswordVariable,
            "--signer", "Compliance Officer=Kim Lee", .. extra]);

    private Task<CliResult> AdministerAsync(params string[] args) =>
        CliRun.RunAsync([.. args, "--db", Db, "--signing-cert", Path.Combine(Pki, "administrator.pfx"), "--signing-password-env", PasswordVariable]);

    private async Task AppendAsync(EntryDraft draft)
    {
        await using var context = ComplianceKitSqlite.CreateDbContext(Db);
        var ledger = new EntityFrameworkLedger<ComplianceKitDbContext>(context, new FakeClock(Instant.FromUtc(2026, 1, 1, 0, 0)), Options.Create(new ComplianceKitOptions()));
        await ledger.AppendAsync("default", [draft]);
    }

    private async Task<long> EntriesAsync()
    {
        await using var context = ComplianceKitSqlite.CreateDbContext(Db);
        var ledger = new EntityFrameworkLedger<ComplianceKitDbContext>(context, new FakeClock(Instant.FromUtc(2026, 1, 1, 0, 0)), Options.Create(new ComplianceKitOptions()));
        return (await ledger.GetChainIdsAsync()).Count == 0 ? 0 : (await ledger.GetTreeHeadAsync("default")).Size;
    }
}
