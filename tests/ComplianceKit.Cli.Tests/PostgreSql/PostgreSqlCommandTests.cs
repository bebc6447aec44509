using ComplianceKit.Cli.Tests.Infrastructure;

namespace ComplianceKit.Cli.Tests.PostgreSql;

/// <summary>
/// The officer's commands on the real PostgreSQL: <c>--db</c> as a connection string (with a password no output may show), the
/// administration root given as <c>--admin-root</c> (nothing sits beside a server's database), read-only commands in read-only
/// transactions, and one line with exit 2 for a server that cannot be reached.
/// </summary>
public sealed class PostgreSqlCommandTests : IDisposable
{
    private const string PasswordVariable = "CK_POSTGRES_CLI_PASSWORD";
    private const string Gate = "release-4-0";
    private readonly WorkFolder _work = new();
    private readonly List<CliResult> _runs = [];

    public PostgreSqlCommandTests() => Environment.SetEnvironmentVariable(PasswordVariable, "postgres cli pfx password");

    private string Pki => _work.File("pki");

    private string[] Root => ["--admin-root", Path.Combine(Pki, "administration-root.pem")];

    [PostgresFact]
    public async Task OfficerWorkflow_OnPostgreSql_InitTrustRoleApproveOpensTheGateAndVerifies()
    {
        await using var database = new PostgresLedgerDatabase();
        var db = database.ConnectionString;
        string File(string name) => Path.Combine(Pki, name);
        string[] Admin() => [.. Root, "--signing-cert", File("administrator.pfx"), "--signing-password-env", PasswordVariable];
        string[] As(string signer) => [.. Root, "--signing-cert", File(signer), "--signing-password-env", PasswordVariable];

        var init = await MustAsync("init", "--db", db, "--organization", "Test Clinic", "--pki", Pki, "--pki-password-env", PasswordVariable,
            "--signer", "Compliance Officer=Kim Lee", "--signer", "Release Manager=Ray Moss", "--json");
        await MustAsync(["import-checklist", _work.Write("release-4.0.md", OfficerWorkspace.Checklist), "--db", db, "--gate", Gate, .. Admin()]);
        await MustAsync(["trust", "add", "--db", db, "--cert", File("organisation-ca.pem"), .. Admin()]);
        await MustAsync(["role", "grant", "--db", db, "--role", "Compliance Officer", "--cert", File("signer-compliance-officer.pem"), .. Admin()]);
        await MustAsync(["role", "grant", "--db", db, "--role", "Release Manager", "--cert", File("signer-release-manager.pem"), .. Admin()]);
        await MustAsync("evidence", "add", "--db", db, "--control", $"{Gate}/security.1", "--file", _work.Write("restore-drill.pdf", "restored in 14 minutes"),
            "--collected-by", "staff-042");
        await MustAsync(["evidence", "add", "--db", db, "--control", $"{Gate}/security.2", "--file", _work.Write("access-review.csv", "user,role,kept\n"),
            "--collected-by", "staff-007", .. As("signer-compliance-officer.pfx")]);
        var release = _work.Write("release-4.0.tar", "the release artifact");
        var blocked = await RunAsync(["gate", "--db", db, "--gate", Gate, .. Root]);
        await MustAsync(["approve", "--db", db, "--gate", Gate, "--decision", "approved", "--artifact", release, "--yes", "--json", .. As("signer-compliance-officer.pfx")]);
        await MustAsync(["approve", "--db", db, "--gate", Gate, "--decision", "approved", "--artifact", release, "--yes", .. As("signer-release-manager.pfx")]);
        var gate = await RunAsync(["gate", "--db", db, "--gate", Gate, "--json", .. Root]);
        var roles = await MustAsync(["role", "list", "--db", db, "--json", .. Root]);
        var verify = await RunAsync(["verify", "--db", db, "--json", .. Root]);
        var bundle = _work.File("bundle.zip");
        await MustAsync(["export", "--db", db, "--out", bundle, .. As("export-signing.pfx")]);
        var bundleVerify = await RunAsync("verify", bundle, "--trust", File("organisation-ca.pem"));

        Assert.Equal(database.Display, init.Json().GetProperty("database").GetString());
        Assert.Equal(File("administration-root.pem"), init.Json().GetProperty("administrationRoot").GetString());
        Assert.Contains(init.Json().GetProperty("nextSteps").EnumerateArray(), s => s.GetString()!.Contains($"--db {database.Display} --admin-root", StringComparison.Ordinal));
        Assert.Equal(1, blocked.Exit);
        Assert.True(gate.Exit == 0, gate.ToString());
        Assert.True(gate.Json().GetProperty("open").GetBoolean());
        Assert.Equal(2, roles.Json().GetProperty("grants").GetArrayLength());
        Assert.True(verify.Exit == 0, verify.ToString());
        Assert.Equal("signed", verify.Json().GetProperty("administration").GetProperty("mode").GetString());
        Assert.Contains("READ ONLY", verify.Json().GetProperty("openedAs").GetString(), StringComparison.Ordinal);
        Assert.True(bundleVerify.Exit == 0, bundleVerify.ToString());
        Assert.All(_runs, run => Assert.DoesNotContain(PostgresLedgerDatabase.Password, run.Output + run.Error, StringComparison.Ordinal));
    }

