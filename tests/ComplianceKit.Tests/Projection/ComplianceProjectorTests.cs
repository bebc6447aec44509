using ComplianceKit.Baa;
using ComplianceKit.Checklists;
using ComplianceKit.Controls;
using ComplianceKit.Evidence;
using ComplianceKit.Import;
using ComplianceKit.Projection;
using ComplianceKit.Training;
using NodaTime;

namespace ComplianceKit.Tests.Projection;

public class ComplianceProjectorTests
{
    private static readonly Instant Start = Instant.FromUtc(2026, 1, 1, 0, 0);
    private readonly EntryFactory _entries = new(Start);
    private readonly ComplianceProjector _projector = new("c");

    [Fact]
    public void Apply_PayloadNotInTheDocumentedShape_IsAnIssueAndChangesNothing()
    {
        Apply(new ControlDefinition { Id = "ctl", Title = "Audit controls" }.ToDraft("o"));

        _projector.Apply(_entries.Raw(ControlEntryTypes.Defined, """{"title":"no id"}"""));
        _projector.Apply(_entries.Raw(EvidenceEntryTypes.Attached, """{"evidenceId":"e","controlId":"ctl","kind":"k","collectedAt":"yesterday","collectedBy":"x"}"""));
        _projector.Apply(_entries.Raw("baa.executed", """{"vendor":"Acme","services":"hosting","termYears":3}"""));
        var snapshot = Complete();

        Assert.Equal([1L, 2L, 3L], snapshot.Issues.Select(i => i.Sequence));
        Assert.Single(snapshot.Controls);
        Assert.Empty(snapshot.Evidence);
        Assert.Empty(snapshot.Agreements);
    }

    [Fact]
    public void Apply_EntriesOfOtherTypes_AreIgnored()
    {
        _projector.Apply(_entries.Raw("phi.accessed", """{"action":"view"}"""));

        Assert.Equal(0, _projector.EntriesRead);
        Assert.Empty(Complete().Issues);
    }

    [Fact]
    public void Apply_DecisionOnARequiredControl_IsAnIssue()
    {
        Apply(new ControlDefinition { Id = "ctl", Title = "Audit controls" }.ToDraft("o"));

        Apply(new AddressableDecision { ControlId = "ctl", Outcome = AddressableOutcome.NotReasonableAndAppropriate, Rationale = "small", DecidedBy = "o", DecidedAt = Start }.ToDraft("o"));
        var snapshot = Complete();

        Assert.Contains("required, not addressable", Assert.Single(snapshot.Issues).Message, StringComparison.Ordinal);
        Assert.Null(Assert.Single(snapshot.Controls).DecisionOutcome);
    }

    [Fact]
    public void Apply_AgreementForAVendorNeverRegistered_PresumesItHandlesPhi()
    {
        Apply(new BusinessAssociateAgreement { BaaId = "b", VendorId = "lab", Clauses = ["permitted-uses"] }.ToDraftedDraft("o"));

        var vendor = Assert.Single(Complete().Vendors);

        Assert.Equal(("lab", true, false), (vendor.VendorId, vendor.HandlesPhi, vendor.Registered));
        Assert.Equal("b", Assert.Single(vendor.Agreements).BaaId);
    }

    [Fact]
    public void Apply_DraftAfterExecution_IsAnIssueAndKeepsTheExecutedTerms()
    {
        var terms = new BusinessAssociateAgreement
        {
            BaaId = "b", VendorId = "lab", EffectiveAt = Start, ExecutedAt = Start, DocumentSha256 = new string('e', 64),
            Signatories = [new("A", "Officer", "Clinic"), new("B", "CEO", "Lab")], Clauses = ["permitted-uses"],
        };
        Apply(terms.ToExecutedDraft("o"));

        Apply((terms with { Clauses = [] }).ToDraftedDraft("o"));
        var snapshot = Complete();

        Assert.Single(snapshot.Issues);
        Assert.Equal(["permitted-uses"], Assert.Single(snapshot.Agreements).Clauses);
    }

