using System.Security.Cryptography.X509Certificates;
using ComplianceKit.Cli.Tests.Infrastructure;
using ComplianceKit.Tests.Signing;

namespace ComplianceKit.Cli.Tests.Anchoring;

/// <summary>
/// The log asks its witnesses itself (<c>checkpoint --witness-dir</c>, answered by <c>witness --serve</c>): two witnesses, a quorum of
/// two, one down. The publication reports the missing co-signature; <c>verify --witnesses-required 2</c> shows the range unanchored,
/// not tampered; with 1 it is anchored, also from the co-signature recorded in the chain alone.
/// </summary>
public sealed class WitnessQuorumTests
{
    [Fact]
    public async Task TwoWitnessesQuorumTwo_OneDown_ReportsTheMissingCosignatureAndVerifyShowsTheRangeUnanchored()
    {
        using var clinic = await ClinicWorkspace.CreateAsync();
        var up = Directory.CreateDirectory(clinic.File("witness-up")).FullName;
        var down = Directory.CreateDirectory(clinic.File("witness-down")).FullName;
        var (upPfx, upPem) = await KeyAsync(clinic, "up", TestPki.Instance.EcdsaSigner);
        var (_, downPem) = await KeyAsync(clinic, "down", TestPki.Instance.IntermediateSigner);
        var sinks = clinic.File("sinks");

        var publishing = CliRun.RunAsync("checkpoint", "--db", clinic.Database, "--sink", sinks, "--signing-cert", clinic.OrganisationPfx,
            "--organization", ClinicWorkspace.Organization, "--witness-dir", up, "--witness-dir", down, "--witness-timeout", "3", "--json");
        var answers = new List<CliResult>();
        while (!publishing.IsCompleted)
        {
            answers.Add(await CliRun.RunAsync("witness", "--state", clinic.File("state-up"), "--serve", up, "--once", "--trust", clinic.CaPem, "--signing-cert", upPfx, "--json"));
            await Task.Delay(100);
        }

        var published = await publishing;
        string[] verify = ["verify", "--db", clinic.Database, "--checkpoints", sinks, "--trust", clinic.CaPem, "--witness", upPem, "--witness", downPem, "--json"];
        var quorumTwo = await CliRun.RunAsync([.. verify, "--witnesses-required", "2"]);
        var quorumOne = await CliRun.RunAsync([.. verify, "--witnesses-required", "1"]);
        foreach (var file in Directory.GetFiles(sinks, "*.cosig.*", SearchOption.AllDirectories))
        {
            File.Delete(file);
        }

        var fromTheChainAlone = await CliRun.RunAsync([.. verify, "--witnesses-required", "1"]);

        Assert.True(published.ExitCode == 1, published.ToString());
        var report = published.Json();
        Assert.Equal(1, report.GetProperty("cosignatures").GetInt32());
        Assert.Equal(2, report.GetProperty("witnessesRequired").GetInt32());
        var missing = Assert.Single(report.GetProperty("witnessFailures").EnumerateArray());
        Assert.Equal(down, missing.GetProperty("witness").GetString());
        Assert.Contains("did not answer", missing.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Contains(answers, a => a.ExitCode == 0 && a.Output.Contains("\"cosigned\":true", StringComparison.Ordinal));
        var size = report.GetProperty("newest").GetProperty("treeSize").GetInt64();

        Assert.True(quorumTwo.ExitCode == 0, quorumTwo.ToString());
        var unanchored = quorumTwo.Json().GetProperty("anchors")[0];
        Assert.Equal(0, unanchored.GetProperty("anchoredSize").GetInt64());
        Assert.Equal(1, unanchored.GetProperty("checkpointsWithoutQuorum").GetInt32());
        Assert.True(quorumOne.ExitCode == 0, quorumOne.ToString());
        Assert.Equal(size, quorumOne.Json().GetProperty("anchors")[0].GetProperty("anchoredSize").GetInt64());
        Assert.True(fromTheChainAlone.ExitCode == 0, fromTheChainAlone.ToString());
        Assert.Equal(size, fromTheChainAlone.Json().GetProperty("anchors")[0].GetProperty("anchoredSize").GetInt64());
        Assert.Empty(Directory.GetFiles(down));
    }

    private static async Task<(string Pfx, string Pem)> KeyAsync(ClinicWorkspace clinic, string name, X509Certificate2 certificate)
    {
        var pfx = clinic.File($"witness-{name}.pfx");
        var pem = clinic.File($"witness-{name}.pem");
        await File.WriteAllBytesAsync(pfx, certificate.Export(X509ContentType.Pkcs12));
        await File.WriteAllTextAsync(pem, certificate.ExportCertificatePem());
        return (pfx, pem);
    }
}
