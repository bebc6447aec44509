using System.Security.Cryptography.X509Certificates;
using ComplianceKit.Cli.Tests.Infrastructure;
using ComplianceKit.Tests.Signing;

namespace ComplianceKit.Cli.Tests.Anchoring;

/// <summary>
/// <c>export --checkpoints</c> carries the published checkpoint and its witness co-signature; <c>verify &lt;bundle&gt; --witness</c> shows what is
/// anchored, and <c>--checkpoints</c> with another history is exit 1 naming the checkpoint (docs/FORMAT.md 12.13).
/// </summary>
public sealed class BundleAnchorCommandTests
{
    [Fact]
    public async Task VerifyBundle_CarryingAWitnessedCheckpoint_ReportsTheAnchoredRangeAndItsWitness()
    {
        using var clinic = await ClinicWorkspace.CreateAsync();
        var (sinks, witnessPem) = await PublishAndWitnessAsync(clinic);
        var bundle = clinic.File("anchored.zip");

        var export = await CliRun.RunAsync("export", "--db", clinic.Database, "--out", bundle, "--signing-cert", clinic.OrganisationPfx, "--organization", ClinicWorkspace.Organization, "--checkpoints", sinks);
        var json = await CliRun.RunAsync("verify", bundle, "--trust", clinic.CaPem, "--witness", witnessPem, "--json");
        var text = await CliRun.RunAsync("verify", bundle, "--trust", clinic.CaPem, "--witness", witnessPem);

        Assert.True(export.ExitCode == 0, export.ToString());
        Assert.Contains("Carries 1 published checkpoint(s)", export.Output, StringComparison.Ordinal);
        Assert.True(json.ExitCode == 0, json.ToString());
        var anchoring = json.Json().GetProperty("anchoring");
        var anchored = anchoring.GetProperty("chain").GetProperty("anchoredSize").GetInt64();
        Assert.True(anchored > 0);
        Assert.Equal(1, anchoring.GetProperty("checkpointsCarried").GetInt32());
        Assert.Equal(TestPki.Instance.EcdsaSigner.Subject, anchoring.GetProperty("newestAnchorWitnesses")[0].GetString());
        Assert.Equal(1, anchoring.GetProperty("chain").GetProperty("unanchoredEntries").GetInt64()); // the checkpoint.published entry itself
        Assert.True(text.ExitCode == 0, text.ToString());
        Assert.Contains($"entries 0-{anchored - 1} anchored by the checkpoint of size {anchored}", text.Output, StringComparison.Ordinal);
        Assert.Contains($"co-signed by {TestPki.Instance.EcdsaSigner.Subject}", text.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task VerifyBundle_AgainstTheCheckpointOfAnotherHistory_IsExit1AnchorContradictedNamingIt()
    {
        using var clinic = await ClinicWorkspace.CreateAsync();
        using var fork = await ClinicWorkspace.CreateAsync();
        var forkSinks = clinic.File("fork-sinks");
        Assert.Equal(0, (await CliRun.RunAsync("checkpoint", "--db", fork.Database, "--sink", forkSinks, "--signing-cert", clinic.OrganisationPfx, "--organization", ClinicWorkspace.Organization)).ExitCode);
        var published = Path.GetRelativePath(forkSinks, Directory.GetFiles(forkSinks, "*.txt", SearchOption.AllDirectories).Single());
        var bundle = clinic.File("bundle.zip");
        Assert.Equal(0, (await CliRun.RunAsync("export", "--db", clinic.Database, "--out", bundle, "--signing-cert", clinic.OrganisationPfx, "--organization", ClinicWorkspace.Organization)).ExitCode);

        var verify = await CliRun.RunAsync("verify", bundle, "--trust", clinic.CaPem, "--checkpoints", forkSinks, "--json");

        Assert.True(verify.ExitCode == 1, verify.ToString());
        var finding = verify.Json().GetProperty("findings").EnumerateArray().Single(f => f.GetProperty("kind").GetString() == "AnchorContradicted");
        Assert.Contains(published, finding.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal(0, verify.Json().GetProperty("anchoring").GetProperty("chain").GetProperty("anchoredSize").GetInt64());
    }

    [Fact]
    public async Task VerifyBundle_AQuorumAboveTheWitnessesGiven_IsAUsageError()
    {
        using var clinic = await ClinicWorkspace.CreateAsync();
        var bundle = clinic.File("bundle.zip");
        Assert.Equal(0, (await CliRun.RunAsync("export", "--db", clinic.Database, "--out", bundle, "--signing-cert", clinic.OrganisationPfx, "--organization", ClinicWorkspace.Organization)).ExitCode);
        var (_, witnessPem) = await WitnessKeyAsync(clinic);

        var verify = await CliRun.RunAsync("verify", bundle, "--trust", clinic.CaPem, "--witness", witnessPem, "--witnesses-required", "2");

        Assert.Equal(2, verify.ExitCode);
        Assert.StartsWith("error: --witnesses-required", verify.Error, StringComparison.Ordinal);
    }

    private static async Task<(string Sinks, string WitnessPem)> PublishAndWitnessAsync(ClinicWorkspace clinic)
    {
        var (witnessPfx, witnessPem) = await WitnessKeyAsync(clinic);
        var sinks = clinic.File("sinks");
        Assert.Equal(0, (await CliRun.RunAsync("checkpoint", "--db", clinic.Database, "--sink", sinks, "--signing-cert", clinic.OrganisationPfx, "--organization", ClinicWorkspace.Organization)).ExitCode);
        var published = Directory.GetFiles(sinks, "*.txt", SearchOption.AllDirectories).Single();
        var cosigned = await CliRun.RunAsync("witness", "--state", clinic.File("witness-state"), "--checkpoint", published, "--trust", clinic.CaPem, "--signing-cert", witnessPfx);
        Assert.True(cosigned.ExitCode == 0, cosigned.ToString());
        return (sinks, witnessPem);
    }

    private static async Task<(string Pfx, string Pem)> WitnessKeyAsync(ClinicWorkspace clinic)
    {
        var pfx = clinic.File("witness.pfx");
        var pem = clinic.File("witness.pem");
        await File.WriteAllBytesAsync(pfx, TestPki.Instance.EcdsaSigner.Export(X509ContentType.Pkcs12));
        await File.WriteAllTextAsync(pem, TestPki.Instance.EcdsaSigner.ExportCertificatePem());
        return (pfx, pem);
    }
}