    [Fact]
    public void Apply_EvidenceIdReused_KeepsTheFirstAndReportsTheSecond()
    {
        Apply(new ControlDefinition { Id = "ctl", Title = "Audit controls" }.ToDraft("o"));
        var statement = new EvidenceStatement { EvidenceId = "e", ControlId = "ctl", Kind = "report", ArtifactSha256 = new string('1', 64), CollectedAt = Start, CollectedBy = "it" };

        Apply(statement.ToDraft("o"));
        Apply((statement with { ArtifactSha256 = new string('2', 64) }).ToDraft("o"));
        var snapshot = Complete();

        Assert.Equal(new string('1', 64), Assert.Single(snapshot.Evidence).ArtifactSha256);
        Assert.Contains("used before", Assert.Single(snapshot.Issues).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Apply_Retraining_LatestCompletionCountsAndTheFirstIsKept()
    {
        Apply(new TrainingAssignment
        {
            AssignmentId = "p/hipaa", PersonId = "p", CourseId = "hipaa", ContentVersion = "1", ContentSha256 = new string('f', 64),
            AssignedAt = Start, DueAt = Start + Duration.FromDays(30), RecurrenceDays = 365,
        }.ToDraft("lms"));

        Apply(new TrainingCompletion { AssignmentId = "p/hipaa", PersonId = "p", CompletedAt = Start + Duration.FromDays(10), Score = 90 }.ToDraft("lms"));
        Apply(new TrainingCompletion { AssignmentId = "p/hipaa", PersonId = "p", CompletedAt = Start + Duration.FromDays(380), Score = 95 }.ToDraft("lms"));
        var snapshot = Complete();

        var record = Assert.Single(snapshot.Training);
        Assert.Equal((Start + Duration.FromDays(10), Start + Duration.FromDays(380), Start + Duration.FromDays(745), 95d),
            (record.FirstCompletedAt!.Value, record.CompletedAt!.Value, record.ExpiresAt!.Value, record.Score!.Value));
        var member = Assert.Single(snapshot.Workforce);
        Assert.Equal((false, Start + Duration.FromDays(10)), (member.Registered, member.FirstTrainingCompletedAt!.Value));
        Assert.Same(member, record.Member);
    }

    [Fact]
    public void Apply_ChecklistImportedAgain_RetiresDroppedItemsAndWithdrawsEarlierTicks()
    {
        ImportChecklist("# Go-live\n- [x] Backups tested\n- [x] Pager set up\n", Start);
        _entries.Skip(Duration.FromDays(1));

        ImportChecklist("# Go-live\n- [ ] Backups tested\n", Start + Duration.FromDays(1));
        var snapshot = Complete();

        Assert.Empty(snapshot.Issues);
        Assert.Equal([("go-live/go-live.1", (long?)null), ("go-live/go-live.2", 6L)], snapshot.Controls.Select(c => (c.ControlId, c.RetiredSequence)));
        Assert.All(snapshot.Evidence, e => Assert.Equal(6, e.WithdrawnSequence));
        Assert.Equal(2, snapshot.Evidence.Count);
    }

    private void ImportChecklist(string markdown, Instant at)
    {
        var plan = ChecklistImporter.Plan(new MarkdownChecklistParser().Parse(markdown, "go-live.md"),
            new ChecklistImportOptions { SourceSha256 = new string('0', 64), ImportedAt = at, ImportedBy = "cli" });
        foreach (var draft in plan.ToDrafts("cli"))
        {
            Apply(draft);
        }
    }

    private void Apply(ComplianceKit.Ledger.EntryDraft draft) => _projector.Apply(_entries.From(draft));

    private ComplianceSnapshot Complete() => _projector.Complete(_entries.Now.ToUnixTimeTicks(), new byte[32]);
}
