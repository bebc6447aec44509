using System.Diagnostics;
using System.Text.Json;
using ComplianceKit.Cli.Tests.Infrastructure;
using ComplianceKit.EntityFrameworkCore;
using ComplianceKit.EntityFrameworkCore.Ledger;
using ComplianceKit.Ledger;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;
using NodaTime;
using NodaTime.Testing;

namespace ComplianceKit.Cli.Tests.Ledger;

/// <summary><c>verify --db</c> by an auditor who may read the ledger but write nothing: opened read-only, nothing left behind.</summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class ReadOnlyVerifyTests : IAsyncLifetime
{
    private ClinicWorkspace _clinic = null!;

    public async Task InitializeAsync() => _clinic = await ClinicWorkspace.CreateAsync();

    public Task DisposeAsync()
    {
        _clinic.Dispose();
        return Task.CompletedTask;
    }

    [RootFact]
    public async Task Verify_AsAnotherUserOnALedgerInAFolderTheyCannotWrite_VerifiesAndLeavesNoSideFiles()
    {
        var folder = Directory.CreateTempSubdirectory("compliancekit-readonly-").FullName;
        var tool = Directory.CreateTempSubdirectory("compliancekit-tool-").FullName;
        try
        {
            // root owns both folders (0755) and the ledger (0644): nobody may read them and write nothing.
            var database = Path.Combine(folder, "clinic.db");
            File.Copy(_clinic.Database, database);
            CopyTool(tool);
            foreach (var path in new[] { folder, tool })
            {
                File.SetUnixFileMode(path, (UnixFileMode)Convert.ToInt32("755", 8));
            }

            var (exit, output, error) = await RunAsNobodyAsync(tool, "verify", "--db", database, "--json");

            Assert.True(exit == 0, $"exit {exit}\n{output}\n{error}");
            using var json = JsonDocument.Parse(output);
            Assert.True(json.RootElement.GetProperty("valid").GetBoolean());
            Assert.Contains("immutable", json.RootElement.GetProperty("openedAs").GetString(), StringComparison.Ordinal);
            Assert.Equal([database], Directory.GetFiles(folder));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
            Directory.Delete(tool, recursive: true);
        }
    }

    [Fact]
    public async Task Verify_NoWalFile_OpensImmutableAndLeavesNoSideFiles()
    {
        var verify = await CliRun.RunAsync("verify", "--db", _clinic.Database);

        Assert.True(verify.ExitCode == 0, verify.ToString());
        Assert.Contains("opened read-only as immutable", verify.Output, StringComparison.Ordinal);
        Assert.False(File.Exists(_clinic.Database + "-wal"));
        Assert.False(File.Exists(_clinic.Database + "-shm"));
    }

    [Fact]
    public async Task Verify_WalFileHoldsEntries_ReadsThemWithoutImmutableAndSaysSo()
    {
        // A writer keeps the database open, so its newest entries are only in the -wal file.
        await using var writer = new SqliteConnection($"Data Source={_clinic.Database};Pooling=False");
        await writer.OpenAsync();
        var before = await CountAsync(writer); // touches the database, so this connection keeps the -wal file alive
        var clock = new FakeClock(Instant.FromUtc(2026, 3, 1, 0, 0), Duration.FromSeconds(1));
        await using (var context = ComplianceKitSqlite.CreateDbContext(_clinic.Database))
        {
            var ledger = new EntityFrameworkLedger<ComplianceKitDbContext>(context, clock, Options.Create(new ComplianceKitOptions()));
            await ledger.AppendAsync("default", [EntryDraft.FromJson("control.tested", "control:x", "staff:ana", """{"result":"effective"}""")]);
        }

        SqliteConnection.ClearAllPools();
        Assert.True(new FileInfo(_clinic.Database + "-wal").Length > 0);
        var expected = await CountAsync(writer);
        Assert.Equal(before + 1, expected);

        var verify = await CliRun.RunAsync("verify", "--db", _clinic.Database, "--json");

        Assert.True(verify.ExitCode == 0, verify.ToString());
        var json = verify.Json();
        Assert.Equal(expected, json.GetProperty("chains")[0].GetProperty("entries").GetInt64());
        Assert.Contains("a -wal file exists", json.GetProperty("openedAs").GetString(), StringComparison.Ordinal);
    }

    private static async Task<long> CountAsync(SqliteConnection connection)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT count(*) FROM ck_ledger_entries";
        return (long)(await command.ExecuteScalarAsync())!;
    }

    /// <summary>The built tool (this test's output holds it) copied where another user can read it.</summary>
    private static void CopyTool(string destination)
    {
        foreach (var file in Directory.GetFiles(AppContext.BaseDirectory, "*", SearchOption.AllDirectories))
        {
            var copy = Path.Combine(destination, Path.GetRelativePath(AppContext.BaseDirectory, file));
            Directory.CreateDirectory(Path.GetDirectoryName(copy)!);
            File.Copy(file, copy);
        }

        foreach (var folder in Directory.GetDirectories(destination, "*", SearchOption.AllDirectories))
        {
            File.SetUnixFileMode(folder, (UnixFileMode)Convert.ToInt32("755", 8));
        }

        foreach (var file in Directory.GetFiles(destination, "*", SearchOption.AllDirectories))
        {
            File.SetUnixFileMode(file, (UnixFileMode)Convert.ToInt32("644", 8));
        }
    }

    private static async Task<(int Exit, string Output, string Error)> RunAsNobodyAsync(string tool, params string[] args)
    {
        var start = new ProcessStartInfo("runuser") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[] { "-u", "nobody", "--", DotnetHost(), Path.Combine(tool, "ComplianceKit.Cli.dll") }.Concat(args))
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["HOME"] = "/tmp";
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(2));
        return (process.ExitCode, await output, await error);
    }

    private static string DotnetHost() => Environment.ProcessPath is { } host && Path.GetFileNameWithoutExtension(host) == "dotnet" ? host : "dotnet";
}
