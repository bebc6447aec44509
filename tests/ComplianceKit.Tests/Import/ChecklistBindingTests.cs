using ComplianceKit.Administration;
using ComplianceKit.Controls;
using ComplianceKit.Import;

namespace ComplianceKit.Tests.Import;

/// <summary>Items that name the programme's own records become requirements on those records.</summary>
public class ChecklistBindingTests
{
    [Theory]
    [InlineData("- [ ] BAAs signed with: Twilio, Resend", new[] { "twilio", "resend" })]
    [InlineData("- [ ] Business Associate Agreement executed with AWS and Google Cloud", new[] { "aws", "google-cloud" })]
    [InlineData("- [x] **BAA in place with**: Acme Labs; Zeta Health", new[] { "acme-labs", "zeta-health" })]
    [InlineData("- [ ] Signed BAAs: Email provider (Postmark) & SMS gateway (Twilio)", new[] { "postmark", "twilio" })]
    [InlineData("- [ ] BAAs signed with: [Twilio](https://www.twilio.com/baa), Email provider [Resend](https://resend.com)", new[] { "twilio", "resend" })]
    public void Plan_BaaLineNamingVendors_RegistersThemHandlingPhiAndBindsTheItem(string line, string[] vendors)
    {
        var plan = ChecklistClassificationTests.Plan($"# Release\n## Compliance\n{line}\n");

        var item = Assert.Single(plan.Classifications);
        Assert.Equal(GateRequirementKind.BaaInForce, item.Requirement);
        Assert.Equal(vendors, item.Vendors);
        Assert.Equal(vendors, plan.Vendors.Select(v => v.VendorId));
        Assert.All(plan.Vendors, v => Assert.True(v.HandlesPhi));
        var requirement = Assert.Single(plan.Gate.Requirements!);
        Assert.Equal((item.ControlId, GateRequirementKind.BaaInForce), (requirement.Control, requirement.Kind));
    }

    [Fact]
    public void Plan_BaaLineWithVendorsAsNestedItems_BindsParentAndEachChild_AndSkipsTheConditionalOne()
    {
        var text = """
            # Release
            ## Compliance
            - [ ] Business Associate Agreements (BAAs) signed with:
              - [x] Lovable/Supabase
              - [ ] Email provider (Resend)
              - [ ] AI provider (if applicable)
            """;

        var plan = ChecklistClassificationTests.Plan(text);

        Assert.Equal(
            [(GateRequirementKind.BaaInForce, "lovable-supabase,resend"), (GateRequirementKind.BaaInForce, "lovable-supabase"),
             (GateRequirementKind.BaaInForce, "resend"), ((GateRequirementKind?)null, "")],
            plan.Classifications.Select(c => (c.Requirement, string.Join(',', c.Vendors))));
        Assert.Equal(ControlCriticality.Optional, plan.Classifications[3].Criticality);
        Assert.Contains("if applicable", plan.Classifications[3].RequirementReason, StringComparison.Ordinal);
        Assert.Equal([("resend", "Resend", "Email provider")], plan.Vendors.Where(v => v.Services.Count > 0).Select(v => (v.VendorId, v.Name, v.Services[0])));
    }

    [Fact]
    public void Plan_VendorAlreadyRegistered_IsBoundButNotRegisteredAgain()
    {
        var document = new ComplianceKit.Checklists.MarkdownChecklistParser().Parse("# R\n- [ ] BAAs signed with: Twilio, Resend\n");

        var plan = ChecklistImporter.Plan(document, new ChecklistImportOptions
        {
            GateId = "r", SourceSha256 = new string('a', 64), ImportedAt = NodaTime.Instant.FromUtc(2026, 3, 1, 0, 0), ImportedBy = "cli",
            ExistingVendorIds = new HashSet<string>(StringComparer.Ordinal) { "twilio" },
        });

        Assert.Equal(["resend"], plan.Vendors.Select(v => v.VendorId));
        Assert.Equal(["twilio", "resend"], plan.Classifications[0].Vendors);
    }

    [Theory]
    [InlineData("Employee HIPAA training completed")]
    [InlineData("All staff completed security awareness training")]
    [InlineData("Workforce privacy training up to date")]
    public void Plan_TrainingCompletionLine_BindsToTrainingComponent(string line)
    {
        var plan = ChecklistClassificationTests.Plan($"# R\n- [x] {line}\n");

        Assert.Equal(GateRequirementKind.TrainingCurrent, plan.Classifications[0].Requirement);
        Assert.Equal(GateRequirementKind.TrainingCurrent, Assert.Single(plan.Gate.Requirements!).Kind);
    }

    [Theory]
    [InlineData("Audit logging verified (all PHI access logged)")]
    [InlineData("PHI access is logged and reviewed")]
    [InlineData("Audit trail of patient record access enabled")]
    public void Plan_AccessLoggingLine_BindsToTheAccessTrail(string line)
    {
        var plan = ChecklistClassificationTests.Plan($"# R\n- [ ] {line}\n");

        Assert.Equal(GateRequirementKind.AccessTrail, plan.Classifications[0].Requirement);
    }

    [Theory]
    [InlineData("Training materials prepared")]
    [InlineData("Audit logging enabled")]
    [InlineData("Review the BAA template")]
    [InlineData("Email templates tested")]
    public void Plan_LinesThatOnlyMentionTheTopic_AreNotBound(string line)
    {
        var plan = ChecklistClassificationTests.Plan($"# R\n- [ ] {line}\n");

        Assert.Null(plan.Classifications[0].Requirement);
        Assert.Null(plan.Gate.Requirements);
        Assert.Empty(plan.Vendors);
    }
}
