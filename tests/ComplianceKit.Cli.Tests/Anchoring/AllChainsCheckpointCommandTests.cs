using ComplianceKit.Cli.Tests.Infrastructure;
using ComplianceKit.EntityFrameworkCore;
using ComplianceKit.EntityFrameworkCore.Ledger;
using ComplianceKit.Tests.Signing;
using ComplianceKit.Ledger;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;
using NodaTime;
using NodaTime.Testing;

namespace ComplianceKit.Cli.Tests.Anchoring;

/// <summary>
/// <c>checkpoint --all-chains</c> publishes one checkpoint over every chain (docs/FORMAT.md 13.8) that OpenSSL verifies;
/// <c>verify --db --checkpoints</c> holds every chain to it, and a dropped chain is exit 1 naming the checkpoint and the chain.
/// </summary>
public sealed class AllChainsCheckpointCommandTests
{
    private const string Folder = "test-clinic%2Fcompliancekit%2F%2A";

    [Fact]
    public async Task CheckpointAllChains_OpenSslVerifiesIt_AndVerifyAnchorsEveryChain()
    {
        using var clinic = await ClinicWorkspace.CreateAsync();
        await AppendTenantAsync(clinic);
        var sinks = clinic.File("sinks");

        var checkpoint = await CliRun.RunAsync("checkpoint", "--all-chains", "--db", clinic.Database, "--sink", sinks, "--signing-cert", clinic.OrganisationPfx, "--organization", ClinicWorkspace.Organization, "--json");
        var again = await CliRun.RunAsync("checkpoint", "--all-chains", "--db", clinic.Database, "--sink", sinks, "--signing-cert", clinic.OrganisationPfx, "--organization", ClinicWorkspace.Organization);
        var verify = await CliRun.RunAsync("verify", "--db", clinic.Database, "--checkpoints", sinks, "--trust", clinic.CaPem, "--json");

        Assert.True(checkpoint.ExitCode == 0, checkpoint.ToString());
        var recorded = checkpoint.Json().GetProperty("recorded");
        Assert.Equal("test-clinic/compliancekit/*", recorded.GetProperty("origin").GetString());
        Assert.Equal(2, recorded.GetProperty("treeSize").GetInt64()); // default and tenant-b
        Assert.True(again.ExitCode == 0, again.ToString());
        Assert.Contains("No new checkpoint due", again.Output, StringComparison.Ordinal);
        var openssl = ExternalTool.Run(Path.Combine(sinks, Folder), "openssl", "cms", "-verify", "-binary", "-inform", "DER",
            "-in", $"{2:D20}.p7s", "-content", $"{2:D20}.txt", "-CAfile", clinic.CaPem, "-no-CApath", "-no-CAstore", "-purpose", "any", "-out", "/dev/null");
        Assert.True(openssl.ExitCode == 0, openssl.Output);
        Assert.True(verify.ExitCode == 0, verify.ToString());
        var all = verify.Json().GetProperty("anchors").EnumerateArray().Single(a => a.GetProperty("origin").GetString() == "test-clinic/compliancekit/*");
        Assert.Equal(2, all.GetProperty("anchoredSize").GetInt64());
        Assert.True(all.GetProperty("valid").GetBoolean());
    }

    [Fact]
    public async Task Verify_ADroppedChain_ExitsOneNamingTheAllChainsCheckpointAndTheChain()
    {
        using var clinic = await ClinicWorkspace.CreateAsync();
        await AppendTenantAsync(clinic);
        var sinks = clinic.File("sinks");
        var checkpoint = await CliRun.RunAsync("checkpoint", "--all-chains", "--db", clinic.Database, "--sink", sinks, "--signing-cert", clinic.OrganisationPfx, "--organization", ClinicWorkspace.Organization);
        Assert.True(checkpoint.ExitCode == 0, checkpoint.ToString());

        await using (var connection = new SqliteConnection($"Data Source={clinic.Database};Pooling=False"))
        {
            await connection.OpenAsync();
            foreach (var table in new[] { "ck_ledger_entries", "ck_merkle_nodes", "ck_chain_heads" })
            {
                await using var delete = connection.CreateCommand();
                delete.CommandText = $"DELETE FROM {table} WHERE chain_id = 'tenant-b'";
                await delete.ExecuteNonQueryAsync();
            }
        }

        var alone = await CliRun.RunAsync("verify", "--db", clinic.Database);
        var verify = await CliRun.RunAsync("verify", "--db", clinic.Database, "--checkpoints", sinks, "--trust", clinic.CaPem);

        Assert.True(alone.ExitCode == 0, alone.ToString());
        Assert.True(verify.ExitCode == 1, verify.ToString());
        Assert.Contains($"Truncated: all-chains checkpoint {Path.Combine(Folder, $"{2:D20}.txt")}", verify.Output, StringComparison.Ordinal);
        Assert.Contains("chain 'tenant-b' does not hold the 3 entries", verify.Output, StringComparison.Ordinal);
    }

    private static async Task AppendTenantAsync(ClinicWorkspace clinic)
    {
        var clock = new FakeClock(TestPki.SigningTime, Duration.FromSeconds(1));
        await using (var context = ComplianceKitSqlite.CreateDbContext(clinic.Database))
        {
            var ledger = new EntityFrameworkLedger<ComplianceKitDbContext>(context, clock, Options.Create(new ComplianceKitOptions { Organization = ClinicWorkspace.Organization }));
            await ledger.AppendAsync("tenant-b", [.. Enumerable.Range(0, 3).Select(i => EntryDraft.FromJson("fact.recorded", $"fact:{i}", "recorder", $$"""{"n":{{i}}}"""))]);
        }

        SqliteConnection.ClearAllPools();
    }
}
