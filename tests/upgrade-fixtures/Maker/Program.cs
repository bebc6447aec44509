using ComplianceKit;
using ComplianceKit.Approvals;
using ComplianceKit.EntityFrameworkCore;
using ComplianceKit.EntityFrameworkCore.Ledger;
using ComplianceKit.EntityFrameworkCore.Projection;
using ComplianceKit.EntityFrameworkCore.Retention;
using ComplianceKit.EntityFrameworkCore.Tests.Infrastructure;
using ComplianceKit.Ledger;
using ComplianceKit.Retention;
using ComplianceKit.Signing;
using ComplianceKit.Tests.Administration;
using ComplianceKit.Tests.Signing;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using NodaTime;
using NodaTime.Testing;

// Usage: UpgradeFixtureMaker <sqlite|postgres> <connection> <schema|->
// Creates ComplianceKit's tables in an empty database and fills them as a host on this commit would: administration
// (a trust anchor, a role grant), the domain scenario (controls, evidence, vendors, BAAs, training), a signed approval,
// access entries in batches of several sizes (stored Merkle nodes at levels 4 and 8), a retention policy and its purge
// (with a recorded clock-skew override), the projection tables, and a second chain. Prints each chain's tree head.
if (args.Length != 3)
{
    Console.Error.WriteLine("usage: UpgradeFixtureMaker <sqlite|postgres> <connection> <schema|->");
    return 2;
}

var (provider, connection, schema) = (args[0], args[1], args[2] == "-" ? null : args[2]);
var builder = new DbContextOptionsBuilder<FixtureDbContext>();
if (provider == "sqlite")
{
    builder.UseSqlite(connection);
}
else
{
    builder.UseNpgsql(connection);
}

const string Chain = "default";
const string AccessChain = "access";
var clock = new FakeClock(Instant.FromUtc(2026, 1, 1, 0, 0), Duration.FromSeconds(7));
var kit = Options.Create(new ComplianceKitOptions { Organization = "Upgrade Fixture Clinic" });
await using (var context = new FixtureDbContext(builder.Options, schema))
{
    await ComplianceKitDatabase.EnsureCreatedAsync(context);
    var ledger = new EntityFrameworkLedger<FixtureDbContext>(context, clock, kit);
    var administrators = TestAdministrators.Instance;
    var pki = TestPki.Instance;

    var administration = new ComplianceKit.Administration.AdministrationRecorder(ledger, clock, administrators.Trust);
    await administration.AddTrustAnchorAsync(Chain, pki.Root, administrators.Administrator);
    await administration.GrantRoleAsync(Chain, "Compliance Officer", pki.RsaSigner, administrators.Administrator);
    await DomainScenario.RecordAsync(ledger, Chain);
    using (var signer = new X509CertificateSigner(pki.RsaSigner))
    {
        await new ApprovalRecorder(ledger, clock, kit).SignAsync(Chain, new ApprovalRequest
        {
            Subject = new ApprovalSubject("release", "2.4.0"), ArtifactSha256 = new string('a', 64), Decision = ApprovalDecision.Approved,
            SignerName = "Casey Officer", Role = "Compliance Officer",
        }, signer);
    }

    var retention = new EntityFrameworkRetention<FixtureDbContext>(context, clock, kit, Options.Create(new RetentionOptions { BatchSize = 40 }));
    await retention.SetPolicyAsync(Chain, new RetentionPolicy("access-1y", ["access.viewed"], Period.FromYears(1), RetentionBasis.RecordedAt,
        "operational", DateTimeZoneProviders.Tzdb["America/New_York"]), "admin:ana");
    var sequence = 0;
    foreach (var size in new[] { 1, 7, 50, 200, 3, 64 })
    {
        var batch = Enumerable.Range(0, size).Select(_ => EntryDraft.FromJson("access.viewed", $"record:{sequence % 17}", $"user:{sequence % 5}",
            $$"""{"screen":"chart","i":{{sequence++}}}""")).ToArray();
        await ledger.AppendAsync(Chain, batch);
    }

    clock.AdvanceDays(800);
    var plan = await retention.PlanAsync(Chain);
    await retention.ApplyAsync(plan, "officer:kim", new RetentionOverride("fixture: two years pass in one run", "officer:kim"));
    await ledger.AppendAsync(Chain, [EntryDraft.FromJson("release.created", "release:2.5.0", "dev:ana", """{"after":"purge"}""")]);
    await new ComplianceProjection<FixtureDbContext>(context, ledger, clock).RebuildAsync(Chain);

    for (var batch = 0; batch < 3; batch++)
    {
        await ledger.AppendAsync(AccessChain, Enumerable.Range(0, 40).Select(i => EntryDraft.FromJson("access.denied", $"record:{i}", "user:9",
            $$"""{"batch":{{batch}},"i":{{i}}}""")).ToArray());
    }

    foreach (var chain in await ledger.GetChainIdsAsync())
    {
        var report = await ledger.VerifyAsync(chain);
        if (!report.IsValid)
        {
            Console.Error.WriteLine($"chain {chain} does not verify: {string.Join("; ", report.Findings)}");
            return 1;
        }

        Console.WriteLine($"{chain} {report.TreeHead.Size} {Convert.ToHexStringLower(report.TreeHead.Root.ToArray())} purged {report.PurgedEntries}");
    }
}

SqliteConnection.ClearAllPools(); // closes the last SQLite connection, which checkpoints the write-ahead log into the file
return 0;

/// <summary>A host context whose ComplianceKit tables may live in a schema.</summary>
internal sealed class FixtureDbContext(DbContextOptions<FixtureDbContext> options, string? schema) : DbContext(options), IComplianceKitDbContext
{
    protected override void OnModelCreating(ModelBuilder modelBuilder) => modelBuilder.ApplyComplianceKit(schema);
}
