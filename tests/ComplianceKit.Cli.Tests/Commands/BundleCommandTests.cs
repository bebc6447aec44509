using System.Diagnostics;
using System.IO.Compression;
using System.Text;
using System.Text.Json;
using ComplianceKit.Cli.Tests.Infrastructure;
using ComplianceKit.EntityFrameworkCore;
using ComplianceKit.EntityFrameworkCore.Ledger;
using ComplianceKit.Ledger;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;
using NodaTime;
using NodaTime.Testing;

namespace ComplianceKit.Cli.Tests.Commands;

/// <summary><c>export</c> and <c>verify &lt;bundle&gt;</c> end to end, through the same runner as Program.Main.</summary>
public sealed class BundleCommandTests : IAsyncLifetime
{
    private ClinicWorkspace _clinic = null!;

    public async Task InitializeAsync() => _clinic = await ClinicWorkspace.CreateAsync();

    public Task DisposeAsync()
    {
        _clinic.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task ExportThenVerify_ExitsZeroAndNamesSignersRolesAndCounts()
    {
        var bundle = await ExportAsync("full.zip");

        var verify = await CliRun.RunAsync("verify", bundle, "--trust", _clinic.CaPem);

        Assert.True(verify.ExitCode == 0, verify.ToString());
        Assert.Contains("Result: VERIFIED", verify.Output, StringComparison.Ordinal);
        Assert.Contains("Casey Officer, Compliance Officer", verify.Output, StringComparison.Ordinal);
        Assert.Contains("Erin Engineer, Release Manager", verify.Output, StringComparison.Ordinal);
        Assert.Contains("baa.executed", verify.Output, StringComparison.Ordinal);
        Assert.Contains("Failures: none", verify.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_OneByteChanged_ExitsOneNamingTheFileAndEntry()
    {
        var bundle = await ExportAsync("full.zip");
        var tampered = _clinic.File("tampered.zip");
        Rewrite(bundle, tampered, "entries.jsonl", text => text.Replace("\"staff:ana\"", "\"staff:eve\"", StringComparison.Ordinal));

        var verify = await CliRun.RunAsync("verify", tampered, "--trust", _clinic.CaPem);

        Assert.True(verify.ExitCode == 1, verify.ToString());
        Assert.Contains("entries.jsonl: FileAltered", verify.Output, StringComparison.Ordinal);
        Assert.Contains("HeaderAltered", verify.Output, StringComparison.Ordinal);
        Assert.Contains("Result: INVALID", verify.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_ArchiveWithATraversalName_ExitsOneNamingItAndWritesNothingOutside()
    {
        var bundle = await ExportAsync("full.zip");
        var hostile = _clinic.File("hostile.zip");
        File.Copy(bundle, hostile);
        using (var zip = ZipFile.Open(hostile, ZipArchiveMode.Update))
        {
            using var stream = zip.CreateEntry("../escaped.txt").Open();
            stream.Write("gotcha"u8);
        }

        var verify = await CliRun.RunAsync("verify", hostile, "--trust", _clinic.CaPem);

        Assert.True(verify.ExitCode == 1, verify.ToString());
        Assert.Contains("'../escaped.txt' is refused", verify.Output, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(Path.GetDirectoryName(_clinic.Folder)!, "escaped.txt")));
        Assert.DoesNotContain(Directory.GetFiles(_clinic.Folder, "*", SearchOption.AllDirectories), f => f.EndsWith("escaped.txt", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("-r")]
    [InlineData("-r", "-D")]
    [InlineData("-r", "-0")]
    public async Task Verify_BundleRezippedWithInfoZip_ExitsZero(params string[] flags)
    {
        var bundle = await ExportAsync("full.zip");
        var folder = _clinic.File("extracted");
        await ZipFile.ExtractToDirectoryAsync(bundle, folder);
        var rezipped = _clinic.File("rezipped.zip");

        var zip = RunTool(folder, "/usr/bin/zip", ["-q", .. flags, rezipped, "."]);
        var verify = await CliRun.RunAsync("verify", rezipped, "--trust", _clinic.CaPem);

        Assert.True(zip == 0, $"zip exited {zip}");
        Assert.True(verify.ExitCode == 0, verify.ToString());
    }

    [Theory]
    [InlineData("missing.zip", "does not exist")]
    [InlineData("garbage.zip", "not a zip archive")]
    public async Task Verify_UnreadableBundle_ExitsTwoWithAClearMessage(string name, string message)
    {
        await File.WriteAllBytesAsync(_clinic.File("garbage.zip"), Encoding.ASCII.GetBytes("this is not a bundle"));

        var verify = await CliRun.RunAsync("verify", _clinic.File(name), "--trust", _clinic.CaPem);

        Assert.True(verify.ExitCode == 2, verify.ToString());
        Assert.Contains(message, verify.Output + verify.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("verifying a bundle needs --trust", "verify", "{bundle}")]
    [InlineData("not both", "verify", "{bundle}", "--db", "{db}")]
    [InlineData("name a bundle to verify", "verify")]
    [InlineData("--chain applies to --db", "verify", "{bundle}", "--trust", "{ca}", "--chain", "default")]
    [InlineData("--trust and --previous-checkpoint apply to a bundle", "verify", "--db", "{db}", "--trust", "{ca}")]
    [InlineData("--trust and --tsa-trust go with --checkpoints", "verify", "--db", "{db}", "--tsa-trust", "{ca}")]
    public async Task Verify_WrongArguments_ExitTwoSayingWhatToDo(string message, params string[] args)
    {
        var bundle = await ExportAsync("full.zip");

        var result = await CliRun.RunAsync(args.Select(a => a.Replace("{bundle}", bundle, StringComparison.Ordinal)
            .Replace("{db}", _clinic.Database, StringComparison.Ordinal).Replace("{ca}", _clinic.CaPem, StringComparison.Ordinal)).ToArray());

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains(message, result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task VerifyDb_StillVerifiesTheDatabase()
    {
        var verify = await CliRun.RunAsync("verify", "--db", _clinic.Database);

        Assert.True(verify.ExitCode == 0, verify.ToString());
        Assert.Contains("Result: every chain verifies.", verify.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task VerifyJson_HasTheDocumentedShape()
    {
        var bundle = await ExportAsync("full.zip");

        var verify = await CliRun.RunAsync("verify", bundle, "--trust", _clinic.CaPem, "--json");
        using var json = JsonDocument.Parse(verify.Output);
        var root = json.RootElement;

        Assert.True(verify.ExitCode == 0, verify.ToString());
        Assert.Equal("Verified", root.GetProperty("verdict").GetString());
        Assert.True(root.GetProperty("valid").GetBoolean());
        Assert.Equal(0, root.GetProperty("exitCode").GetInt32());
        Assert.Equal("Test Clinic", root.GetProperty("organization").GetString());
        Assert.Equal("full", root.GetProperty("scope").GetProperty("kind").GetString());
        Assert.Equal("Valid", root.GetProperty("checkpoint").GetProperty("signature").GetProperty("status").GetString());
        Assert.Equal(2, root.GetProperty("entries").GetProperty("byType").GetProperty("baa.executed").GetInt64());
        Assert.Equal(["Casey Officer", "Erin Engineer"], root.GetProperty("approvals").EnumerateArray().Select(a => a.GetProperty("signerName").GetString()!).Order());
        Assert.All(root.GetProperty("approvals").EnumerateArray(), a => Assert.True(a.GetProperty("authorized").GetBoolean()));
        Assert.Equal(0, root.GetProperty("totalFailures").GetInt64());
        Assert.Equal(JsonValueKind.Array, root.GetProperty("findings").ValueKind);
    }

    [Fact]
    public async Task ExportSelective_ByTypeAndTime_VerifiesWithOnlyThoseEntries()
    {
        var bundle = _clinic.File("baa.zip");

        var export = await CliRun.RunAsync("export", "--db", _clinic.Database, "--out", bundle, "--signing-cert", _clinic.OrganisationPfx,
            "--organization", ClinicWorkspace.Organization, "--type", "baa.executed", "--from", "2020-01-01", "--to", "2049-01-01T00:00Z");
        var verify = await CliRun.RunAsync("verify", bundle, "--trust", _clinic.CaPem, "--json");
        using var json = JsonDocument.Parse(verify.Output);

        Assert.True(export.ExitCode == 0, export.ToString());
        Assert.True(verify.ExitCode == 0, verify.ToString());
        Assert.Equal("selective", json.RootElement.GetProperty("scope").GetProperty("kind").GetString());
        Assert.Equal(2, json.RootElement.GetProperty("entries").GetProperty("read").GetInt64());
    }

    [Fact]
    public async Task ExportSinceCheckpoint_ThenVerifyAgainstIt_ProvesConsistency()
    {
        var first = await ExportAsync("first.zip");
        await AppendAsync(3);
        var second = _clinic.File("second.zip");

        var export = await CliRun.RunAsync("export", "--db", _clinic.Database, "--out", second, "--signing-cert", _clinic.OrganisationPfx,
            "--organization", ClinicWorkspace.Organization, "--type", "training.completed", "--since-checkpoint", first);
        var verify = await CliRun.RunAsync("verify", second, "--trust", _clinic.CaPem, "--previous-checkpoint", first);

        Assert.True(export.ExitCode == 0, export.ToString());
        Assert.True(verify.ExitCode == 0, verify.ToString());
        Assert.Contains("your checkpoint at size", verify.Output, StringComparison.Ordinal);
        Assert.Contains("consistency proven", verify.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ExportSinceCheckpoint_OfARewrittenLog_ExitsOne()
    {
        var first = await ExportAsync("first.zip");
        using (var clinic = await ClinicWorkspace.CreateAsync())
        {
            var export = await CliRun.RunAsync("export", "--db", clinic.Database, "--out", clinic.File("b.zip"), "--signing-cert", clinic.OrganisationPfx,
                "--organization", ClinicWorkspace.Organization, "--since-checkpoint", first);

            Assert.True(export.ExitCode == 1, export.ToString());
            Assert.Contains("rewritten", export.Error, StringComparison.Ordinal);
            Assert.False(File.Exists(clinic.File("b.zip")));
            Assert.False(File.Exists(clinic.File("b.zip.partial")));
        }
    }

    [Fact]
    public async Task Export_CertificateWithoutOrganisation_AsksForTheOption()
    {
        var export = await CliRun.RunAsync("export", "--db", _clinic.Database, "--out", _clinic.File("b.zip"), "--signing-cert", _clinic.OrganisationPfx);

        Assert.True(export.ExitCode == 2, export.ToString());
        Assert.Contains("--organization", export.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Export_BadInstant_ExitsTwoShowingTheForm()
    {
        var export = await CliRun.RunAsync("export", "--db", _clinic.Database, "--out", _clinic.File("b.zip"), "--signing-cert", _clinic.OrganisationPfx,
            "--organization", "x", "--from", "last tuesday");

        Assert.True(export.ExitCode == 2, export.ToString());
        Assert.Contains("2026-01-31", export.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Demo_EndsByExportingABundleThatVerifies()
    {
        var database = _clinic.File("demo/compliance-demo.db");
        Directory.CreateDirectory(Path.GetDirectoryName(database)!);

        var demo = await CliRun.RunAsync("demo", "--db", database);
        var bundle = _clinic.File("demo/compliance-demo.zip");
        var verify = await CliRun.RunAsync("verify", bundle, "--trust", _clinic.File("demo/demo-ca.pem"));

        Assert.True(demo.ExitCode == 0, demo.ToString());
        Assert.Contains($"verify {bundle} --trust {_clinic.File("demo/demo-ca.pem")}", demo.Output, StringComparison.Ordinal);
        Assert.True(verify.ExitCode == 0, verify.ToString());
        Assert.Contains("Northwind Family Clinic (demo)", verify.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ApprovalEntryWithAnotherSubject_FailsVerifyDbAndTheBundleNamingTheEntry()
    {
        long forged;
        await using (var context = ComplianceKitSqlite.CreateDbContext(_clinic.Database))
        {
            var ledger = new EntityFrameworkLedger<ComplianceKitDbContext>(context, new FakeClock(Instant.FromUtc(2026, 7, 1, 0, 0)),
                Options.Create(new ComplianceKitOptions()));
            LedgerEntry? approval = null;
            await foreach (var entry in ledger.ReadByTypeAsync("default", ["approval.signed"]))
            {
                approval ??= entry;
            }

            var receipt = await ledger.AppendAsync("default", [new EntryDraft("approval.signed", "release:9.9.9-other", approval!.Actor, approval.Payload!)]);
            forged = receipt.FirstSequence;
        }

        SqliteConnection.ClearAllPools();
        var database = await CliRun.RunAsync("verify", "--db", _clinic.Database, "--json");
        var bundle = await CliRun.RunAsync("verify", await ExportAsync("forged.zip"), "--trust", _clinic.CaPem, "--json");

        Assert.True(database.ExitCode == 1, database.ToString());
        Assert.True(bundle.ExitCode == 1, bundle.ToString());
        using var databaseJson = JsonDocument.Parse(database.Output);
        using var bundleJson = JsonDocument.Parse(bundle.Output);
        var databaseFinding = databaseJson.RootElement.GetProperty("chains")[0].GetProperty("findings").EnumerateArray().Single();
        var bundleFinding = bundleJson.RootElement.GetProperty("findings").EnumerateArray().Single(f => f.GetProperty("severity").GetString() != "note");
        Assert.Equal("ApprovalBindingInvalid", databaseFinding.GetProperty("status").GetString());
        Assert.Equal(forged, databaseFinding.GetProperty("sequence").GetInt64());
        Assert.Contains("is not the statement's subject", databaseFinding.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal("ApprovalBindingInvalid", bundleFinding.GetProperty("kind").GetString());
        Assert.Equal(forged, bundleFinding.GetProperty("sequence").GetInt64());
        Assert.Contains("is not the statement's subject", bundleFinding.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    private static int RunTool(string folder, string program, string[] arguments)
    {
        Assert.True(File.Exists(program), $"{program} (Info-ZIP) is required for this test; .ci/run installs it.");
        var start = new ProcessStartInfo(program) { WorkingDirectory = folder, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        process.WaitForExit();
        return process.ExitCode;
    }

    private async Task<string> ExportAsync(string name)
    {
        var bundle = _clinic.File(name);
        var export = await CliRun.RunAsync("export", "--db", _clinic.Database, "--out", bundle, "--signing-cert", _clinic.OrganisationPfx,
            "--organization", ClinicWorkspace.Organization, "--trust-anchor", _clinic.CaPem);
        Assert.True(export.ExitCode == 0, export.ToString());
        return bundle;
    }

    private async Task AppendAsync(int count)
    {
        await using (var context = ComplianceKitSqlite.CreateDbContext(_clinic.Database))
        {
            var ledger = new EntityFrameworkLedger<ComplianceKitDbContext>(context, new FakeClock(Instant.FromUtc(2026, 7, 1, 0, 0)),
                Options.Create(new ComplianceKitOptions()));
            await ledger.AppendAsync("default", Enumerable.Range(0, count)
                .Select(i => EntryDraft.FromJson("training.completed", $"staff:new-{i}", "lms:academy", "{}")).ToArray());
        }

        SqliteConnection.ClearAllPools();
    }

    private static void Rewrite(string source, string target, string member, Func<string, string> change)
    {
        using var input = ZipFile.OpenRead(source);
        using var output = ZipFile.Open(target, ZipArchiveMode.Create);
        foreach (var entry in input.Entries)
        {
            using var read = entry.Open();
            var bytes = new MemoryStream();
            read.CopyTo(bytes);
            var content = entry.FullName == member ? Encoding.UTF8.GetBytes(change(Encoding.UTF8.GetString(bytes.ToArray()))) : bytes.ToArray();
            using var write = output.CreateEntry(entry.FullName).Open();
            write.Write(content);
        }
    }
}
