using ComplianceKit.Checklists;

namespace ComplianceKit.Tests.Checklists;

/// <summary>Items written without GitHub task boxes: status glyphs, ticks in brackets, table rows with a marker cell, bold priority words.</summary>
public class MarkdownChecklistParserMarkerTests
{
    private readonly MarkdownChecklistParser parser = new();

    [Fact]
    public void Parse_StatusGlyphBullets_AreItemsTickedByTheirGlyph()
    {
        var text = "# Go-live\n- \u2705 MFA for admins\n- \u274C Pen test remediated\n- \u2610 BAA with the SMS vendor\n- \u2714\uFE0F Backups restored\n" +
            "- \u23F3 DR drill\n- \u26A0\uFE0F Note: deploys freeze on Fridays\n- \u2705Glued to its text\n";

        var document = parser.Parse(text);

        Assert.Equal(["MFA for admins", "Pen test remediated", "BAA with the SMS vendor", "Backups restored", "DR drill"], document.Items.Select(i => i.Title));
        Assert.Equal([true, false, false, true, false], document.Items.Select(i => i.IsChecked));
        Assert.Equal([7, 8], document.SkippedLines.Where(s => s.Reason == SkipReason.ListItemWithoutCheckbox).Select(s => s.Line));
    }

    [Theory]
    [InlineData("- [\u2713] Reviewed", true)]
    [InlineData("- [\u2714\uFE0F] Reviewed", true)]
    [InlineData("- [\u274C] Reviewed", false)]
    public void Parse_GlyphInBrackets_IsACheckbox(string line, bool isChecked)
    {
        var document = parser.Parse("# Gate\n" + line + "\n");

        var item = Assert.Single(document.Items);
        Assert.Equal("Reviewed", item.Title);
        Assert.Equal(isChecked, item.IsChecked);
        Assert.DoesNotContain(document.Warnings, w => w.Kind == ChecklistWarningKind.UnrecognizedCheckbox);
    }

    [Fact]
    public void Parse_TableRowWithOneMarkerCell_IsAnItemWithItsOtherCellsAsDetails()
    {
        var text = """
            # Launch
            ## Vendors
            | Owner | Item | Status |
            |-------|------|--------|
            | Legal | BAA with the SMS vendor | [ ] |
            | Legal | BAA with the cloud host | ✅ Signed 2026-01-10 |
            | Ops | Runbook | |
            | [x] | | |
            """;

        var document = parser.Parse(text);

        Assert.Equal(["BAA with the SMS vendor", "BAA with the cloud host"], document.Items.Select(i => i.Title));
        Assert.Equal([false, true], document.Items.Select(i => i.IsChecked));
        Assert.Equal(["vendors.1", "vendors.2"], document.Items.Select(i => i.Id));
        Assert.Equal(["Owner: Legal"], document.Items[0].Details);
        Assert.Equal(["Owner: Legal", "Status: Signed 2026-01-10"], document.Items[1].Details);
        Assert.Equal([5, 6], document.Items.Select(i => i.Line));
        Assert.Equal([3, 4, 7, 8], document.SkippedLines.Where(s => s.Reason == SkipReason.TableRow).Select(s => s.Line));
    }

    [Fact]
    public void Parse_TableRowWithTwoMarkers_IsNotAnItem()
    {
        var text = "# Launch\n| Check | Staging | Production |\n|---|---|---|\n| Smoke tests | [x] | [ ] |\n";

        var document = parser.Parse(text);

        Assert.DoesNotContain(document.Items, i => i.Line == 4);
        Assert.Contains(document.SkippedLines, s => s.Line == 4 && s.Reason == SkipReason.TableRow);
    }

