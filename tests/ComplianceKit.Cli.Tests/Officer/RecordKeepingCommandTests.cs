using ComplianceKit.Cli.Tests.Infrastructure;
using ComplianceKit.Training;
using NodaTime;

namespace ComplianceKit.Cli.Tests.Officer;

/// <summary><c>vendor</c>, <c>baa</c> and <c>training</c>: the records a gate bound to agreements and training needs, from the command line.</summary>
public sealed class RecordKeepingCommandTests
{
    [Fact]
    public async Task Baa_ExecuteRenewTerminate_ListShowsEachStatusAndTheDisposition()
    {
        using var work = await OfficerWorkspace.CreateAsync();
        var db = work.Database;
        Assert.Equal(0, (await CliRun.RunAsync("vendor", "add", "--db", db, "--id", "acme-labs", "--name", "Acme Labs", "--service", "lab results", "--handles-phi", "--actor", "officer:kim")).Exit);

        var executed = await CliRun.RunAsync("baa", "execute", "--db", db, "--id", "acme-2026", "--vendor", "acme-labs", "--document", work.Write("baa.pdf", "signed baa"),
            "--effective", "2026-01-15", "--expires", "2026-06-30", "--signatory", "Kim Lee|Privacy Officer|Test Clinic", "--signatory", "Ray Acme|CEO|Acme Labs",
            "--actor", "officer:kim", "--json");
        var expiredList = await CliRun.RunAsync("baa", "list", "--db", db, "--json");
        var renewed = await CliRun.RunAsync("baa", "renew", "--db", db, "--id", "acme-2026", "--document", work.Write("renewal.pdf", "renewal"), "--expires", "2040-06-30", "--actor", "officer:kim");
        var activeList = await CliRun.RunAsync("vendor", "list", "--db", db, "--json");
        var terminated = await CliRun.RunAsync("baa", "terminate", "--db", db, "--id", "acme-2026", "--reason", "vendor replaced", "--disposition", "destroyed",
            "--disposition-evidence", work.Write("destruction.pdf", "certificate of destruction"), "--actor", "officer:kim");
        var final = await CliRun.RunAsync("baa", "list", "--db", db);

        Assert.True(executed.Exit == 0, executed.ToString());
        Assert.Equal("Expired", Assert.Single(expiredList.Json().GetProperty("items").EnumerateArray()).GetProperty("status").GetString());
        Assert.True(renewed.Exit == 0, renewed.ToString());
        Assert.Equal("Active", Assert.Single(Assert.Single(activeList.Json().GetProperty("items").EnumerateArray()).GetProperty("agreements").EnumerateArray()).GetProperty("status").GetString());
        Assert.True(terminated.Exit == 0, terminated.ToString());
        Assert.Contains("acme-2026 with acme-labs: Terminated", final.Output, StringComparison.Ordinal);
        Assert.Contains("PHI Destroyed", final.Output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--signatory", "Only One|CEO|Acme", "two named signatories")]
    [InlineData("--vendor", "nobody", "no vendor 'nobody'")]
    public async Task BaaExecute_Incomplete_ExitTwoAndNothingWritten(string option, string value, string message)
    {
        using var work = await OfficerWorkspace.CreateAsync();
        await CliRun.RunAsync("vendor", "add", "--db", work.Database, "--id", "acme-labs", "--name", "Acme Labs", "--actor", "officer:kim");
        var before = work.LedgerSize();
        var args = new List<string> { "baa", "execute", "--db", work.Database, "--id", "b1", "--document", work.Write("baa.pdf", "x"), "--effective", "2026-01-15", "--actor", "officer:kim" };
        args.AddRange(option == "--vendor" ? ["--vendor", value, "--signatory", "A|B|C", "--signatory", "D|E|F"] : ["--vendor", "acme-labs", option, value]);

        var result = await CliRun.RunAsync([.. args]);

        Assert.Equal(2, result.Exit);
        Assert.Contains(message, result.Error, StringComparison.Ordinal);
        Assert.Equal(before, work.LedgerSize());
    }

    [Fact]
    public async Task TrainingComplete_AssignedCourse_ListShowsItCompleted()
    {
        using var work = await OfficerWorkspace.CreateAsync(AssignAsync);

        var result = await CliRun.RunAsync("training", "complete", "--db", work.Database, "--person", "staff-042", "--assignment", "sec-2026",
            "--completed", "2026-02-10", "--score", "93", "--actor", "lms:academy", "--json");
        var list = await CliRun.RunAsync("training", "list", "--db", work.Database, "--json");

        Assert.True(result.Exit == 0, result.ToString());
        var row = Assert.Single(list.Json().GetProperty("items").EnumerateArray());
        Assert.Equal("2026-02-10T00:00:00.000000Z", row.GetProperty("completedAt").GetString());
        Assert.NotEqual("Overdue", row.GetProperty("status").GetString());
    }

    [Fact]
    public async Task TrainingComplete_NoSuchAssignment_ExitTwoAndNothingWritten()
    {
        using var work = await OfficerWorkspace.CreateAsync();
        var before = work.LedgerSize();

        var result = await CliRun.RunAsync("training", "complete", "--db", work.Database, "--person", "staff-042", "--assignment", "nothing", "--actor", "lms:academy");

        Assert.Equal(2, result.Exit);
        Assert.Equal(before, work.LedgerSize());
    }

    [Fact]
    public async Task TrainingAssign_ThenComplete_ListShowsTheCourseCompletedAndTheContentDigest()
    {
        using var work = await OfficerWorkspace.CreateAsync();
        var package = work.Write("security-awareness-2026.zip", "the course package");

        var assign = await CliRun.RunAsync("training", "assign", "--db", work.Database, "--person", "staff-042", "--assignment", "sec-2026", "--course", "security-awareness",
            "--content-version", "2026.1", "--content", package, "--topic", "security-reminders", "--topic", "PasswordManagement", "--due", "2036-01-05",
            "--recurrence-days", "365", "--actor", "lms:academy", "--json");
        var complete = await CliRun.RunAsync("training", "complete", "--db", work.Database, "--person", "staff-042", "--assignment", "sec-2026",
            "--completed", "2026-02-10", "--actor", "lms:academy");
        var list = await CliRun.RunAsync("training", "list", "--db", work.Database, "--json");

        Assert.True(assign.Exit == 0, assign.ToString());
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData("the course package"u8)), assign.Json().GetProperty("contentSha256").GetString());
        Assert.Equal(["SecurityReminders", "PasswordManagement"], assign.Json().GetProperty("topics").EnumerateArray().Select(t => t.GetString()));
        Assert.True(complete.Exit == 0, complete.ToString());
        var row = Assert.Single(list.Json().GetProperty("items").EnumerateArray());
        Assert.Equal("security-awareness", row.GetProperty("courseId").GetString());
        Assert.Equal("2036-01-05T00:00:00.000000Z", row.GetProperty("dueAt").GetString());
        Assert.Equal("2026-02-10T00:00:00.000000Z", row.GetProperty("completedAt").GetString());
    }

