using ComplianceKit.Administration;
using ComplianceKit.Checklists;
using ComplianceKit.Controls;
using ComplianceKit.Evidence;
using ComplianceKit.Import;
using NodaTime;

namespace ComplianceKit.Tests.Import;

public class ChecklistImporterTests
{
    private const string Checklist = """
        # Portal 2.0 Go-Live

        **Overall: 95% ready**

        ## Security
        - [x] **Encryption at rest**: all volumes
          - AES-256, keys in KMS
        - [ ] Business associate agreements signed with:
          - [x] Video provider
          - [ ] SMS gateway

        ## Sign-off
        - [ ] **Compliance Officer**: ____________ Date: ______
        Operations Lead: ____________
        Deployment ID: ________
        """;

    private static readonly Instant ImportedAt = Instant.FromUtc(2026, 3, 1, 9, 0);

    [Fact]
    public void Plan_NestedAndTickedItems_BecomeControlsAndSelfAttestedEvidence()
    {
        var plan = Plan(Checklist);

        Assert.Equal(
            [("portal-2-0-go-live/security.1", "Encryption at rest"), ("portal-2-0-go-live/security.2", "Business associate agreements signed with:"),
             ("portal-2-0-go-live/security.2.1", "Video provider"), ("portal-2-0-go-live/security.2.2", "SMS gateway")],
            plan.Controls.Select(c => (c.Id, c.Title)));
        var encryption = plan.Controls[0];
        Assert.Equal(("**Encryption at rest**: all volumes\nAES-256, keys in KMS", "Security", ControlCriticality.Important, "checklist:portal-2-0-go-live"),
            (encryption.Description, encryption.Category, encryption.Criticality, encryption.Source));
        Assert.Equal(["portal-2-0-go-live/security.1", "portal-2-0-go-live/security.2.1"], plan.Evidence.Select(e => e.ControlId));
        Assert.All(plan.Evidence, e => Assert.Equal((true, null, ChecklistImporter.TickKind, ImportedAt), (e.SelfAttested, e.ArtifactSha256, e.Kind, e.CollectedAt)));
    }

    [Fact]
    public void Plan_SignOffLines_BecomeTheGatesRequiredRoles_FormFieldsDoNot()
    {
        var plan = Plan(Checklist);

        Assert.Equal(["Compliance Officer", "Operations Lead"], plan.Gate.RequiredRoles);
        Assert.Equal(plan.Controls.Select(c => c.Id), plan.Gate.RequiredControls);
        Assert.Equal(("deployment", "portal-2-0-go-live"), (plan.Gate.Subject.Kind, plan.Gate.Subject.Id));
        Assert.Contains(plan.Document.SkippedLines, s => s.Reason == SkipReason.FormField && s.Text.StartsWith("Deployment ID", StringComparison.Ordinal));
    }

    [Fact]
    public void Plan_DeclaredReadiness_IsKeptInTheSummary()
    {
        var summary = Plan(Checklist).Summary;

        var claim = Assert.Single(summary.DeclaredClaims);
        Assert.Equal((3, 95m, "95% ready"), (claim.Line, claim.Percent, claim.Text));
        Assert.Equal((4, 2, "Portal 2.0 Go-Live"), (summary.ItemCount, summary.CheckedCount, summary.Title));
    }

    [Fact]
    public void Plan_NoTitleAndAnEmptyItem_GateFromFileNameAndTheItemRejected()
    {
        var plan = ChecklistImporter.Plan(new MarkdownChecklistParser().Parse("- [ ] Backups\n- [x]\n", "Night Ops.md"), Options());

        Assert.Equal("night-ops", plan.Gate.Id);
        Assert.Equal(2, Assert.Single(plan.RejectedItems).Line);
        Assert.Single(plan.Controls);
    }

    [Fact]
    public void Plan_DeeplyNestedHeadings_IdsStayWithinTheLimit()
    {
        var headings = string.Concat(Enumerable.Range(1, 6).Select(level => $"{new string('#', level)} {new string((char)('a' + level), 55)}\n"));

        var plan = Plan(headings + "- [x] deep item\n");

        var control = Assert.Single(plan.Controls);
        Assert.Equal(200, control.Id.Length);
        Assert.True(Assert.Single(plan.Evidence).EvidenceId.Length <= 200);
        plan.ToDrafts("cli"); // every draft validates
    }

    [Fact]
    public void Plan_SameFileImportedTwice_EvidenceIdsDiffer()
    {
        var first = Plan(Checklist);
        var second = ChecklistImporter.Plan(new MarkdownChecklistParser().Parse(Checklist, "go-live.md"), Options() with { ImportedAt = ImportedAt + Duration.FromMinutes(1) });

        Assert.Empty(first.Evidence.Select(e => e.EvidenceId).Intersect(second.Evidence.Select(e => e.EvidenceId)));
    }

    [Fact]
    public void ToDrafts_Order_SummaryVendorsControlsEvidenceGate()
    {
        var drafts = Plan(Checklist).ToDrafts("cli");

        Assert.Equal(
            [ChecklistImportSummary.EntryType, ComplianceKit.Baa.BaaEntryTypes.VendorRegistered, ComplianceKit.Baa.BaaEntryTypes.VendorRegistered, ControlEntryTypes.Defined, ControlEntryTypes.Defined, ControlEntryTypes.Defined, ControlEntryTypes.Defined,
             EvidenceEntryTypes.Attached, EvidenceEntryTypes.Attached, ComplianceKit.Administration.GateDefinition.EntryType],
            drafts.Select(d => d.EntryType));
    }

    private static ChecklistImportOptions Options() => new() { SourceSha256 = new string('a', 64), ImportedAt = ImportedAt, ImportedBy = "cli" };

    private static ChecklistImportPlan Plan(string markdown) => ChecklistImporter.Plan(new MarkdownChecklistParser().Parse(markdown, "go-live.md"), Options());
}
