using System.Buffers.Binary;
using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text.RegularExpressions;
using ComplianceKit.Cli.Tests.Infrastructure;

namespace ComplianceKit.Cli.Tests.Ledger;

/// <summary>
/// docs/FORMAT.md "Stored layout": the documented sqlite3 queries, run with the real sqlite3 on a ledger the CLI wrote, give
/// an auditor's script everything it needs: recomputing every entry hash and link from section 4 here (not with the
/// library) matches the stored ones, and the head row's size and last hash match the rows.
/// </summary>
public sealed partial class DatabaseLayoutTests : IDisposable
{
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("compliancekit-layout-");

    [Fact]
    public async Task DocumentedQueries_GiveEnoughToRecomputeEveryEntryHashAndTheHead()
    {
        var db = Path.Combine(_folder.FullName, "copy.db");
        Assert.Equal(0, (await CliRun.RunAsync("demo", "--db", db)).ExitCode);
        var queries = SqliteCommand().Matches(Format()).Select(m => m.Groups[1].Value.Replace("\n  ", " ", StringComparison.Ordinal)).ToList();

        var head = Sqlite(db, queries[0], "|").Trim().Split('|');
        var rows = Sqlite(db, queries[1], " ").Trim().Split('\n').Select(l => l.Split(' ')).ToList();

        var previous = new byte[32];
        foreach (var row in rows)
        {
            Assert.Equal(Convert.ToHexString(previous), row[9]);
            var hash = SHA256.HashData([.. "CKE1"u8, .. Str("default"u8.ToArray()), .. I64(long.Parse(row[0], CultureInfo.InvariantCulture)), .. Str(Convert.FromHexString(row[1])),
                .. Str(Convert.FromHexString(row[2])), .. Str(Convert.FromHexString(row[3])), .. I64(long.Parse(row[4], CultureInfo.InvariantCulture)), .. I64(long.Parse(row[5], CultureInfo.InvariantCulture)),
                .. Convert.FromHexString(row[9]), .. Convert.FromHexString(row[8])]);
            Assert.Equal(row[10], Convert.ToHexString(hash));
            if (row[6].Length > 0)
            {
                Assert.Equal(row[8], Convert.ToHexString(SHA256.HashData([.. "CKP1"u8, .. Convert.FromHexString(row[7]), .. Convert.FromHexString(row[6])])));
            }

            previous = hash;
        }

        Assert.Equal(rows.Count, int.Parse(head[0], CultureInfo.InvariantCulture));
        Assert.Equal(Convert.ToHexString(previous), head[1]);
        Assert.Equal(32 * int.PopCount(rows.Count), head[3].Length / 2);
    }

    public void Dispose() => _folder.Delete(recursive: true);

    private static byte[] Str(byte[] utf8)
    {
        var length = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(length, (uint)utf8.Length);
        return [.. length, .. utf8];
    }

    private static byte[] I64(long value)
    {
        var bytes = new byte[8];
        BinaryPrimitives.WriteInt64BigEndian(bytes, value);
        return bytes;
    }

    private static string Format()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            var path = Path.Combine(folder.FullName, "docs", "FORMAT.md");
            if (File.Exists(path))
            {
                return File.ReadAllText(path);
            }
        }

        throw new InvalidOperationException("docs/FORMAT.md is not above the test folder.");
    }

    private static string Sqlite(string db, string sql, string separator)
    {
        Assert.True(File.Exists("/usr/bin/sqlite3"), "sqlite3 is required; .ci/run installs it.");
        var start = new ProcessStartInfo("/usr/bin/sqlite3") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in new[] { "-readonly", "-separator", separator, db, sql })
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, process.StandardError.ReadToEnd());
        return output;
    }

    [GeneratedRegex("""sqlite3 -readonly (?:-separator ' ' )?copy\.db "([^"]*)"\n""")]
    private static partial Regex SqliteCommand();
}
