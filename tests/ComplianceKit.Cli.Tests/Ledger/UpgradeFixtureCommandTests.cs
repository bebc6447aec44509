using ComplianceKit.Cli.Tests.Infrastructure;

namespace ComplianceKit.Cli.Tests.Ledger;

/// <summary><c>verify --db</c> on a SQLite ledger made by main at 6778631 (tests/upgrade-fixtures): the tool verifies it as it is.</summary>
public sealed class UpgradeFixtureCommandTests : IDisposable
{
    private const string Fixture = "main-6778631";
    private readonly string _folder = Directory.CreateTempSubdirectory("compliancekit-upgrade-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task Verify_LedgerMadeByMain6778631_Exits0WithTheHeadsThatCodeReported()
    {
        var database = Path.Combine(_folder, "ledger.db");
        File.Copy(Path.Combine(AppContext.BaseDirectory, "UpgradeFixtures", Fixture, "ledger.db"), database);
        var expected = File.ReadLines(Path.Combine(AppContext.BaseDirectory, "UpgradeFixtures", Fixture, "heads.txt"))
            .SkipWhile(line => !line.StartsWith("# sqlite", StringComparison.Ordinal)).Skip(1)
            .TakeWhile(line => !line.StartsWith('#'))
            .Select(line => line.Split(' '))
            .ToDictionary(f => f[0], f => (Size: long.Parse(f[1], System.Globalization.CultureInfo.InvariantCulture), Root: f[2]));

        var verify = await CliRun.RunAsync("verify", "--db", database, "--json");

        Assert.True(verify.ExitCode == 0, verify.ToString());
        var chains = verify.Json().GetProperty("chains").EnumerateArray().ToDictionary(
            c => c.GetProperty("chainId").GetString()!, c => (Size: c.GetProperty("treeSize").GetInt64(), Root: c.GetProperty("treeRoot").GetString()!));
        Assert.Equal(expected, chains);
        Assert.Equal([database], Directory.GetFiles(_folder)); // read-only: nothing written beside it
    }
}
