using System.Security.Cryptography;
using System.Text;
using ComplianceKit.Cli.Tests.Infrastructure;

namespace ComplianceKit.Cli.Tests.Commands;

/// <summary>
/// import-checklist and readiness on a checklist written the way other teams write them. Imported without an administrator's
/// signature, so readiness reads the gates in the explicit unsigned mode; signing is tested in ImportChecklistCommandTests.
/// </summary>
public sealed class ImportChecklistReadingCommandTests : IDisposable
{
    private const string Checklist = """
        # Portal Launch

        | Area | Score |
        |---|---|
        | Security | 90% |
        | **Overall** | **88%** |

        Prepared By: Dana Whitfield

        ## Must have
        - [x] Backups restored in staging
        - [x] BAAs signed with: Twilio, Resend
        - [x] Employee HIPAA training completed
        - [ ] Error rate < 1% on the canary

        ## Nice to have
        - [ ] Dark mode

        ## Post-deployment verification
        - [ ] Smoke tests pass

        ## Sign-off
        - [ ] **Security Lead**: No open findings
        Compliance Officer: ____________
        """;

    private readonly WorkFolder _work = new();

    [Fact]
    public async Task Import_ReadsClaimsClassificationBindingsAndAttestations_IntoJson()
    {
        var file = _work.Write("launch.md", Checklist);

        var result = await CliRun.RunAsync("import-checklist", file, "--db", _work.File("ck.db"), "--json");

        Assert.True(result.Exit == 0, result.ToString());
        var json = result.Json();
        Assert.Equal((88m, "Overall"), (json.GetProperty("headlineClaim").GetProperty("percent").GetDecimal(), json.GetProperty("headlineClaim").GetProperty("scope").GetString()));
        Assert.Equal(2, json.GetProperty("declaredClaims").GetArrayLength());
        Assert.Equal((4, 1, 1), (json.GetProperty("itemsByCriticality").GetProperty("Critical").GetInt32(), json.GetProperty("itemsByCriticality").GetProperty("Important").GetInt32(),
            json.GetProperty("itemsByCriticality").GetProperty("Optional").GetInt32()));
        Assert.Equal((5, 1), (json.GetProperty("itemsByGate").GetProperty("portal-launch").GetInt32(), json.GetProperty("itemsByGate").GetProperty("portal-launch-post-deployment").GetInt32()));
        var items = json.GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(["BaaInForce", "TrainingCurrent"], items.Select(i => i.GetProperty("requirement").GetString()).OfType<string>());
        Assert.Equal(["twilio", "resend"], items[1].GetProperty("vendors").EnumerateArray().Select(v => v.GetString()));
        Assert.Equal(["twilio", "resend"], json.GetProperty("vendorsRegistered").EnumerateArray().Select(v => v.GetProperty("vendorId").GetString()));
        Assert.Equal(["Security Lead", "Compliance Officer"], json.GetProperty("signOffRoles").EnumerateArray().Select(r => r.GetString()));
        var release = json.GetProperty("gates")[0];
        Assert.Equal(("Security Lead", "No open findings"), (release.GetProperty("attestations")[0].GetProperty("role").GetString(), release.GetProperty("attestations")[0].GetProperty("statement").GetString()));
        Assert.Contains(json.GetProperty("skippedLines").EnumerateArray(), s => s.GetProperty("reason").GetString() == "Authorship");
    }

