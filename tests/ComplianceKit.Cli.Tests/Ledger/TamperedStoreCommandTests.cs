using ComplianceKit.Administration;
using ComplianceKit.Approvals;
using ComplianceKit.Cli.Tests.Infrastructure;
using ComplianceKit.EntityFrameworkCore;
using ComplianceKit.EntityFrameworkCore.Ledger;
using ComplianceKit.Ledger;
using ComplianceKit.Tests.Administration;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;
using NodaTime;
using NodaTime.Testing;

namespace ComplianceKit.Cli.Tests.Ledger;

/// <summary>
/// What an insider with write access to the database does without hashing anything (a row planted past the head, a
/// deleted head row, a zeroed Merkle level), and what <c>verify --db</c>, <c>gate</c>, <c>readiness</c> and <c>export</c> answer.
/// </summary>
public sealed class TamperedStoreCommandTests : IDisposable
{
    private const string At = "2026-02-02T00:00:00Z";
    private const string Columns = "chain_id, sequence, entry_type, subject, actor, occurred_at, recorded_at, payload, payload_salt, payload_digest, previous_hash, entry_hash";
    private readonly WorkFolder _work = new();

    [Fact]
    public async Task Verify_GateDefinitionWithItsRolesEmptiedPlantedAtTheHeadSize_ExitsOneNamingIt()
    {
        var (db, gateSequence, size) = await RecordAsync();
        Plant(db, gateSequence, size);

        var verify = await CliRun.RunAsync("verify", "--db", db);

        Assert.True(verify.Exit == 1, verify.ToString());
        Assert.Contains($"entry {size}: EntryBeyondHead", verify.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GateAndReadiness_GateDefinitionWithItsRolesEmptiedPlantedAtTheHeadSize_StayBlocked()
    {
        var (db, gateSequence, size) = await RecordAsync();
        var before = await CliRun.RunAsync("gate", "--db", db, "--gate", "release-7", "--at", At);
        Plant(db, gateSequence, size);

        var gate = await CliRun.RunAsync("gate", "--db", db, "--gate", "release-7", "--at", At);
        var readiness = await CliRun.RunAsync("readiness", "--db", db, "--gate", "release-7", "--at", At, "--json");

        Assert.True(before.Exit == 1, before.ToString());
        Assert.True(gate.Exit == 1, gate.ToString());
        Assert.DoesNotContain("OPEN", gate.Output, StringComparison.Ordinal);
        Assert.Contains("EntryBeyondHead", gate.Output, StringComparison.Ordinal);
        Assert.True(readiness.Exit == 1, readiness.ToString());
        Assert.False(readiness.Json().GetProperty("ledgerVerified").GetBoolean());
    }

    [Fact]
    public async Task Verify_HeadRowDeleted_ExitsOneNamingTheChainsRows()
    {
        var (db, _, _) = await RecordAsync();
        WorkFolder.Execute(db, "DELETE FROM ck_chain_heads");

        var verify = await CliRun.RunAsync("verify", "--db", db, "--json");

        Assert.True(verify.Exit == 1, verify.ToString());
        var chain = verify.Json().GetProperty("chains")[0];
        Assert.Equal("default", chain.GetProperty("chainId").GetString());
        Assert.Equal("EntryBeyondHead", chain.GetProperty("status").GetString());
        Assert.Equal(0, chain.GetProperty("findings")[0].GetProperty("sequence").GetInt64());
    }

    [Fact]
    public async Task VerifyAndExport_StoredLevelZeroed_VerifyNamesTheNodeAndExportWritesNoFile()
    {
        using var clinic = await ClinicWorkspace.CreateAsync();
        await AppendFactsAsync(clinic.Database, 40);
        WorkFolder.Execute(clinic.Database, "UPDATE ck_merkle_nodes SET hash = zeroblob(32) WHERE level = 4");
        var bundle = clinic.File("baa.zip");

        var verify = await CliRun.RunAsync("verify", "--db", clinic.Database);
        var export = await CliRun.RunAsync("export", "--db", clinic.Database, "--out", bundle, "--signing-cert", clinic.OrganisationPfx,
            "--organization", ClinicWorkspace.Organization, "--type", "baa.executed");

        Assert.True(verify.Exit == 1, verify.ToString());
        Assert.Contains("MerkleNodeMismatch: The stored Merkle node at level 4, index 0", verify.Output, StringComparison.Ordinal);
        Assert.True(export.Exit == 1, export.ToString());
        Assert.StartsWith("error: ", export.Error, StringComparison.Ordinal);
        Assert.Contains("level 4, index 0", export.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(bundle));
        Assert.False(File.Exists(bundle + ".partial"));
    }

    [Fact]
    public async Task ImportChecklist_RowPlantedPastTheHead_ImportsNothingAndExitsOne()
    {
        var (db, gateSequence, size) = await RecordAsync();
        Plant(db, gateSequence, size + 100);
        var checklist = _work.Write("release.md", "# Release 8\n\n## Security\n- [x] TLS certificates renewed\n");

        var import = await CliRun.RunAsync("import-checklist", checklist, "--db", db);
        var verify = await CliRun.RunAsync("verify", "--db", db);

        Assert.True(import.Exit == 1, import.ToString());
        Assert.Contains("NOT IMPORTED", import.Output, StringComparison.Ordinal);
        Assert.Contains($"entry {size + 100}: EntryBeyondHead", verify.Output, StringComparison.Ordinal);
        Assert.Contains($"tree size {size},", verify.Output, StringComparison.Ordinal);
    }

    public void Dispose() => _work.Dispose();

    /// <summary>A gate needing a Compliance Officer's approval (none given), then 3 facts: blocked. Returns the gate's sequence and the chain's size.</summary>
    private async Task<(string Db, long GateSequence, long Size)> RecordAsync()
    {
        var path = _work.File("host.db");
        await using (var context = ComplianceKitSqlite.CreateDbContext(path))
        {
            await ComplianceKitDatabase.EnsureCreatedAsync(context);
            var clock = new FakeClock(Instant.FromUtc(2026, 2, 1, 9, 0), Duration.FromMilliseconds(10));
            var ledger = new EntityFrameworkLedger<ComplianceKitDbContext>(context, clock, Options.Create(new ComplianceKitOptions()));
            var admins = TestAdministrators.Instance;
            admins.WriteFor(path);
            var gate = await new AdministrationRecorder(ledger, clock, admins.Trust).DefineGateAsync("default", Gate(["Compliance Officer"]), admins.Administrator);
            var facts = await ledger.AppendAsync("default", Facts(3));
            SqliteConnection.ClearAllPools();
            return (path, gate.FirstSequence, facts.Entries[^1].Sequence + 1);
        }
    }

    private static GateDefinition Gate(IReadOnlyList<string> roles) =>
        new() { Id = "release-7", Title = "Release 7", Subject = new ApprovalSubject("release", "7"), RequiredRoles = roles };

    /// <summary>Copies the gate's row to sequence <paramref name="at"/> with no required roles, without hashing anything.</summary>
    private static void Plant(string db, long gateSequence, long at)
    {
        var payload = Convert.ToHexString(Gate([]).ToDraft("officer").Payload.Span);
        WorkFolder.Execute(db,
            $"INSERT INTO ck_ledger_entries ({Columns}) SELECT chain_id, {at}, entry_type, subject, actor, occurred_at, recorded_at, X'{payload}', " +
            $"payload_salt, payload_digest, previous_hash, entry_hash FROM ck_ledger_entries WHERE sequence = {gateSequence}");
    }

    private static async Task AppendFactsAsync(string db, int count)
    {
        await using (var context = ComplianceKitSqlite.CreateDbContext(db))
        {
            var ledger = new EntityFrameworkLedger<ComplianceKitDbContext>(context, new FakeClock(Instant.FromUtc(2026, 7, 1, 0, 0)), Options.Create(new ComplianceKitOptions()));
            await ledger.AppendAsync("default", Facts(count));
        }

        SqliteConnection.ClearAllPools();
    }

    private static EntryDraft[] Facts(int count) =>
        Enumerable.Range(0, count).Select(i => EntryDraft.FromJson("training.completed", $"staff:{i}", "lms:academy", "{}")).ToArray();
}