    [Theory]
    [InlineData("belongs to 'staff-042'", "--person", "staff-007", "--content-sha256", "dddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddd", "--due", "2036-01-05")]
    [InlineData("--content <file> or --content-sha256", "--person", "staff-042", "--due", "2036-01-05")]
    [InlineData("not one of security-reminders", "--person", "staff-042", "--content-sha256", "dddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddd", "--due", "2036-01-05", "--topic", "phishing")]
    [InlineData("DueAt", "--person", "staff-042", "--content-sha256", "dddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddd", "--assigned", "2036-02-01", "--due", "2036-01-05")]
    public async Task TrainingAssign_Refused_ExitTwoAndNothingWritten(string message, params string[] args)
    {
        using var work = await OfficerWorkspace.CreateAsync(AssignAsync);
        var before = work.LedgerSize();

        var result = await CliRun.RunAsync(["training", "assign", "--db", work.Database, "--assignment", "sec-2026", "--course", "security-awareness",
            "--content-version", "2026.2", "--actor", "lms:academy", .. args]);

        Assert.True(result.Exit == 2, result.ToString());
        Assert.Contains(message, result.Error, StringComparison.Ordinal);
        Assert.Equal(before, work.LedgerSize());
    }

    /// <summary>Assignments are the host's (its LMS records them); the workspace records one through the library.</summary>
    private static Task AssignAsync(ComplianceKit.Ledger.IComplianceLedger ledger) => ledger.AppendAsync("default",
    [
        new WorkforceMembership { PersonId = "staff-042", Category = WorkforceCategory.Employee, Role = "Nurse", JoinedAt = Instant.FromUtc(2025, 1, 1, 0, 0) }.ToDraft("hr"),
        new TrainingAssignment
        {
            AssignmentId = "sec-2026", PersonId = "staff-042", CourseId = "security-awareness", ContentVersion = "2026", ContentSha256 = new string('d', 64),
            Topics = [TrainingTopic.SecurityReminders], AssignedAt = Instant.FromUtc(2025, 12, 5, 0, 0), DueAt = Instant.FromUtc(2036, 1, 5, 0, 0),
        }.ToDraft("lms:academy"),
    ]);
}