    [Fact]
    public async Task Readiness_TickedBaaAndTrainingItems_BlockUntilTheRecordsExist_AndTheHeadlineStandsBesideTheFigure()
    {
        var db = await ImportAsync(Checklist);

        var result = await CliRun.RunAsync("readiness", "--db", db, "--gate", "portal-launch", "--unsigned-administration", "--json");

        Assert.Equal(1, result.Exit);
        var json = result.Json();
        Assert.Equal(
            ["RequirementUnmet control:portal-launch/must-have.2", "RequirementUnmet control:portal-launch/must-have.3"],
            json.GetProperty("blockers").EnumerateArray().Select(b => $"{b.GetProperty("kind").GetString()} {b.GetProperty("subject").GetString()}")
                .Where(b => b.StartsWith("RequirementUnmet", StringComparison.Ordinal)));
        Assert.DoesNotContain(json.GetProperty("blockers").EnumerateArray(), b => b.GetProperty("subject").GetString()!.Contains("nice-to-have", StringComparison.Ordinal)
            || b.GetProperty("subject").GetString()!.Contains("post-deployment", StringComparison.Ordinal));
        Assert.Equal(88m, json.GetProperty("declared").GetProperty("headline").GetProperty("percent").GetDecimal());
        Assert.Equal(json.GetProperty("readinessPercent").GetDecimal(), json.GetProperty("declared").GetProperty("computedPercent").GetDecimal());
        var text = await CliRun.RunAsync("readiness", "--db", db, "--gate", "portal-launch", "--unsigned-administration");
        Assert.Contains("Declared 88.0% (\"Overall: 88%\", line 6) beside computed", text.Output, StringComparison.Ordinal);
        Assert.Contains("vendor twilio has no executed BAA in force", text.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Readiness_PostDeploymentGate_HoldsTheItemsAfterRelease()
    {
        var db = await ImportAsync(Checklist);

        var result = await CliRun.RunAsync("readiness", "--db", db, "--gate", "portal-launch-post-deployment", "--unsigned-administration", "--json");

        var json = result.Json();
        Assert.Equal(("PostDeployment", "portal-launch"), (json.GetProperty("phase").GetString(), json.GetProperty("releaseGate").GetString()));
        Assert.Equal(["portal-launch/post-deployment-verification.1"], json.GetProperty("controls").EnumerateArray().Select(c => c.GetProperty("controlId").GetString()));
        Assert.Equal(88m, json.GetProperty("declared").GetProperty("headline").GetProperty("percent").GetDecimal());
    }

    [Fact]
    public async Task Import_WithAMappingFile_OverridesAndRecordsItsDigest()
    {
        var file = _work.Write("launch.md", Checklist);
        var mappingBytes = Encoding.UTF8.GetBytes("""{"items":[{"item":"must-have.4","criticality":"optional"},{"item":"must-have.3","requirement":"none"}]}""");
        var mapping = _work.Write("mapping.json", mappingBytes);

        var result = await CliRun.RunAsync("import-checklist", file, "--db", _work.File("ck.db"), "--mapping", mapping, "--json");

        Assert.True(result.Exit == 0, result.ToString());
        var items = result.Json().GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(("Optional", true), (items[3].GetProperty("criticality").GetString(), items[3].GetProperty("fromMapping").GetBoolean()));
        Assert.Equal(System.Text.Json.JsonValueKind.Null, items[2].GetProperty("requirement").ValueKind);
        var verify = await CliRun.RunAsync("verify", "--db", _work.File("ck.db"));
        Assert.Equal(0, verify.Exit);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(mappingBytes)), MappingDigestInLedger(_work.File("ck.db")));
    }

    [Theory]
    [InlineData("""{"items":[{"item":"no-such.1","criticality":"optional"}]}""", "no-such.1")]
    [InlineData("""{"items":[{"item":"must-have.1","criticality":"urgent"}]}""", "not valid")]
    [InlineData("""not json""", "not valid")]
    public async Task Import_WithABadMapping_ExitsTwoAndWritesNothing(string mapping, string message)
    {
        var file = _work.Write("launch.md", Checklist);
        var db = _work.File("fresh.db");

        var result = await CliRun.RunAsync("import-checklist", file, "--db", db, "--mapping", _work.Write("m.json", mapping));

        Assert.Equal(2, result.Exit);
        Assert.StartsWith("error: ", result.Error, StringComparison.Ordinal);
        Assert.Contains(message, result.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(db));
    }

