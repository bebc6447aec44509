using ComplianceKit.Cli.Tests.Infrastructure;
using System.Text.Json;
using ComplianceKit.EntityFrameworkCore;
using ComplianceKit.EntityFrameworkCore.Ledger;
using ComplianceKit.Ledger;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;
using NodaTime;
using NodaTime.Testing;

namespace ComplianceKit.Cli.Tests.Retention;

/// <summary>
/// `compliancekit retention ...` and `compliancekit hold ...` as an officer runs them on a ledger written in 2010, before signed
/// administration: every rule command runs in the weaker mode (`--unsigned-administration`); RetentionSignedCommandTests pins a root.
/// </summary>
public sealed class RetentionCommandTests : IDisposable
{
    private const string AccessPolicy = """
        {"id":"access-6y","entryTypes":["phi.*"],"period":"P6Y","basis":"recordedAt","category":"operational","timeZone":"America/New_York"}
        """;

    // The ledger was written in 2010 and nothing was appended since: allow the gap the clock skew guard would refuse.
    private const string Decades = "36500";

    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("compliancekit-cli-");

    private string Db => Path.Combine(_folder.FullName, "clinic.db");

    [Fact]
    public async Task Policy_ThenPlanJson_ListsEveryExpiredEntryWithItsPolicyAndExpiry()
    {
        await SeedAsync();

        var policy = await CliRun.RunAsync("retention", "policy", "--unsigned-administration", "--db", Db, "--file", PolicyFile(AccessPolicy), "--actor", "admin:ana");
        var plan = await CliRun.RunAsync("retention", "plan", "--unsigned-administration", "--db", Db, "--json");

        Assert.True(policy.ExitCode == 0, policy.Error);
        Assert.Contains("Recorded policy access-6y", policy.Output, StringComparison.Ordinal);
        Assert.True(plan.ExitCode == 0, plan.Error);
        using var json = JsonDocument.Parse(plan.Output);
        var chain = json.RootElement.GetProperty("chains")[0];
        var purges = chain.GetProperty("purges").EnumerateArray().ToList();
        Assert.Equal(10, purges.Count);
        Assert.All(purges, p => Assert.Equal("access-6y", p.GetProperty("policy").GetString()));
        Assert.Equal("2016-03-01", purges[0].GetProperty("expiresOn").GetString());
        Assert.Equal("2016-03-01T05:00:00.000000Z", purges[0].GetProperty("expiresAt").GetString());
        Assert.Equal(12, chain.GetProperty("policies")[0].GetProperty("entry").GetInt64());
    }

    [Fact]
    public async Task Apply_ThenVerify_PurgesThePayloadsAndTheLedgerStillVerifies()
    {
        await SeedAsync();
        await CliRun.RunAsync("retention", "policy", "--unsigned-administration", "--db", Db, "--file", PolicyFile(AccessPolicy), "--actor", "admin:ana");

        var apply = await CliRun.RunAsync("retention", "apply", "--unsigned-administration", "--db", Db, "--actor", "officer:kim", "--max-clock-skew-days", Decades, "--batch-size", "4");
        var verify = await CliRun.RunAsync("verify", "--db", Db, "--json");

        Assert.True(apply.ExitCode == 0, apply.Error);
        Assert.Contains("purged 10 of 10 planned entries in 3 batch(es)", apply.Output, StringComparison.Ordinal);
        Assert.Equal(0, verify.ExitCode);
        using var json = JsonDocument.Parse(verify.Output);
        Assert.Equal(10, json.RootElement.GetProperty("chains")[0].GetProperty("purged").GetInt64());
        Assert.Equal(10, await CountAsync("SELECT count(*) FROM ck_ledger_entries WHERE payload IS NULL AND payload_salt IS NULL"));
    }

