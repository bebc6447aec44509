using ComplianceKit.Cli.Tests.Infrastructure;
using Microsoft.Data.Sqlite;

namespace ComplianceKit.Cli.Tests.Ledger;

/// <summary>`compliancekit demo` and `compliancekit verify --db` as a user runs them: exit codes and what is printed.</summary>
public sealed class VerifyCommandTests : IDisposable
{
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("compliancekit-cli-");

    private string Db => Path.Combine(_folder.FullName, "clinic.db");

    [Fact]
    public async Task Demo_ThenVerify_ExitsZeroAndSaysVerified()
    {
        var demo = await CliRun.RunAsync("demo", "--db", Db);

        var verify = await CliRun.RunAsync("verify", "--db", Db);

        Assert.True(demo.ExitCode == 0, demo.Output + demo.Error);
        Assert.Contains("OPEN", demo.Output, StringComparison.Ordinal);
        Assert.Contains("BLOCKED", demo.Output, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(_folder.FullName, "demo-ca.pem")));
        Assert.Equal(0, verify.ExitCode);
        Assert.Contains("VERIFIED", verify.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_TamperedPayloadAndHeader_ExitsOneNamingEachEntry()
    {
        await CliRun.RunAsync("demo", "--db", Db);
        await ExecuteAsync("UPDATE ck_ledger_entries SET payload = CAST('{\"x\":1}' AS BLOB) WHERE sequence = 12; UPDATE ck_ledger_entries SET actor = 'staff:evil' WHERE sequence = 40;");

        var verify = await CliRun.RunAsync("verify", "--db", Db);

        Assert.Equal(1, verify.ExitCode);
        Assert.Contains("entry 12: PayloadAltered", verify.Output, StringComparison.Ordinal);
        Assert.Contains("entry 40: HeaderAltered", verify.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_Json_ReportsStatusAndFindingsPerChain()
    {
        await CliRun.RunAsync("demo", "--db", Db);
        await ExecuteAsync("DELETE FROM ck_ledger_entries WHERE sequence = 7;");

        var verify = await CliRun.RunAsync("verify", "--db", Db, "--json");

        Assert.Equal(1, verify.ExitCode);
        using var json = System.Text.Json.JsonDocument.Parse(verify.Output);
        var chain = json.RootElement.GetProperty("chains")[0];
        Assert.False(json.RootElement.GetProperty("valid").GetBoolean());
        Assert.Equal("SequenceGap", chain.GetProperty("findings")[0].GetProperty("status").GetString());
        Assert.Equal(7, chain.GetProperty("findings")[0].GetProperty("sequence").GetInt64());
    }

    [Theory]
    [InlineData("missing")]
    [InlineData("not-sqlite")]
    [InlineData("empty-sqlite")]
    [InlineData("no-db-option")]
    [InlineData("unknown-chain")]
    public async Task Verify_UnusableInput_ExitsTwoWithOneLineAndNoStackTrace(string kind)
    {
        string[] args = kind switch
        {
            "missing" => ["verify", "--db", Db],
            "not-sqlite" => ["verify", "--db", Write("garbage.db", "this is not a database")],
            "empty-sqlite" => ["verify", "--db", await EmptySqliteAsync()],
            "no-db-option" => ["verify"],
            _ => ["verify", "--db", await DemoAsync(), "--chain", "nope"],
        };

        var verify = await CliRun.RunAsync(args);

        Assert.Equal(2, verify.ExitCode);
        Assert.StartsWith("error: ", verify.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", verify.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Demo_ExistingFileThatIsNotALedger_IsNotOverwritten()
    {
        var precious = Write("precious.db", "my notes");

        var demo = await CliRun.RunAsync("demo", "--db", precious);

        Assert.Equal(1, demo.ExitCode); // a refusal (README: exit 1, nothing written); --force would be needed, and a ledger is never replaced
        Assert.Contains("already exists", demo.Error, StringComparison.Ordinal);
        Assert.Equal("my notes", await File.ReadAllTextAsync(precious));
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        _folder.Delete(recursive: true);
    }

    private async Task<string> DemoAsync()
    {
        await CliRun.RunAsync("demo", "--db", Db);
        return Db;
    }

    private string Write(string name, string text)
    {
        var path = Path.Combine(_folder.FullName, name);
        File.WriteAllText(path, text);
        return path;
    }

    private async Task<string> EmptySqliteAsync()
    {
        var path = Path.Combine(_folder.FullName, "empty.db");
        await using var connection = new SqliteConnection($"Data Source={path}");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "CREATE TABLE notes (text TEXT)";
        await command.ExecuteNonQueryAsync();
        return path;
    }

    private async Task ExecuteAsync(string sql)
    {
        SqliteConnection.ClearAllPools();
        await using var connection = new SqliteConnection($"Data Source={Db}");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }
}