    [Fact]
    public async Task Import_MojibakeFile_IsRepairedWithAWarningAndTheLedgerKeepsTheFilesOwnDigest()
    {
        var garbled = "# Release \u00E2\u20AC\u201D 2.0\n- [ ] Caf\u00C3\u00A9 menu\n";
        var bytes = Encoding.UTF8.GetBytes(garbled);
        var file = _work.Write("garbled.md", bytes);

        var result = await CliRun.RunAsync("import-checklist", file, "--db", _work.File("ck.db"), "--json");

        Assert.True(result.Exit == 0, result.ToString());
        var json = result.Json();
        Assert.Equal("Release \u2014 2.0", json.GetProperty("title").GetString());
        var warning = json.GetProperty("warnings")[0];
        Assert.Equal(("MojibakeRepaired", true), (warning.GetProperty("kind").GetString(), warning.GetProperty("message").GetString()!.StartsWith("2 character sequence(s)", StringComparison.Ordinal)));
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(bytes)), json.GetProperty("sha256").GetString());
    }

    [Fact]
    public async Task Import_IntoANewDatabase_PrintsANextCommandThatRunsAsPrinted()
    {
        var file = _work.Write("launch.md", Checklist);
        var db = _work.File("ck.db");

        var imported = await CliRun.RunAsync("import-checklist", file, "--db", db);

        Assert.True(imported.Exit == 0, imported.ToString());
        var next = imported.Output.Split('\n').Single(l => l.StartsWith("Next: compliancekit ", StringComparison.Ordinal))["Next: compliancekit ".Length..].Trim();
        var readiness = await CliRun.RunAsync(next.Split(' ', StringSplitOptions.RemoveEmptyEntries));
        Assert.True(readiness.Exit == 1, readiness.ToString());
        Assert.Contains("Result: BLOCKED", readiness.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Import_ChecklistWithTableRowsGlyphsAndPriorityMarkers_ReadsEachAsAnItem()
    {
        var file = _work.Write("golive.md", """
            # Go-live
            ## Security
            - ✅ MFA for admin accounts
            - [ ] **CRITICAL**: Penetration test findings remediated
            ## Vendors
            | Item | Owner | Status |
            |------|-------|--------|
            | BAA with Twilio | Legal | [ ] |
            | BAA with AWS | Legal | ✅ |
            ## Sign-off
            - [ ] Approved by Compliance Officer: ________ Date: ________
            """);

        var result = await CliRun.RunAsync("import-checklist", file, "--db", _work.File("golive.db"), "--json");

        Assert.True(result.Exit == 0, result.ToString());
        var json = result.Json();
        var items = json.GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(4, items.Count);
        Assert.Equal(1, json.GetProperty("itemsByCriticality").GetProperty("Critical").GetInt32());
        Assert.Equal(["twilio", "aws"], json.GetProperty("vendorsRegistered").EnumerateArray().Select(v => v.GetProperty("vendorId").GetString()));
        Assert.Equal(["Compliance Officer"], json.GetProperty("signOffRoles").EnumerateArray().Select(r => r.GetString()));
    }

    public void Dispose() => _work.Dispose();

    private static string? MappingDigestInLedger(string db)
    {
        using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={db};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT payload FROM ck_ledger_entries WHERE entry_type = 'checklist.imported'";
        var payload = (byte[])command.ExecuteScalar()!;
        using var document = System.Text.Json.JsonDocument.Parse(payload);
        return document.RootElement.GetProperty("mappingSha256").GetString();
    }

    private async Task<string> ImportAsync(string markdown)
    {
        var file = _work.Write($"{Guid.NewGuid():N}.md", markdown);
        var db = _work.File("ck.db");
        var result = await CliRun.RunAsync("import-checklist", file, "--db", db);
        Assert.True(result.Exit == 0, result.ToString());
        return db;
    }
}