    [Fact]
    public void Parse_SignOffTableWithTickCells_StaysASignOff()
    {
        var text = "## Approvals\n| Done | Role | Name | Date |\n|---|---|---|---|\n| \u2705 | Security Officer | Sam Lee | 2025-11-05 |\n| [ ] | Privacy Officer | ____ | ____ |\n";

        var document = parser.Parse(text);

        Assert.Empty(document.Items);
        Assert.Equal(["Security Officer", "Privacy Officer"], document.SignOffs.Select(s => s.Role));
        Assert.Equal([true, false], document.SignOffs.Select(s => s.IsChecked));
    }

    [Theory]
    [InlineData("- [ ] **CRITICAL**: Pen test findings remediated", "Pen test findings remediated", "CRITICAL")]
    [InlineData("- [ ] **P0** - Backups restored", "Backups restored", "P0")]
    [InlineData("- [ ] **High priority:** **Key rotation**: yearly", "Key rotation", "High priority")]
    [InlineData("- [ ] **Encryption at rest**: AES-256", "Encryption at rest", null)]
    [InlineData("- [ ] **CRITICAL**", "CRITICAL", null)]
    public void Parse_BoldPriorityWord_IsTheMarkerNotTheTitle(string line, string title, string? marker)
    {
        var document = parser.Parse("# Gate\n" + line + "\n");

        var item = Assert.Single(document.Items);
        Assert.Equal(title, item.Title);
        Assert.Equal(marker, item.PriorityMarker);
    }

    [Theory]
    [InlineData("- [ ] Encryption at rest enabled (AES-256) \u2014 **CRITICAL**", "Encryption at rest enabled (AES-256)", "CRITICAL")]
    [InlineData("- [ ] MFA enforced for admin accounts \U0001F534 Critical", "MFA enforced for admin accounts", "Critical")]
    [InlineData("- [ ] Pager rota published \u26A0\uFE0F HIGH PRIORITY", "Pager rota published", "HIGH PRIORITY")]
    [InlineData("- [ ] Load test at 2x peak - nice to have.", "Load test at 2x peak", "nice to have")]
    [InlineData("- [ ] **Key rotation** \u2013 P1", "Key rotation", "P1")]
    [InlineData("- [ ] Security audit completed with no critical vulnerabilities", "Security audit completed with no critical vulnerabilities", null)]
    [InlineData("- [ ] Backup required before migration", "Backup required before migration", null)]
    [InlineData("- [ ] Read-only replica - reporting", "Read-only replica - reporting", null)]
    [InlineData("- [ ] Configure **CORS**", "Configure **CORS**", null)]
    public void Parse_PriorityWordClosingTheItem_IsTheMarkerNotTheTitle(string line, string title, string? marker)
    {
        var document = parser.Parse("# Gate\n" + line + "\n");

        var item = Assert.Single(document.Items);
        Assert.Equal(title, item.Title);
        Assert.Equal(marker, item.PriorityMarker);
    }

    [Theory]
    [InlineData("- [ ] Approved by Compliance Officer: ________ Date: ________", "Compliance Officer")]
    [InlineData("Signed off by Security Lead: ________ Date: ________", "Security Lead")]
    public void Parse_SignOffOpeningWithAVerb_NamesTheRoleWithoutIt(string line, string role)
    {
        var document = parser.Parse("# Release\n## Sign-off\n" + line + "\n");

        Assert.Equal(role, Assert.Single(document.SignOffs).Role);
    }

    [Fact]
    public void Parse_SetextHeadings_AreSections_AndASignOffLineOverARuleStaysASignOff()
    {
        var text = "Release Readiness\n=================\n\nSecurity Review\n---------------\n- [ ] Pen test\n\nCompliance Officer: ________ Date: ____\n---\n";

        var document = parser.Parse(text);

        Assert.Equal("Release Readiness", document.Title);
        Assert.Equal([("Release Readiness", 1), ("Security Review", 2)], document.Sections.Select(s => (s.Heading, s.Level)));
        Assert.Equal("security-review.1", Assert.Single(document.Items).Id);
        Assert.Equal("Compliance Officer", Assert.Single(document.SignOffs).Role);
        Assert.DoesNotContain(document.SkippedLines, s => s.Line is 2 or 5);
    }
}
