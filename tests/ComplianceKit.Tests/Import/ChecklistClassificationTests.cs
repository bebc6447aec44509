using ComplianceKit.Administration;
using ComplianceKit.Checklists;
using ComplianceKit.Controls;
using ComplianceKit.Import;
using NodaTime;

namespace ComplianceKit.Tests.Import;

/// <summary>Criticality and phase read from headings, labels and tags, the two gates they make, and the mapping file.</summary>
public class ChecklistClassificationTests
{
    [Theory]
    [InlineData("Must have", ControlCriticality.Critical)]
    [InlineData("Critical path items", ControlCriticality.Critical)]
    [InlineData("Required before launch", ControlCriticality.Critical)]
    [InlineData("\U0001F6A7 Launch blockers", ControlCriticality.Critical)]
    [InlineData("Should have", ControlCriticality.Important)]
    [InlineData("Important", ControlCriticality.Important)]
    [InlineData("Recommended hardening", ControlCriticality.Important)]
    [InlineData("Optional", ControlCriticality.Optional)]
    [InlineData("Nice-to-have", ControlCriticality.Optional)]
    [InlineData("Can wait", ControlCriticality.Optional)]
    [InlineData("After launch", ControlCriticality.Optional)]
    [InlineData("Non-critical polish", ControlCriticality.Optional)]
    public void Plan_SectionHeadingWording_GivesItsItemsTheCriticality(string heading, ControlCriticality expected)
    {
        var plan = Plan($"# Release\n## {heading}\n### Details\n- [ ] First\n  - [ ] Nested\n- [ ] Second\n");

        Assert.All(plan.Classifications, c => Assert.Equal(expected, c.Criticality));
        Assert.Equal(expected == ControlCriticality.Optional ? 0 : 3, plan.Gate.RequiredControls.Count);
        Assert.Equal(expected == ControlCriticality.Optional ? 3 : 0, plan.Gate.OptionalControls?.Count ?? 0);
        Assert.All(plan.Controls, c => Assert.Equal(expected, c.Criticality));
    }

    [Fact]
    public void Plan_LabelLineAndItemTags_OverrideTheDefault()
    {
        var text = "# Release\n## Security\n**Nice to have:**\n- [ ] Dark mode\n\n- [ ] WAF rules (optional)\n- [ ] Key rotation [critical]\n- [ ] TLS renewed\n";

        var plan = Plan(text);

        Assert.Equal(
            [ControlCriticality.Optional, ControlCriticality.Optional, ControlCriticality.Critical, ControlCriticality.Optional],
            plan.Classifications.Select(c => c.Criticality));
        Assert.Equal("label 'Nice to have' says 'nice to have'", plan.Classifications[0].CriticalityReason);
    }

    [Theory]
    [InlineData("CRITICAL", ControlCriticality.Critical)]
    [InlineData("P0", ControlCriticality.Critical)]
    [InlineData("Urgent", ControlCriticality.Critical)]
    [InlineData("High", ControlCriticality.Important)]
    [InlineData("Low", ControlCriticality.Optional)]
    [InlineData("Optional", ControlCriticality.Optional)]
    public void Plan_BoldPriorityMarker_SetsTheCriticalityOverItsHeading(string marker, ControlCriticality expected)
    {
        var plan = Plan($"# Release\n## Nice to have\n- [ ] **{marker}**: Pen test findings remediated\n");

        var item = Assert.Single(plan.Classifications);
        Assert.Equal(expected, item.Criticality);
        Assert.StartsWith($"marker '{marker}' in the item says", item.CriticalityReason, StringComparison.Ordinal);
        Assert.Equal("Pen test findings remediated", Assert.Single(plan.Controls).Title);
    }

    [Theory]
    [InlineData("- [ ] Read the [critical incident runbook](https://wiki.example/critical)", ControlCriticality.Important)]
    [InlineData("- [ ] See ![optional diagram](docs/optional.png) and [the steps][critical-steps]", ControlCriticality.Important)]
    [InlineData("- [ ] Alerts wired [CRITICAL] per the [runbook](https://wiki.example/alerts)", ControlCriticality.Critical)]
    public void Plan_MarkdownLink_IsReadAsWordsNotAsATag(string line, ControlCriticality expected)
    {
        var plan = Plan($"# Release\n## Operations\n{line}\n");

        Assert.Equal(expected, Assert.Single(plan.Classifications).Criticality);
    }

