using System.Globalization;
using ComplianceKit.EntityFrameworkCore.Projection;
using ComplianceKit.EntityFrameworkCore.TestKit.Infrastructure;
using ComplianceKit.EntityFrameworkCore.Tests.Infrastructure;
using ComplianceKit.Ledger;
using ComplianceKit.Merkle;
using NodaTime;
using NodaTime.Testing;

namespace ComplianceKit.EntityFrameworkCore.Tests.Upgrade;

/// <summary>
/// A ledger database made by main at 6778631 (before the store dialects; tests/upgrade-fixtures/make.sh) opens,
/// verifies to the head that code reported, and takes appends that verify with it. Each store runs every test.
/// </summary>
public abstract class UpgradeFixtureTests
{
    private const string Fixture = "main-6778631";
    private readonly FakeClock _clock = new(Instant.FromUtc(2028, 6, 1, 0, 0), Duration.FromSeconds(1));

    /// <summary>The engine every test of the suite runs on.</summary>
    protected abstract IStoreEngine Engine { get; }

    [LedgerFact]
    public async Task Verify_LedgerMadeByMain6778631_EveryChainVerifiesToTheHeadItsCodeReported()
    {
        await using var db = await UpgradeFixture.OpenAsync(Engine, Fixture);
        await using var context = db.CreateContext();
        var ledger = db.CreateLedger(context, _clock);
        var expected = Heads();

        var chains = await ledger.GetChainIdsAsync();

        Assert.Equal(["access", "default"], chains);
        foreach (var chain in chains)
        {
            var report = await ledger.VerifyAsync(chain);
            Assert.True(report.IsValid, $"{chain}: {string.Join("; ", report.Findings)}");
            Assert.Equal(expected[chain], (report.TreeHead.Size, Convert.ToHexStringLower(report.TreeHead.Root), report.PurgedEntries));
        }
    }

    [LedgerFact]
    public async Task Append_LedgerMadeByMain6778631_ContinuesTheChainConsistentlyAndVerifies()
    {
        await using var db = await UpgradeFixture.OpenAsync(Engine, Fixture);
        await using var context = db.CreateContext();
        var ledger = db.CreateLedger(context, _clock);
        var (size, root, _) = Heads()["default"];

        var receipt = await ledger.AppendAsync("default", Enumerable.Range(0, 20)
            .Select(i => EntryDraft.FromJson("release.created", $"release:3.{i}", "dev:ana", $$"""{"i":{{i}}}""")).ToArray());
        await ledger.AppendAsync("access", [EntryDraft.FromJson("access.denied", "record:1", "user:9", "{}")]);
        var report = await ledger.VerifyAsync("default");
        var proof = await ledger.GetConsistencyProofAsync("default", size, report.TreeHead.Size);

        Assert.Equal(size, receipt.FirstSequence);
        Assert.True(report.IsValid, string.Join("; ", report.Findings));
        Assert.Equal(size + 20, report.TreeHead.Size);
        Assert.True(MerkleProofVerifier.VerifyConsistency(proof, Convert.FromHexString(root), report.TreeHead.Root).IsValid);
        Assert.True((await ledger.VerifyAsync("access")).IsValid);
    }

    [LedgerFact]
    public async Task Compare_ProjectionBuiltByMain6778631_HasNoDrift()
    {
        await using var db = await UpgradeFixture.OpenAsync(Engine, Fixture);
        await using var context = db.CreateContext();
        var ledger = db.CreateLedger(context, _clock);

        var comparison = await new ComplianceProjection<HostDbContext>(context, ledger, _clock).CompareAsync("default");

        Assert.Empty(comparison.Drift);
        Assert.Equal(Heads()["default"].Size, comparison.ProjectionSize);
    }

    /// <summary>Each chain's size, root and purged entries as the fixture's maker reported them for this engine (heads.txt).</summary>
    private Dictionary<string, (long Size, string Root, long Purged)> Heads()
    {
        var section = "# " + Engine.Name;
        return File.ReadLines(Path.Combine(AppContext.BaseDirectory, "UpgradeFixtures", Fixture, "heads.txt"))
            .SkipWhile(line => !line.StartsWith(section, StringComparison.Ordinal)).Skip(1)
            .TakeWhile(line => !line.StartsWith('#'))
            .Select(line => line.Split(' '))
            .ToDictionary(f => f[0], f => (long.Parse(f[1], CultureInfo.InvariantCulture), f[2], long.Parse(f[4], CultureInfo.InvariantCulture)));
    }
}

/// <summary>The upgrade fixture's SQLite file.</summary>
public sealed class SqliteUpgradeFixtureTests : UpgradeFixtureTests
{
    /// <inheritdoc />
    protected override IStoreEngine Engine => StoreEngines.Sqlite;
}

/// <summary>The upgrade fixture's PostgreSQL dump, restored into a fresh database.</summary>
public sealed class PostgresUpgradeFixtureTests : UpgradeFixtureTests, IPostgresTests
{
    /// <inheritdoc />
    protected override IStoreEngine Engine => StoreEngines.Postgres;
}
