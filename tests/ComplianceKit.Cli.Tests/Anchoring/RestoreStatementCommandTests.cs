using System.Security.Cryptography.X509Certificates;
using ComplianceKit.Anchoring;
using ComplianceKit.Cli.Tests.Infrastructure;
using ComplianceKit.EntityFrameworkCore;
using ComplianceKit.EntityFrameworkCore.Ledger;
using ComplianceKit.EntityFrameworkCore.Sqlite;
using ComplianceKit.Ledger;
using ComplianceKit.Tests.Signing;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;
using NodaTime.Testing;

namespace ComplianceKit.Cli.Tests.Anchoring;

/// <summary>
/// The restore procedure of docs/ANCHORING.md, as an operator runs it: a database file copied as the backup, checkpoints published and
/// witnessed past it, the copy put back; <c>restore-statement</c> records the signed statement, <c>witness --restore-statement</c>
/// co-signs the restored history, and <c>verify --db --checkpoints</c> reports the lost entries as a gap, not tampering.
/// </summary>
public sealed class RestoreStatementCommandTests
{
    [Fact]
    public async Task RestoreStatement_AfterRestoringACopiedDatabase_LetsTheWitnessCosignAndVerifyReportsTheGap()
    {
        using var clinic = await ClinicWorkspace.CreateAsync();
        var (witnessPfx, witnessPem) = await WitnessKeyAsync(clinic);
        var sinks = clinic.File("sinks");
        var state = clinic.File("witness-state");
        var first = await CheckpointAsync(clinic, sinks);
        Assert.Equal(0, (await CliRun.RunAsync("witness", "--state", state, "--checkpoint", Published(sinks, first), "--trust", clinic.CaPem, "--signing-cert", witnessPfx)).ExitCode);
        File.Copy(clinic.Database, clinic.File("backup.db"));
        await AppendAsync(clinic, 3);
        var lost = await CheckpointAsync(clinic, sinks);
        Assert.Equal(0, (await CliRun.RunAsync("witness", "--state", state, "--checkpoint", Published(sinks, lost), "--proof", await ProofFileAsync(clinic, first, lost),
            "--trust", clinic.CaPem, "--signing-cert", witnessPfx)).ExitCode);
        SqliteConnection.ClearAllPools();
        File.Copy(clinic.File("backup.db"), clinic.Database, overwrite: true);

        var recorded = await CliRun.RunAsync("restore-statement", "--db", clinic.Database, "--sink", sinks, "--trust", clinic.CaPem, "--signing-cert", clinic.OrganisationPfx,
            "--organization", ClinicWorkspace.Organization, "--json");
        var restored = await CheckpointAsync(clinic, sinks);
        var statement = Path.Combine(sinks, DirectoryCheckpointSink.FolderOf("test-clinic/compliancekit/default"), "restore-00000001", DirectoryCheckpointSink.RestoreStatementFile);
        var cosigned = await CliRun.RunAsync("witness", "--state", state, "--checkpoint", Published(sinks, restored), "--proof", await ProofFileAsync(clinic, first, restored),
            "--restore-statement", statement, "--trust", clinic.CaPem, "--signing-cert", witnessPfx, "--json");
        var verify = await CliRun.RunAsync("verify", "--db", clinic.Database, "--checkpoints", sinks, "--trust", clinic.CaPem, "--witness", witnessPem, "--json");
        var text = await CliRun.RunAsync("verify", "--db", clinic.Database, "--checkpoints", sinks, "--trust", clinic.CaPem, "--witness", witnessPem);

        Assert.True(recorded.ExitCode == 0, recorded.ToString());
        Assert.Equal(first, recorded.Json().GetProperty("restoredTo").GetProperty("treeSize").GetInt64());
        Assert.Equal(lost, recorded.Json().GetProperty("lost").GetProperty("treeSize").GetInt64());
        Assert.True(cosigned.ExitCode == 0, cosigned.ToString());
        Assert.True(cosigned.Json().GetProperty("acceptedRestore").GetBoolean());
        Assert.True(verify.ExitCode == 0, verify.ToString());
        var anchors = verify.Json().GetProperty("anchors")[0];
        Assert.Equal("LostInRestore", anchors.GetProperty("findings")[0].GetProperty("kind").GetString());
        Assert.Equal(restored, anchors.GetProperty("anchoredSize").GetInt64());
        Assert.Contains($"Lost in a restore (not tampering): entries {first}..{lost - 1} lost in a restore on ", text.Output, StringComparison.Ordinal);
        Assert.Contains("statement signed by CN=Casey Officer", text.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RestoreStatement_NothingWasLost_ExitsOneAndWritesNothing()
    {
        using var clinic = await ClinicWorkspace.CreateAsync();
        var sinks = clinic.File("sinks");
        await CheckpointAsync(clinic, sinks);
        var database = await File.ReadAllBytesAsync(clinic.Database);
        var files = Directory.GetFiles(sinks, "*", SearchOption.AllDirectories).Order().ToList();

        var refused = await CliRun.RunAsync("restore-statement", "--db", clinic.Database, "--sink", sinks, "--trust", clinic.CaPem, "--signing-cert", clinic.OrganisationPfx,
            "--organization", ClinicWorkspace.Organization, "--json");
        var text = await CliRun.RunAsync("restore-statement", "--db", clinic.Database, "--sink", sinks, "--trust", clinic.CaPem, "--signing-cert", clinic.OrganisationPfx,
            "--organization", ClinicWorkspace.Organization);

        Assert.True(refused.ExitCode == 1, refused.ToString());
        Assert.False(refused.Json().GetProperty("recorded").GetBoolean());
        Assert.Contains("nothing published was lost", refused.Json().GetProperty("refusal").GetString(), StringComparison.Ordinal);
        Assert.True(text.ExitCode == 1, text.ToString());
        Assert.StartsWith("REFUSED: ", text.Output, StringComparison.Ordinal);
        SqliteConnection.ClearAllPools();
        Assert.Equal(database, await File.ReadAllBytesAsync(clinic.Database));
        Assert.Equal(files, Directory.GetFiles(sinks, "*", SearchOption.AllDirectories).Order());
    }

    [Fact]
    public async Task RestoreStatement_WithoutASinkDirectory_IsAUsageError()
    {
        using var clinic = await ClinicWorkspace.CreateAsync();

        var result = await CliRun.RunAsync("restore-statement", "--db", clinic.Database, "--sink", clinic.File("missing"), "--trust", clinic.CaPem,
            "--signing-cert", clinic.OrganisationPfx, "--organization", ClinicWorkspace.Organization);

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.StartsWith("error: ", result.Error, StringComparison.Ordinal);
    }

    private static async Task<long> CheckpointAsync(ClinicWorkspace clinic, string sinks)
    {
        var result = await CliRun.RunAsync("checkpoint", "--db", clinic.Database, "--sink", sinks, "--signing-cert", clinic.OrganisationPfx, "--organization", ClinicWorkspace.Organization, "--json");
        Assert.True(result.ExitCode == 0, result.ToString());
        return result.Json().GetProperty("recorded").GetProperty("treeSize").GetInt64();
    }

    private static string Published(string sinks, long size) =>
        Directory.GetFiles(sinks, $"{size:D20}.txt", SearchOption.AllDirectories).Single();

    private static async Task AppendAsync(ClinicWorkspace clinic, int count)
    {
        await using var context = ComplianceKitSqlite.CreateDbContext(clinic.Database);
        var ledger = new EntityFrameworkLedger<ComplianceKitDbContext>(context, new FakeClock(TestPki.SigningTime), Options.Create(new ComplianceKitOptions { Organization = ClinicWorkspace.Organization }));
        await ledger.AppendAsync("default", [.. Enumerable.Range(0, count).Select(i => EntryDraft.FromJson("fact.recorded", $"fact:{i}", "recorder", $$"""{"n":{{i}}}"""))]);
        SqliteConnection.ClearAllPools();
    }

    /// <summary>The RFC 9162 consistency proof between two sizes of the chain as it is now, one base64 hash per line, as <c>witness --proof</c> reads it.</summary>
    private static async Task<string> ProofFileAsync(ClinicWorkspace clinic, long first, long second)
    {
        await using var context = ComplianceKitSqlite.CreateDbContext(clinic.Database);
        var ledger = new EntityFrameworkLedger<ComplianceKitDbContext>(context, new FakeClock(TestPki.SigningTime), Options.Create(new ComplianceKitOptions { Organization = ClinicWorkspace.Organization }));
        var proof = await ledger.GetConsistencyProofAsync("default", first, second);
        var file = clinic.File($"proof-{first}-{second}.txt");
        await File.WriteAllLinesAsync(file, proof.Path.Select(Convert.ToBase64String));
        SqliteConnection.ClearAllPools();
        return file;
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
