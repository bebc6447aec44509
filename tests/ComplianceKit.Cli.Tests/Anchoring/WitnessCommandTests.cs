using System.Security.Cryptography.X509Certificates;
using ComplianceKit.Cli.Tests.Infrastructure;
using ComplianceKit.Tests.Signing;

namespace ComplianceKit.Cli.Tests.Anchoring;

/// <summary><c>witness</c> on files: co-signs a published checkpoint beside it, which <c>verify --witness</c> counts; refuses another root at the same size.</summary>
public sealed class WitnessCommandTests
{
    [Fact]
    public async Task Witness_CosignsThePublishedCheckpoint_AndVerifyCountsItTowardsTheQuorum()
    {
        using var clinic = await ClinicWorkspace.CreateAsync();
        using var fork = await ClinicWorkspace.CreateAsync();
        var (witnessPfx, witnessPem) = await WitnessKeyAsync(clinic);
        var sinks = clinic.File("sinks");
        var forkSinks = clinic.File("fork-sinks");
        Assert.Equal(0, (await CliRun.RunAsync("checkpoint", "--db", clinic.Database, "--sink", sinks, "--signing-cert", clinic.OrganisationPfx, "--organization", ClinicWorkspace.Organization)).ExitCode);
        Assert.Equal(0, (await CliRun.RunAsync("checkpoint", "--db", fork.Database, "--sink", forkSinks, "--signing-cert", clinic.OrganisationPfx, "--organization", ClinicWorkspace.Organization)).ExitCode);
        var published = Directory.GetFiles(sinks, "*.txt", SearchOption.AllDirectories).Single();
        var forked = Directory.GetFiles(forkSinks, "*.txt", SearchOption.AllDirectories).Single();
        var withoutQuorum = await CliRun.RunAsync("verify", "--db", clinic.Database, "--checkpoints", sinks, "--trust", clinic.CaPem, "--witness", witnessPem, "--json");

        var cosigned = await CliRun.RunAsync("witness", "--state", clinic.File("witness-state"), "--checkpoint", published, "--trust", clinic.CaPem, "--signing-cert", witnessPfx, "--json");
        var anchored = await CliRun.RunAsync("verify", "--db", clinic.Database, "--checkpoints", sinks, "--trust", clinic.CaPem, "--witness", witnessPem, "--json");
        var refused = await CliRun.RunAsync("witness", "--state", clinic.File("witness-state"), "--checkpoint", forked, "--trust", clinic.CaPem, "--signing-cert", witnessPfx, "--json");

        Assert.True(withoutQuorum.ExitCode == 0, withoutQuorum.ToString());
        Assert.Equal(0, withoutQuorum.Json().GetProperty("anchors")[0].GetProperty("anchoredSize").GetInt64());
        Assert.Equal(1, withoutQuorum.Json().GetProperty("anchors")[0].GetProperty("checkpointsWithoutQuorum").GetInt32());
        Assert.True(cosigned.ExitCode == 0, cosigned.ToString());
        Assert.True(File.Exists(cosigned.Json().GetProperty("cosignature").GetString()));
        Assert.True(anchored.ExitCode == 0, anchored.ToString());
        Assert.True(anchored.Json().GetProperty("anchors")[0].GetProperty("anchoredSize").GetInt64() > 0);
        Assert.True(refused.ExitCode == 1, refused.ToString());
        Assert.Equal("ConflictingRoot", refused.Json().GetProperty("refusal").GetString());
        Assert.Empty(Directory.GetFiles(forkSinks, "*.cosig.*", SearchOption.AllDirectories));
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
