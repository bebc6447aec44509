using ComplianceKit.Cli.Tests.Infrastructure;

namespace ComplianceKit.Cli.Tests.Anchoring;

/// <summary>
/// <c>checkpoint</c> records and publishes a signed checkpoint; <c>verify --db --checkpoints</c> reports what it anchors and
/// names a checkpoint another history contradicts; a sink never takes a second checkpoint of the same size.
/// </summary>
public sealed class CheckpointCommandTests
{
    [Fact]
    public async Task CheckpointThenVerify_AnchorsTheCheckpointedEntriesAndShowsTheUnanchoredTail()
    {
        using var clinic = await ClinicWorkspace.CreateAsync();
        var sinks = clinic.File("sinks");

        var checkpoint = await CliRun.RunAsync("checkpoint", "--db", clinic.Database, "--sink", sinks, "--signing-cert", clinic.OrganisationPfx, "--organization", ClinicWorkspace.Organization, "--json");
        var again = await CliRun.RunAsync("checkpoint", "--db", clinic.Database, "--sink", sinks, "--signing-cert", clinic.OrganisationPfx, "--organization", ClinicWorkspace.Organization);
        var verify = await CliRun.RunAsync("verify", "--db", clinic.Database, "--checkpoints", sinks, "--trust", clinic.CaPem, "--json");
        var text = await CliRun.RunAsync("verify", "--db", clinic.Database, "--checkpoints", sinks, "--trust", clinic.CaPem);

        Assert.True(checkpoint.ExitCode == 0, checkpoint.ToString());
        var recorded = checkpoint.Json().GetProperty("recorded");
        var size = recorded.GetProperty("treeSize").GetInt64();
        Assert.Equal(size, recorded.GetProperty("sequence").GetInt64());
        Assert.Equal("test-clinic/compliancekit/default", recorded.GetProperty("origin").GetString());
        Assert.True(again.ExitCode == 0, again.ToString());
        Assert.Contains("No new checkpoint due", again.Output, StringComparison.Ordinal);
        Assert.True(verify.ExitCode == 0, verify.ToString());
        var anchors = verify.Json().GetProperty("anchors")[0];
        Assert.Equal(size, anchors.GetProperty("anchoredSize").GetInt64());
        Assert.Equal(1, anchors.GetProperty("unanchoredEntries").GetInt64());
        Assert.NotEqual(System.Text.Json.JsonValueKind.Null, anchors.GetProperty("newestAnchorTime").ValueKind);
        Assert.Contains($"entries 0-{size - 1} anchored", text.Output, StringComparison.Ordinal);
        Assert.Contains($"entries {size}-{size} not yet anchored", text.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_AnotherHistoryOfTheSameChain_ExitsOneNamingTheContradictedCheckpoint()
    {
        using var clinic = await ClinicWorkspace.CreateAsync();
        using var rewritten = await ClinicWorkspace.CreateAsync();
        var sinks = clinic.File("sinks");
        Assert.Equal(0, (await CliRun.RunAsync("checkpoint", "--db", clinic.Database, "--sink", sinks, "--signing-cert", clinic.OrganisationPfx, "--organization", ClinicWorkspace.Organization)).ExitCode);

        var alone = await CliRun.RunAsync("verify", "--db", rewritten.Database);
        var anchored = await CliRun.RunAsync("verify", "--db", rewritten.Database, "--checkpoints", sinks, "--trust", clinic.CaPem, "--json");
        var text = await CliRun.RunAsync("verify", "--db", rewritten.Database, "--checkpoints", sinks, "--trust", clinic.CaPem);

        Assert.True(alone.ExitCode == 0, alone.ToString());
        Assert.True(anchored.ExitCode == 1, anchored.ToString());
        var finding = anchored.Json().GetProperty("anchors")[0].GetProperty("findings")[0];
        Assert.Equal("Contradicted", finding.GetProperty("kind").GetString());
        Assert.EndsWith(".txt", finding.GetProperty("checkpoint").GetString(), StringComparison.Ordinal);
        Assert.False(anchored.Json().GetProperty("valid").GetBoolean());
        Assert.Contains("Contradicted: checkpoint test-clinic%2Fcompliancekit%2Fdefault", text.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Checkpoint_AnotherHistoryIntoTheSameSink_IsAConflictExitOneAndNothingIsWrittenOver()
    {
        using var clinic = await ClinicWorkspace.CreateAsync();
        using var fork = await ClinicWorkspace.CreateAsync();
        var sinks = clinic.File("sinks");
        Assert.Equal(0, (await CliRun.RunAsync("checkpoint", "--db", clinic.Database, "--sink", sinks, "--signing-cert", clinic.OrganisationPfx, "--organization", ClinicWorkspace.Organization)).ExitCode);
        var before = Directory.GetFiles(sinks, "*", SearchOption.AllDirectories).ToDictionary(f => f, File.ReadAllBytes);

        var forked = await CliRun.RunAsync("checkpoint", "--db", fork.Database, "--sink", sinks, "--signing-cert", clinic.OrganisationPfx, "--organization", ClinicWorkspace.Organization, "--json");

        Assert.True(forked.ExitCode == 1, forked.ToString());
        Assert.True(forked.Json().GetProperty("failures")[0].GetProperty("isConflict").GetBoolean());
        Assert.Equal(before.Keys.Order(), Directory.GetFiles(sinks, "*", SearchOption.AllDirectories).Order());
        Assert.All(before, f => Assert.Equal(f.Value, File.ReadAllBytes(f.Key)));
    }

    [Theory]
    [InlineData("--checkpoints", "DIR")]
    [InlineData("--witness", "CA")]
    public async Task Verify_AnchorOptionsWithoutWhatTheyNeed_AreUsageErrors(string option, string value)
    {
        using var clinic = await ClinicWorkspace.CreateAsync();
        Directory.CreateDirectory(clinic.File("sinks"));

        var result = await CliRun.RunAsync("verify", "--db", clinic.Database, option, value == "DIR" ? clinic.File("sinks") : clinic.CaPem);
        var bundle = await CliRun.RunAsync("verify", clinic.File("x.zip"), "--trust", clinic.CaPem, "--checkpoints", clinic.File("sinks"));

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.StartsWith("error: ", result.Error, StringComparison.Ordinal);
        Assert.True(bundle.ExitCode == 2, bundle.ToString());
    }
}