    [PostgresFact]
    public async Task Approve_OnPostgreSql_SignerWithoutTheRole_IsRefusedAndNothingIsWritten()
    {
        await using var database = new PostgresLedgerDatabase();
        var db = database.ConnectionString;
        string File(string name) => Path.Combine(Pki, name);
        string[] Admin() => [.. Root, "--signing-cert", File("administrator.pfx"), "--signing-password-env", PasswordVariable];
        await MustAsync("init", "--db", db, "--organization", "Test Clinic", "--pki", Pki, "--pki-password-env", PasswordVariable, "--signer", "Release Manager=Ray Moss");
        await MustAsync(["import-checklist", _work.Write("release-4.0.md", OfficerWorkspace.Checklist), "--db", db, "--gate", Gate, .. Admin()]);
        await MustAsync(["trust", "add", "--db", db, "--cert", File("organisation-ca.pem"), .. Admin()]);
        var before = await database.EntriesAsync();

        var refused = await RunAsync(["approve", "--db", db, "--gate", Gate, "--decision", "approved", "--artifact", _work.Write("a.tar", "artifact"), "--yes", "--json",
            .. Root, "--signing-cert", File("signer-release-manager.pfx"), "--signing-password-env", PasswordVariable]);

        Assert.True(refused.Exit == 1, refused.ToString());
        Assert.Equal("SignerNotAuthorized", refused.Json().GetProperty("kind").GetString());
        Assert.Equal(database.Display, refused.Json().GetProperty("database").GetString());
        Assert.Equal(before, await database.EntriesAsync());
    }

    [PostgresFact]
    public async Task Init_OnPostgreSqlDatabaseThatHoldsALedger_IsRefusedAndAddsNothing()
    {
        await using var database = new PostgresLedgerDatabase();
        var root = _work.Write("admin-root.pem", ComplianceKit.Tests.Administration.TestAdministrators.Instance.Root.ExportCertificatePem());
        await MustAsync("init", "--db", database.ConnectionString, "--organization", "Test Clinic", "--admin-root", root);
        await MustAsync("trust", "list", "--db", database.ConnectionString, "--admin-root", root);

        var again = await RunAsync("init", "--db", database.ConnectionString, "--organization", "Test Clinic", "--admin-root", root);
        var withoutRoot = await RunAsync("trust", "list", "--db", database.ConnectionString);

        Assert.True(again.Exit == 1, again.ToString());
        Assert.Contains("already holds tables", again.Error, StringComparison.Ordinal);
        Assert.Equal(0, await database.EntriesAsync());
        Assert.True(withoutRoot.Exit == 2, withoutRoot.ToString());
        Assert.Contains("--admin-root", withoutRoot.Error, StringComparison.Ordinal);
        Assert.Equal(["admin-root.pem"], Directory.GetFiles(_work.Path).Select(Path.GetFileName));
    }

    [Theory]
    [InlineData("Host=127.0.0.1;Port=1;Username=officer;Password=pw-never-printed-5f3a;Database=ledger")]
    [InlineData("postgresql://officer:pw-never-printed-5f3a@127.0.0.1:1/ledger")]
    public async Task AnyCommand_ServerUnreachable_OneLineExitTwoWithoutThePassword(string db)
    {
        var root = _work.Write("admin-root.pem", ComplianceKit.Tests.Administration.TestAdministrators.Instance.Root.ExportCertificatePem());

        var verify = await CliRun.RunAsync("verify", "--db", db, "--json");
        var init = await CliRun.RunAsync("init", "--db", db, "--organization", "Acme", "--admin-root", root, "--json");
        var gate = await CliRun.RunAsync("gate", "--db", db, "--gate", Gate, "--admin-root", root);

        foreach (var result in new[] { verify, init, gate })
        {
            Assert.True(result.Exit == 2, result.ToString());
            Assert.Equal("", result.Output);
            Assert.Equal($"error: cannot reach PostgreSQL at postgresql://officer@127.0.0.1:1/ledger: Failed to connect to 127.0.0.1:1 (Connection refused)",
                result.Error.TrimEnd());
            Assert.DoesNotContain(PostgresLedgerDatabase.Password, result.Error, StringComparison.Ordinal);
        }
    }

    public void Dispose() => _work.Dispose();

    private Task<CliResult> RunAsync(params string[] args) => RecordAsync(CliRun.RunAsync(args));

    private async Task<CliResult> MustAsync(params string[] args)
    {
        var result = await RunAsync(args);
        Assert.True(result.Exit == 0, $"compliancekit {string.Join(' ', args)}\n{result}");
        return result;
    }

    private async Task<CliResult> RecordAsync(Task<CliResult> run)
    {
        var result = await run;
        _runs.Add(result);
        return result;
    }
}