    [Fact]
    public async Task HoldPlace_KeepsWhatItCoversUntilReleased()
    {
        await SeedAsync();
        await CliRun.RunAsync("retention", "policy", "--unsigned-administration", "--db", Db, "--file", PolicyFile(AccessPolicy), "--actor", "admin:ana");

        var place = await CliRun.RunAsync("hold", "place", "--unsigned-administration", "--db", Db, "--id", "doe-v-clinic", "--reason", "preservation letter", "--actor", "counsel:lee",
            "--subject", "record:1*", "--from", "2010-01-01");
        var plan = await CliRun.RunAsync("retention", "plan", "--unsigned-administration", "--db", Db);
        var apply = await CliRun.RunAsync("retention", "apply", "--unsigned-administration", "--db", Db, "--actor", "officer:kim", "--max-clock-skew-days", Decades);
        var release = await CliRun.RunAsync("hold", "release", "--unsigned-administration", "--db", Db, "--id", "doe-v-clinic", "--reason", "settled", "--actor", "counsel:lee");
        var again = await CliRun.RunAsync("retention", "apply", "--unsigned-administration", "--db", Db, "--actor", "officer:kim", "--max-clock-skew-days", Decades);

        Assert.True(place.ExitCode == 0, place.Error);
        Assert.Contains("protects 1 entry: 1", plan.Output, StringComparison.Ordinal);
        Assert.Contains("purged 9 of 9 planned entries", apply.Output, StringComparison.Ordinal);
        Assert.True(release.ExitCode == 0, release.Error);
        Assert.Contains("purged 1 of 1 planned entries", again.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Policy_ShorterThanTheDocumentationMinimum_ExitsTwoUnlessAnOverrideIsGiven()
    {
        await SeedAsync();
        var file = PolicyFile("""
            [{"id":"docs-3y","entryTypes":["baa.*"],"period":"P3Y","basis":"recordedAt","category":"documentation","timeZone":"America/New_York"}]
            """);

        var refused = await CliRun.RunAsync("retention", "policy", "--unsigned-administration", "--db", Db, "--file", file, "--actor", "admin:ana");
        var halfOverride = await CliRun.RunAsync("retention", "policy", "--unsigned-administration", "--db", Db, "--file", file, "--actor", "admin:ana", "--override-reason", "state law");
        var allowed = await CliRun.RunAsync("retention", "policy", "--unsigned-administration", "--db", Db, "--file", file, "--actor", "admin:ana",
            "--override-reason", "state schedule applies; counsel memo 2010-4", "--decided-by", "officer:privacy");

        Assert.Equal(2, refused.ExitCode);
        Assert.Contains("shorter than the regulatory minimum P6Y", refused.Error, StringComparison.Ordinal);
        Assert.Equal(2, halfOverride.ExitCode);
        Assert.True(allowed.ExitCode == 0, allowed.Error);
        Assert.Contains("(override at entry 12)", allowed.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Apply_OnALedgerThatDoesNotVerify_ExitsOneAndPurgesNothing()
    {
        await SeedAsync();
        await CliRun.RunAsync("retention", "policy", "--unsigned-administration", "--db", Db, "--file", PolicyFile(AccessPolicy), "--actor", "admin:ana");
        await ExecuteAsync("UPDATE ck_ledger_entries SET actor = 'staff:evil' WHERE sequence = 3");

        var apply = await CliRun.RunAsync("retention", "apply", "--unsigned-administration", "--db", Db, "--actor", "officer:kim", "--max-clock-skew-days", Decades);

        Assert.Equal(1, apply.ExitCode);
        Assert.Contains("NOTHING PURGED: the chain does not verify (HeaderAltered at entry 3)", apply.Output, StringComparison.Ordinal);
        Assert.Equal(0, await CountAsync("SELECT count(*) FROM ck_ledger_entries WHERE payload IS NULL"));
    }

    [Theory]
    [InlineData("after now", "retention", "apply", "--actor", "officer:kim", "--at", "2999-01-01T00:00:00Z")]
    [InlineData("is not an instant", "retention", "plan", "--at", "next tuesday")]
    [InlineData("holds no chain 'no-such-chain'", "retention", "plan", "--chain", "no-such-chain")]
    [InlineData("no active hold 'never-placed'", "hold", "release", "--id", "never-placed", "--reason", "x", "--actor", "counsel:lee")]
    [InlineData("Hold id 'Bad Id' is invalid", "hold", "place", "--id", "Bad Id", "--reason", "x", "--actor", "counsel:lee")]
    [InlineData("--batch-size must be 1 to", "retention", "apply", "--actor", "officer:kim", "--batch-size", "0")]
    [InlineData("no active policy 'gone'", "retention", "retire", "--policy", "gone", "--reason", "x", "--actor", "admin:ana")]
    public async Task Commands_UnusableRequests_ExitTwoWithOneLineAndWriteNothing(string message, params string[] args)
    {
        await SeedAsync();
        await CliRun.RunAsync("retention", "policy", "--unsigned-administration", "--db", Db, "--file", PolicyFile(AccessPolicy), "--actor", "admin:ana");
        var before = await CountAsync("SELECT count(*) FROM ck_ledger_entries");

        var run = await CliRun.RunAsync([.. args, "--db", Db, "--unsigned-administration"]);

        Assert.Equal(2, run.ExitCode);
        Assert.StartsWith("error: ", run.Error, StringComparison.Ordinal);
        Assert.Contains(message, run.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", run.Error, StringComparison.Ordinal);
        Assert.Equal(before, await CountAsync("SELECT count(*) FROM ck_ledger_entries"));
    }

    [Fact]
    public async Task Commands_MissingDatabaseOrBadPolicyFile_ExitTwo()
    {
        await SeedAsync();

        var missing = await CliRun.RunAsync("retention", "plan", "--unsigned-administration", "--db", Path.Combine(_folder.FullName, "nope.db"));
        var badFile = await CliRun.RunAsync("retention", "policy", "--unsigned-administration", "--db", Db, "--file", PolicyFile("""{"id":"x","entryTypes":["phi.*"],"period":"six years"}"""), "--actor", "a");

        Assert.Equal(2, missing.ExitCode);
        Assert.Contains("does not exist", missing.Error, StringComparison.Ordinal);
        Assert.Equal(2, badFile.ExitCode);
        Assert.Contains("Policy 1:", badFile.Error, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        _folder.Delete(recursive: true);
    }

    /// <summary>Ten access entries and two BAAs recorded on 1 March 2010 at noon in New York.</summary>
    private async Task SeedAsync()
    {
        await using var context = ComplianceKitSqlite.CreateDbContext(Db);
        await ComplianceKitDatabase.EnsureCreatedAsync(context);
        var ledger = new EntityFrameworkLedger<ComplianceKitDbContext>(context, new FakeClock(Instant.FromUtc(2010, 3, 1, 17, 0)),
            Options.Create(new ComplianceKitOptions()));
        var drafts = Enumerable.Range(0, 10)
            .Select(i => EntryDraft.FromJson("phi.accessed", $"record:{i}", "ehr", $$"""{"screen":"chart","i":{{i}}}"""))
            .Concat([EntryDraft.FromJson("baa.executed", "vendor:acme", "officer:kim", "{}"), EntryDraft.FromJson("baa.executed", "vendor:globex", "officer:kim", "{}")])
            .ToArray();
        await ledger.AppendAsync("default", drafts);
    }

    private string PolicyFile(string json)
    {
        var path = Path.Combine(_folder.FullName, $"{Guid.NewGuid():N}.json");
        File.WriteAllText(path, json);
        return path;
    }

    private async Task ExecuteAsync(string sql)
    {
        await using var connection = new SqliteConnection($"Data Source={Db};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }

    private async Task<long> CountAsync(string sql)
    {
        await using var connection = new SqliteConnection($"Data Source={Db};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
