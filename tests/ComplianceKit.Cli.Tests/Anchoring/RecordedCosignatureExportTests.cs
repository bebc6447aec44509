using System.Security.Cryptography.X509Certificates;
using ComplianceKit.Cli.Tests.Infrastructure;
using ComplianceKit.Tests.Signing;

namespace ComplianceKit.Cli.Tests.Anchoring;

/// <summary>
/// <c>export</c> carries the co-signatures the chain records (<c>checkpoint.cosigned</c>, docs/FORMAT.md 12.14) without being given the
/// sink: the log asks two witnesses (<c>checkpoint --witness-dir</c>), the sink is then lost, and the bundle alone still meets a quorum
/// of two at <c>verify --witness</c>; a witness that did not co-sign leaves a quorum of three unmet.
/// </summary>
public sealed class RecordedCosignatureExportTests
{
    [Fact]
    public async Task Export_ChainRecordingTwoCosignatures_BundleMeetsAQuorumOfTwoWithoutTheSink()
    {
        using var clinic = await ClinicWorkspace.CreateAsync();
        var (aPfx, aPem) = await KeyAsync(clinic, "a", TestPki.Instance.EcdsaSigner);
        var (bPfx, bPem) = await KeyAsync(clinic, "b", TestPki.Instance.IntermediateSigner);
        var (_, otherPem) = await KeyAsync(clinic, "other", TestPki.Instance.RsaSigner);
        var a = Directory.CreateDirectory(clinic.File("witness-a")).FullName;
        var b = Directory.CreateDirectory(clinic.File("witness-b")).FullName;
        var sinks = clinic.File("sinks");
        var publishing = CliRun.RunAsync("checkpoint", "--db", clinic.Database, "--sink", sinks, "--signing-cert", clinic.OrganisationPfx,
            "--organization", ClinicWorkspace.Organization, "--witness-dir", a, "--witness-dir", b, "--json");
        while (!publishing.IsCompleted)
        {
            await CliRun.RunAsync("witness", "--state", clinic.File("state-a"), "--serve", a, "--once", "--trust", clinic.CaPem, "--signing-cert", aPfx);
            await CliRun.RunAsync("witness", "--state", clinic.File("state-b"), "--serve", b, "--once", "--trust", clinic.CaPem, "--signing-cert", bPfx);
            await Task.Delay(50);
        }

        var published = await publishing;
        Directory.Delete(sinks, recursive: true); // only the ledger keeps the co-signatures now
        var bundle = clinic.File("cosigned.zip");

        var export = await CliRun.RunAsync("export", "--db", clinic.Database, "--out", bundle, "--signing-cert", clinic.OrganisationPfx, "--organization", ClinicWorkspace.Organization);
        var quorumTwo = await CliRun.RunAsync("verify", bundle, "--trust", clinic.CaPem, "--witness", aPem, "--witness", bPem, "--witnesses-required", "2", "--json");
        var quorumThree = await CliRun.RunAsync("verify", bundle, "--trust", clinic.CaPem, "--witness", aPem, "--witness", bPem, "--witness", otherPem, "--json");

        Assert.True(published.ExitCode == 0, published.ToString());
        var size = published.Json().GetProperty("newest").GetProperty("treeSize").GetInt64();
        Assert.True(export.ExitCode == 0, export.ToString());
        Assert.Contains("Carries 1 published checkpoint(s) recorded in the chain", export.Output, StringComparison.Ordinal);
        Assert.True(quorumTwo.ExitCode == 0, quorumTwo.ToString());
        var anchoring = quorumTwo.Json().GetProperty("anchoring");
        Assert.Equal(size, anchoring.GetProperty("chain").GetProperty("anchoredSize").GetInt64());
        Assert.Equal(1, anchoring.GetProperty("checkpointsCarried").GetInt32());
        Assert.Equal(new[] { TestPki.Instance.EcdsaSigner.Subject, TestPki.Instance.IntermediateSigner.Subject }.Order(StringComparer.Ordinal),
            anchoring.GetProperty("newestAnchorWitnesses").EnumerateArray().Select(w => w.GetString()).Order(StringComparer.Ordinal));
        Assert.True(quorumThree.ExitCode == 1, quorumThree.ToString());
        Assert.Equal(0, quorumThree.Json().GetProperty("anchoring").GetProperty("chain").GetProperty("anchoredSize").GetInt64());
        Assert.Contains("WitnessQuorumNotMet", quorumThree.Output, StringComparison.Ordinal);
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
