using System.Text.Json;
using ComplianceKit.Cli.Tests.Infrastructure;
using Microsoft.Data.Sqlite;

namespace ComplianceKit.Cli.Tests.Conformance;

/// <summary>
/// Runs <c>compliancekit verify</c> over the checked-in conformance suite (conformance/ at the repository root) and
/// requires, per case, the exit code, verdict and findings cases.json states: what docs/FORMAT.md requires of any verifier.
/// </summary>
public sealed class ConformanceSuiteTests
{
    /// <summary>The conformance folder: the committed one, or the regenerated one CI names.</summary>
    internal static readonly string Suite = FindSuite();

    public static TheoryData<string> Cases()
    {
        var data = new TheoryData<string>();
        foreach (var item in ReadCases())
        {
            data.Add(item.GetProperty("name").GetString()!);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Verify_ConformanceCase_GivesTheRequiredExitCodeVerdictAndFindings(string name)
    {
        var item = ReadCases().Single(c => c.GetProperty("name").GetString() == name);
        if (item.GetProperty("kind").GetString() == "ledger")
        {
            await VerifyLedgerAsync(item);
            return;
        }

        Assert.Equal("bundle", item.GetProperty("kind").GetString());
        string[] args = ["verify", Path.Combine(Suite, item.GetProperty("file").GetString()!), "--trust", Path.Combine(Suite, "ca.pem"), "--json",
            .. item.GetProperty("arguments").EnumerateArray().Select((a, i) => a.GetString()!.StartsWith("--", StringComparison.Ordinal) ? a.GetString()! : Path.Combine(Suite, a.GetString()!))];

        var result = await CliRun.RunAsync(args);

        Assert.True(result.ExitCode == item.GetProperty("exitCode").GetInt32(), result.ToString());
        using var report = JsonDocument.Parse(result.Output);
        Assert.Equal(item.GetProperty("verdict").GetString(), report.RootElement.GetProperty("verdict").GetString());
        var found = report.RootElement.GetProperty("findings").EnumerateArray().Select(f => f.GetProperty("kind").GetString()).ToHashSet();
        foreach (var required in item.GetProperty("findings").EnumerateArray().Select(f => f.GetString()))
        {
            Assert.True(found.Contains(required), $"{name}: {required} not reported\n{result}");
        }

        if (item.GetProperty("exitCode").GetInt32() == 0)
        {
            Assert.DoesNotContain(report.RootElement.GetProperty("findings").EnumerateArray(), f => f.GetProperty("severity").GetString() != "note");
        }
    }

    /// <summary>Loads the SQL dump into a fresh SQLite file (what an auditor's copy is) and runs verify --db on it.</summary>
    private static async Task VerifyLedgerAsync(JsonElement item)
    {
        var name = item.GetProperty("name").GetString()!;
        var folder = Directory.CreateTempSubdirectory("compliancekit-conformance-");
        try
        {
            var db = Path.Combine(folder.FullName, "copy.db");
            await using (var connection = new SqliteConnection($"Data Source={db};Pooling=False"))
            {
                await connection.OpenAsync();
                await using var command = connection.CreateCommand();
                command.CommandText = await File.ReadAllTextAsync(Path.Combine(Suite, item.GetProperty("file").GetString()!));
                await command.ExecuteNonQueryAsync();
            }

            var result = await CliRun.RunAsync("verify", "--db", db, "--json");

            Assert.True(result.ExitCode == item.GetProperty("exitCode").GetInt32(), result.ToString());
            using var report = JsonDocument.Parse(result.Output);
            Assert.Equal(item.GetProperty("verdict").GetString() == "Verified", report.RootElement.GetProperty("valid").GetBoolean());
            var found = report.RootElement.GetProperty("chains").EnumerateArray().SelectMany(c => c.GetProperty("findings").EnumerateArray())
                .Select(f => f.GetProperty("status").GetString()).ToHashSet();
            foreach (var required in item.GetProperty("findings").EnumerateArray().Select(f => f.GetString()))
            {
                Assert.True(found.Contains(required), $"{name}: {required} not reported\n{result}");
            }
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            folder.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task Verify_AdminRootFingerprint_OfTheDeclaredRootPinsItAndAnotherIsAMismatch()
    {
        using var root = System.Security.Cryptography.X509Certificates.X509Certificate2.CreateFromPem(await File.ReadAllTextAsync(Path.Combine(Suite, "admin-root.pem")));
        var fingerprint = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(root.RawData));
        var bundle = Path.Combine(Suite, "bundles", "valid-full.zip");

        var matching = await CliRun.RunAsync("verify", bundle, "--trust", Path.Combine(Suite, "ca.pem"), "--admin-root-sha256", fingerprint, "--json");
        var other = await CliRun.RunAsync("verify", bundle, "--trust", Path.Combine(Suite, "ca.pem"), "--admin-root-sha256", new string('0', 64));
        var malformed = await CliRun.RunAsync("verify", bundle, "--trust", Path.Combine(Suite, "ca.pem"), "--admin-root-sha256", "abc");

        Assert.True(matching.ExitCode == 0, matching.ToString());
        using var report = JsonDocument.Parse(matching.Output);
        Assert.True(report.RootElement.GetProperty("administrationRoot").GetProperty("pinned").GetBoolean());
        Assert.Equal(fingerprint, report.RootElement.GetProperty("administrationRoot").GetProperty("certificateSha256s")[0].GetString());
        Assert.Equal(1, other.ExitCode);
        Assert.Contains("AdministrationRootMismatch", other.Output, StringComparison.Ordinal);
        Assert.Equal(2, malformed.ExitCode);
        Assert.StartsWith("error: --admin-root-sha256 must be 64 hexadecimal digits", malformed.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Suite_CoversEveryExitCodeAndIsSmall()
    {
        var cases = ReadCases();
        var bytes = Directory.GetFiles(Suite, "*", SearchOption.AllDirectories).Sum(f => new FileInfo(f).Length);

        Assert.Equal([0, 1, 2], cases.Select(c => c.GetProperty("exitCode").GetInt32()).Distinct().Order());
        Assert.All(cases, c => Assert.True(File.Exists(Path.Combine(Suite, c.GetProperty("file").GetString()!)), c.GetProperty("file").GetString()));
        Assert.True(bytes < 2 * 1024 * 1024, $"the suite is {bytes} bytes; keep it under 2 MiB");
    }

    private static List<JsonElement> ReadCases()
    {
        using var document = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(Suite, "cases.json")));
        return document.RootElement.EnumerateArray().Select(e => e.Clone()).ToList();
    }

    /// <summary>The committed conformance/ above the test folder, or the folder COMPLIANCEKIT_CONFORMANCE names (CI's regenerated copy).</summary>
    private static string FindSuite()
    {
        if (Environment.GetEnvironmentVariable("COMPLIANCEKIT_CONFORMANCE") is { Length: > 0 } regenerated)
        {
            return File.Exists(Path.Combine(regenerated, "cases.json"))
                ? Path.GetFullPath(regenerated)
                : throw new InvalidOperationException($"COMPLIANCEKIT_CONFORMANCE names '{regenerated}', which holds no cases.json.");
        }

        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "conformance", "cases.json")))
            {
                return Path.Combine(folder.FullName, "conformance");
            }
        }

        throw new InvalidOperationException("conformance/cases.json is not above the test folder.");
    }
}
