using System.Text;
using ComplianceKit.Cli.Tests.Infrastructure;
using ComplianceKit.Tests.Administration;

namespace ComplianceKit.Cli.Tests.Commands;

/// <summary>import-checklist and readiness end to end, as a user runs them.</summary>
public sealed class ImportChecklistCommandTests : IDisposable
{
    private const string Checklist = """
        # Release 3.1 Checklist

        **Status: 95% ready for production**

        Work through every box before the window.

        ## Security
        - [x] **Pen test**: completed by external firm
          - report in the vault
        - [x] TLS certificates renewed
        - [ ] **Audit logging**: every PHI access logged
          - [x] API
          - [ ] Batch jobs

        ```sh
        - [x] not an item: code
        ```

        ## Sign-off
        Compliance Officer: ______ Date: ____
        Operations Lead: Jane Roe Date: 2026-03-01
        Deployment ID: ________
        """;

    private readonly WorkFolder _work = new();

    [Fact]
    public async Task Import_Checklist_JsonReportsItemsTicksRolesAndSkippedLines()
    {
        var file = _work.Write("release.md", Checklist);
        var db = _work.File("ck.db");

        var result = await CliRun.RunAsync("import-checklist", file, "--db", db, "--json");

        Assert.True(result.Exit == 0, result.ToString());
        var json = result.Json();
        Assert.Equal("release-3-1-checklist", json.GetProperty("gate").GetString());
        Assert.Equal(5, json.GetProperty("itemsImported").GetInt32());
        Assert.Equal(3, json.GetProperty("itemsChecked").GetInt32());
        Assert.Equal(["Compliance Officer", "Operations Lead"], json.GetProperty("signOffRoles").EnumerateArray().Select(r => r.GetString()));
        Assert.Equal(6, json.GetProperty("linesSkipped").GetInt32());
        var reasons = json.GetProperty("skippedByReason");
        Assert.Equal((2, 3, 1), (reasons.GetProperty("PlainText").GetInt32(), reasons.GetProperty("CodeBlock").GetInt32(), reasons.GetProperty("FormField").GetInt32()));
        Assert.Contains(json.GetProperty("skippedLines").EnumerateArray(), s => s.GetProperty("text").GetString() == "Deployment ID: ________");
        Assert.Equal(95, json.GetProperty("declaredClaims")[0].GetProperty("percent").GetDecimal());
        Assert.True(json.GetProperty("projectionRebuilt").GetBoolean());
        Assert.Equal(0, (await CliRun.RunAsync("verify", "--db", db)).Exit);
    }

