using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using ComplianceKit.Cli.Tests.Infrastructure;
using ComplianceKit.EntityFrameworkCore;
using ComplianceKit.EntityFrameworkCore.Ledger;
using ComplianceKit.Ledger;
using ComplianceKit.Tests.Administration;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;
using NodaTime;
using NodaTime.Testing;

namespace ComplianceKit.Cli.Tests.Retention;

/// <summary>
/// `compliancekit retention` and `hold` on a ledger with a pinned administration root (issue 11, item 3): rules are signed with
/// the shared `--signing-cert` options; an unsigned or forged rule purges nothing and is named; a non-administrator is refused.
/// </summary>
public sealed class RetentionSignedCommandTests : IDisposable
{
    private const string AccessPolicy = """
        {"id":"access-6y","entryTypes":["phi.*"],"period":"P6Y","basis":"recordedAt","category":"operational","timeZone":"America/New_York"}
        """;

    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("compliancekit-cli-");

    private string Db => Path.Combine(_folder.FullName, "clinic.db");

    [Fact]
    public async Task Apply_PolicySignedByTheAdministrator_PurgesAndVerifies()
    {
        var administrator = await SeedAsync();

        var policy = await CliRun.RunAsync("retention", "policy", "--db", Db, "--file", PolicyFile(), "--signing-cert", administrator);
        var apply = await CliRun.RunAsync("retention", "apply", "--db", Db, "--actor", "officer:kim", "--json");
        var verify = await CliRun.RunAsync("verify", "--db", Db);

        Assert.True(policy.ExitCode == 0, policy.Error + policy.Output);
        Assert.Contains("signed by CN=Ada Administrator", policy.Output, StringComparison.Ordinal);
        Assert.True(apply.ExitCode == 0, apply.Error + apply.Output);
        using var json = JsonDocument.Parse(apply.Output);
        Assert.Equal(10, json.RootElement.GetProperty("chains")[0].GetProperty("purged").GetInt64());
        Assert.Equal(0, verify.ExitCode);
        Assert.Equal(10, await CountAsync("SELECT count(*) FROM ck_ledger_entries WHERE payload IS NULL"));
    }

    [Fact]
    public async Task Apply_UnderAnUnsignedPolicyAppendedByAnInsider_PurgesNothingNamesItAndExits1()
    {
        await SeedAsync();
        var insider = await CliRun.RunAsync("retention", "policy", "--db", Db, "--file", PolicyFile(), "--actor", "intruder", "--unsigned-administration");

        var plan = await CliRun.RunAsync("retention", "plan", "--db", Db);
        var apply = await CliRun.RunAsync("retention", "apply", "--db", Db, "--actor", "officer:kim");
        var verify = await CliRun.RunAsync("verify", "--db", Db);

        Assert.Equal(0, insider.ExitCode);
        Assert.Equal(1, plan.ExitCode);
        Assert.Contains("IGNORED NotSigned: Entry 12 (retention.policy.set)", plan.Output, StringComparison.Ordinal);
        Assert.Equal(1, apply.ExitCode);
        Assert.Contains("purged 0 of 0 planned entries", apply.Output, StringComparison.Ordinal);
        Assert.Equal(0, await CountAsync("SELECT count(*) FROM ck_ledger_entries WHERE payload IS NULL"));
        Assert.Equal(1, verify.ExitCode);
        Assert.Contains("retention.policy.set", verify.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task HoldPlace_SignedByANonAdministrator_IsRefusedExit1AndNothingWritten()
    {
        var administrator = await SeedAsync();
        await CliRun.RunAsync("retention", "policy", "--db", Db, "--file", PolicyFile(), "--signing-cert", administrator);
        var outsider = Path.Combine(_folder.FullName, "outsider.pfx");
        using (var certificate = TestAdministrators.Issue(SelfSignedRoot(), "CN=Outside Counsel", DateTimeOffset.UnixEpoch.AddYears(50), DateTimeOffset.UnixEpoch.AddYears(70)))
        {
            await File.WriteAllBytesAsync(outsider, certificate.Export(X509ContentType.Pkcs12));
        }

        var before = await CountAsync("SELECT count(*) FROM ck_ledger_entries");
        var place = await CliRun.RunAsync("hold", "place", "--db", Db, "--id", "doe", "--reason", "preservation letter", "--signing-cert", outsider);

        Assert.Equal(1, place.ExitCode);
        Assert.StartsWith("Refused, nothing written:", place.Output, StringComparison.Ordinal);
        Assert.Equal(before, await CountAsync("SELECT count(*) FROM ck_ledger_entries"));
    }

    [Fact]
    public async Task Policy_WithoutASigningCertificateOnASignedLedger_IsAUsageErrorAndNothingWritten()
    {
        await SeedAsync();

        var policy = await CliRun.RunAsync("retention", "policy", "--db", Db, "--file", PolicyFile(), "--actor", "admin:ana");

        Assert.Equal(2, policy.ExitCode);
        Assert.StartsWith("error: retention policies, overrides and holds are administration", policy.Error, StringComparison.Ordinal);
        Assert.Equal(12, await CountAsync("SELECT count(*) FROM ck_ledger_entries"));
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        _folder.Delete(recursive: true);
    }

    /// <summary>Ten access entries and two BAAs recorded in 2010; the administration root pinned beside the ledger. Returns the administrator's PFX.</summary>
    private async Task<string> SeedAsync()
    {
        await using (var context = ComplianceKitSqlite.CreateDbContext(Db))
        {
            await ComplianceKitDatabase.EnsureCreatedAsync(context);
            var ledger = new EntityFrameworkLedger<ComplianceKitDbContext>(context, new FakeClock(Instant.FromUtc(2010, 3, 1, 17, 0)), Options.Create(new ComplianceKitOptions()));
            var drafts = Enumerable.Range(0, 10)
                .Select(i => EntryDraft.FromJson("phi.accessed", $"record:{i}", "ehr", $$"""{"screen":"chart","i":{{i}}}"""))
                .Concat([EntryDraft.FromJson("baa.executed", "vendor:acme", "officer:kim", "{}"), EntryDraft.FromJson("baa.executed", "vendor:globex", "officer:kim", "{}")])
                .ToArray();
            await ledger.AppendAsync("default", drafts);
        }

        return TestAdministrators.Instance.WriteFor(Db);
    }

    private static X509Certificate2 SelfSignedRoot()
    {
        using var key = System.Security.Cryptography.ECDsa.Create(System.Security.Cryptography.ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=Not The Administration Root", key, System.Security.Cryptography.HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign, true));
        return request.CreateSelfSigned(DateTimeOffset.UnixEpoch.AddYears(50), DateTimeOffset.UnixEpoch.AddYears(70));
    }

    private string PolicyFile()
    {
        var path = Path.Combine(_folder.FullName, $"{Guid.NewGuid():N}.json");
        File.WriteAllText(path, AccessPolicy);
        return path;
    }

    private async Task<long> CountAsync(string sql)
    {
        await using var connection = new SqliteConnection($"Data Source={Db};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