    [Theory]
    [InlineData("- [ ] Audit logging for PHI access \u2014 **CRITICAL**", ControlCriticality.Critical)]
    [InlineData("- [ ] MFA enforced for admin accounts \U0001F534 Critical", ControlCriticality.Critical)]
    [InlineData("- [ ] Status page themed - Low", ControlCriticality.Optional)]
    public void Plan_PriorityWordClosingTheItem_SetsTheCriticalityOverItsHeading(string line, ControlCriticality expected)
    {
        var plan = Plan($"# Release\n## Important\n{line}\n");

        var item = Assert.Single(plan.Classifications);
        Assert.Equal(expected, item.Criticality);
        Assert.StartsWith("marker '", item.CriticalityReason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("- [ ] ~~SMS two-factor~~ replaced by TOTP", "the item is struck through")]
    [InlineData("- [ ] N/A - Mobile app", "the item opens with 'N/A'")]
    [InlineData("- [ ] Mobile app (not in scope for this release)", "tag '(not in scope for this release)' in the item says 'not in scope'")]
    [InlineData("- [ ] Fax gateway (descoped)", "tag '(descoped)' in the item says 'descoped'")]
    public void Plan_ItemMarkedNotToBeDone_IsOptional(string line, string reason)
    {
        var plan = Plan($"# Release\n## Must have\n{line}\n- [ ] NAS backups verified\n");

        Assert.Equal((ControlCriticality.Optional, reason), (plan.Classifications[0].Criticality, plan.Classifications[0].CriticalityReason));
        Assert.Equal(ControlCriticality.Critical, plan.Classifications[1].Criticality);
    }

    [Fact]
    public void Plan_DocumentWithoutHeadings_IsOneReleaseGateOfImportantItems()
    {
        var plan = Plan("- [ ] Backups restored\n- [x] Pen test passed\n- [ ] Runbook written\n");

        Assert.All(plan.Classifications, c => Assert.Equal((ControlCriticality.Important, GatePhase.Release), (c.Criticality, c.Phase)));
        Assert.Equal(3, plan.Gate.RequiredControls.Count);
        Assert.Null(plan.PostDeploymentGate);
        Assert.Null(plan.Summary.PostDeploymentGateId);
    }

    [Theory]
    [InlineData("Post-Deployment Verification")]
    [InlineData("Verification after release")]
    [InlineData("Monitoring: first 24 hours")]
    [InlineData("Hour 0-4")]
    [InlineData("First week")]
    [InlineData("Post-release review")]
    [InlineData("Rollback aftermath")]
    [InlineData("Deployment (T-0)")]
    [InlineData("Done at deploy time")]
    [InlineData("Retrospective")]
    public void Plan_SectionAboutAfterTheDeployment_GoesToThePostDeploymentGate(string heading)
    {
        var plan = Plan($"# Release\n## Pre-deployment\n- [ ] Backups verified\n## {heading}\n- [ ] Dashboards green\n");

        Assert.Equal([GatePhase.Release, GatePhase.PostDeployment], plan.Classifications.Select(c => c.Phase));
        Assert.Equal(["release/pre-deployment.1"], plan.Gate.RequiredControls);
        var post = Assert.IsType<GateDefinition>(plan.PostDeploymentGate);
        Assert.Equal(("release-post-deployment", GatePhase.PostDeployment, "release", 1), (post.Id, post.Phase, post.ReleaseGate, post.RequiredControls.Count));
        Assert.Equal(("deployment", "release-post-deployment"), (post.Subject.Kind, post.Subject.Id));
    }

    [Fact]
    public void Plan_EverySectionPostRelease_ReleaseGateHasNothingAndThePostGateHasEverything()
    {
        var text = """
            # Release
            ## Deployment (T-0)
            - [ ] Deploy the app
            ## Post-Deployment (T+1 hour)
            - [ ] Smoke tests pass
            ## First 48 hours
            - [ ] Error rates watched
            ## Post-Rollback Actions
            - [ ] Root cause written
            ## Post-Deployment Sign-off
            - [ ] On-call Engineer: ________
            """;

        var plan = Plan(text);

        Assert.Empty(plan.Gate.RequiredControls);
        Assert.Empty(plan.Gate.RequiredRoles);
        Assert.Equal(4, plan.PostDeploymentGate!.RequiredControls.Count);
        Assert.Equal(["On-call Engineer"], plan.PostDeploymentGate.RequiredRoles);
    }

    [Fact]
    public void Plan_PhaseInsideNestedHeadings_InnermostWins_AndBoldTitlesPlaceItems()
    {
        var text = """
            # Release
            ## Deployment Day
            ### Pre-Deployment (T-4 hours)
            - [ ] **Rollback plan review**: team reads the procedure
            ### Deployment
            - [ ] Ship it
            ## Communication
            - [ ] **Pre-Deployment**: notify users
            - [ ] **During Deployment**: status updates
            - [ ] **Post-Deployment**: success mail
            """;

        var plan = Plan(text);

        Assert.Equal(
            [GatePhase.Release, GatePhase.PostDeployment, GatePhase.Release, GatePhase.PostDeployment, GatePhase.PostDeployment],
            plan.Classifications.Select(c => c.Phase));
    }

    [Fact]
    public void Plan_SignOffUnderAPostDeploymentLabel_IsARoleOfThePostGate()
    {
        var text = "# Release\n- [ ] Item\n## Sign-offs\n**Deployment Approved By:**\n- [ ] Compliance Officer: ______\n\n**Post-Deployment Sign-off:**\n- [ ] Operations Lead: ______\n";

        var plan = Plan(text);

        Assert.Equal(["Compliance Officer"], plan.Gate.RequiredRoles);
        Assert.Equal(["Operations Lead"], plan.PostDeploymentGate!.RequiredRoles);
    }

    [Fact]
    public void Plan_AttestedSignOff_IsRecordedInTheGateDefinition()
    {
        var plan = Plan("# Release\n- [ ] Item\n## Sign-off\n- [ ] **Security Lead**: No open findings\nCompliance Officer: ________\n");

        Assert.Equal(["Security Lead", "Compliance Officer"], plan.Gate.RequiredRoles);
        Assert.Equal("No open findings", plan.Gate.AttestationFor("Security Lead"));
        Assert.Null(plan.Gate.AttestationFor("Compliance Officer"));
    }

    [Fact]
    public void Plan_Mapping_OverridesCriticalityPhaseAndBinding()
    {
        var text = "# Release\n## Security\n- [ ] Pen test\n- [ ] Vendor contracts\n- [ ] Staff onboarding\n";
        var mapping = ChecklistMapping.Parse("""
            {"items":[
              {"item":"security.1","criticality":"critical"},
              {"item":"security.2","requirement":"baaInForce","vendors":["Acme Labs"]},
              {"item":"security.3","phase":"postDeployment","criticality":"optional"}
            ]}
            """u8);

        var plan = Plan(text, mapping);

        Assert.Equal(
            [(ControlCriticality.Critical, GatePhase.Release, null), (ControlCriticality.Important, GatePhase.Release, GateRequirementKind.BaaInForce),
             (ControlCriticality.Optional, GatePhase.PostDeployment, null)],
            plan.Classifications.Select(c => (c.Criticality, c.Phase, c.Requirement)));
        Assert.All(plan.Classifications, c => Assert.True(c.FromMapping));
        Assert.Equal(["acme-labs"], plan.Classifications[1].Vendors);
        Assert.Equal(["acme-labs"], plan.Vendors.Select(v => v.VendorId));
        Assert.Equal(["release/security.3"], plan.PostDeploymentGate!.OptionalControls);
    }

    [Fact]
    public void Plan_MappingNamingAnUnknownItem_Throws()
    {
        var mapping = ChecklistMapping.Parse("""{"items":[{"item":"nowhere.9","criticality":"optional"}]}"""u8);

        var ex = Assert.Throws<ArgumentException>(() => Plan("# Release\n- [ ] Item\n", mapping));

        Assert.Contains("nowhere.9", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"items":[{"item":"a","criticality":"urgent"}]}""")]
    [InlineData("""{"items":[{"item":"a","colour":"red"}]}""")]
    [InlineData("""{"items":[{"item":"a"},{"item":"a"}]}""")]
    [InlineData("""[1,2]""")]
    public void ParseMapping_Malformed_ThrowsFormatException(string json)
    {
        Assert.Throws<FormatException>(() => ChecklistMapping.Parse(System.Text.Encoding.UTF8.GetBytes(json)));
    }

    internal static ChecklistImportPlan Plan(string markdown, ChecklistMapping? mapping = null) =>
        ChecklistImporter.Plan(new MarkdownChecklistParser().Parse(markdown, "release.md"), new ChecklistImportOptions
        {
            GateId = "release", SourceSha256 = new string('a', 64), ImportedAt = Instant.FromUtc(2026, 3, 1, 9, 0), ImportedBy = "cli", Mapping = mapping,
        });
}