    [Fact]
    public async Task Readiness_AfterImport_BlocksNamingEveryGapAndContrastsTheDeclaredFigure()
    {
        var db = await ImportAsync(Checklist);

        var result = await CliRun.RunAsync("readiness", "--db", db, "--gate", "release-3-1-checklist", "--json");

        Assert.True(result.Exit == 1, result.ToString());
        var json = result.Json();
        Assert.False(json.GetProperty("ready").GetBoolean());
        Assert.Equal(
            ["Approval role:Compliance Officer", "Approval role:Operations Lead",
             "RequirementUnmet control:release-3-1-checklist/security.3", "ControlEvidence control:release-3-1-checklist/security.3.2"],
            json.GetProperty("blockers").EnumerateArray().Select(b => $"{b.GetProperty("kind").GetString()} {b.GetProperty("subject").GetString()}"));
        var declared = json.GetProperty("declared");
        Assert.Equal((95m, 60m), (declared.GetProperty("declaredClaims")[0].GetProperty("percent").GetDecimal(), declared.GetProperty("tickedPercent").GetDecimal()));
        Assert.Equal(30m, json.GetProperty("readinessPercent").GetDecimal());
        Assert.Contains(json.GetProperty("warnings").EnumerateArray(), w => w.GetString()!.Contains("self-attested", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Readiness_EveryBoxTickedAndNoSignOff_IsReadyWithExitZero()
    {
        var db = await ImportAsync("# Night ops\n- [x] Backups restored\n- [x] Pager on call\n");

        var result = await CliRun.RunAsync("readiness", "--db", db, "--gate", "night-ops");

        Assert.True(result.Exit == 0, result.ToString());
        Assert.Contains("Result: READY", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Import_SameGateAgainWithABoxUnticked_TheOldTickNoLongerCounts()
    {
        var db = await ImportAsync("# Night ops\n- [x] Backups restored\n- [x] Pager on call\n");

        await ImportAsync("# Night ops\n- [x] Backups restored\n- [ ] Pager on call\n", db);
        var result = await CliRun.RunAsync("readiness", "--db", db, "--gate", "night-ops", "--json");

        Assert.Equal(1, result.Exit);
        var blocker = Assert.Single(result.Json().GetProperty("blockers").EnumerateArray());
        Assert.Equal("control:night-ops/night-ops.2", blocker.GetProperty("subject").GetString());
    }

    [Fact]
    public async Task Readiness_ProjectionRowEditedOutsideTheLibrary_BlocksNamingTheRow()
    {
        var db = await ImportAsync(Checklist);

        WorkFolder.Execute(db, "UPDATE ck_evidence SET assurance = 'SignedArtifact' WHERE control_id = 'release-3-1-checklist/security.1'");
        var result = await CliRun.RunAsync("readiness", "--db", db, "--gate", "release-3-1-checklist");

        Assert.Equal(1, result.Exit);
        Assert.Contains("ProjectionTampered: ck_evidence default/release-3-1-checklist/security.1@", result.Output, StringComparison.Ordinal);
        Assert.Contains("assurance is 'SignedArtifact', the ledger says 'SelfAttested'", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Readiness_LedgerEntryEdited_IsNotAssessedAndExitsOne()
    {
        var db = await ImportAsync(Checklist);

        WorkFolder.Execute(db, "UPDATE ck_ledger_entries SET actor = 'someone-else' WHERE sequence = 2");
        var result = await CliRun.RunAsync("readiness", "--db", db, "--json");

        Assert.Equal(1, result.Exit);
        var json = result.Json();
        Assert.False(json.GetProperty("ledgerVerified").GetBoolean());
        Assert.Contains("entry 2", json.GetProperty("blockers")[0].GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("binary")]
    [InlineData("json")]
    [InlineData("empty")]
    [InlineData("utf16-no-bom")]
    public async Task Import_FileThatIsNotAMarkdownChecklist_ExitsTwoWithOneLineError(string kind)
    {
        var file = kind switch
        {
            "binary" => _work.Write("logo.md", [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D]),
            "json" => _work.Write("data.md", """{ "items": [ { "done": true } ] }"""),
            "empty" => _work.Write("empty.md", ""),
            _ => _work.Write("wide.md", Encoding.Unicode.GetBytes("# Title\n- [ ] item\n")),
        };

        var result = await CliRun.RunAsync("import-checklist", file, "--db", _work.File("ck.db"));

        Assert.Equal(2, result.Exit);
        Assert.StartsWith("error: ", result.Error, StringComparison.Ordinal);
        Assert.Contains("not a markdown checklist", result.Error, StringComparison.Ordinal);
        Assert.Single(result.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.False(File.Exists(_work.File("ck.db")));
    }

    [Fact]
    public async Task Import_ChecklistTextThatLooksLikePhi_IsRefusedWithExitTwo()
    {
        var file = _work.Write("bad.md", "# Intake\n- [ ] Call back patient SSN 123-45-6789\n");

        var result = await CliRun.RunAsync("import-checklist", file, "--db", _work.File("ck.db"));

        Assert.True(result.Exit == 2, result.ToString());
        Assert.Contains("cannot be recorded", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Import_IntoSomethingThatIsNotADatabase_ExitsTwo()
    {
        var file = _work.Write("release.md", Checklist);
        var notDb = _work.Write("notes.db", "just text");

        var result = await CliRun.RunAsync("import-checklist", file, "--db", notDb);

        Assert.Equal(2, result.Exit);
        Assert.Contains("not a readable SQLite database", result.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--gate", "no-such-gate", "No gate 'no-such-gate'")]
    [InlineData("--at", "last tuesday", "is not an instant")]
    [InlineData("--chain", "other", "holds no chain 'other'")]
    public async Task Readiness_BadArguments_ExitTwo(string option, string value, string message)
    {
        var db = await ImportAsync(Checklist);

        var result = await CliRun.RunAsync("readiness", "--db", db, option, value);

        Assert.Equal(2, result.Exit);
        Assert.Contains(message, result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Readiness_AtAnInstantBeforeTheImport_TheGateDidNotExistYet()
    {
        var db = await ImportAsync(Checklist);

        var result = await CliRun.RunAsync("readiness", "--db", db, "--gate", "release-3-1-checklist", "--at", "2001-01-01");

        Assert.Equal(2, result.Exit);
        Assert.Contains("No gate", result.Error, StringComparison.Ordinal);
    }

    public void Dispose() => _work.Dispose();

    private async Task<string> ImportAsync(string markdown, string? db = null)
    {
        var file = _work.Write($"{Guid.NewGuid():N}.md", markdown);
        db ??= _work.File("ck.db");
        var administrator = TestAdministrators.Instance.WriteFor(db);
        var result = await CliRun.RunAsync("import-checklist", file, "--db", db, "--signing-cert", administrator);
        Assert.True(result.Exit == 0, result.ToString());
        return db;
    }
}
