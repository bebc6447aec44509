using ComplianceKit.Checklists;

namespace ComplianceKit.Tests.Checklists;

public class MarkdownChecklistParserTests
{
    private const string TelehealthChecklist = """
        # Telehealth Portal - Go-Live Checklist

        Owner: platform team. Work through every section before the release window.

        ## Pre-Launch

        ### Security & Compliance
        - [x] **Encryption at rest**
          - Database volumes use AES-256
          - Backups encrypted with a separate key
        - [ ] **Access reviews:** quarterly review of PHI access
        - [X] Audit logging enabled for all PHI reads
        - [ ] Business Associate Agreements signed with:
          - [x] Video provider
          - [ ] SMS gateway
            - [ ] Countersigned copy stored
          - [ ] Email relay

        ### Infrastructure
        - [ ] Load balancer health checks green
          configured for both regions
        - [x] DNS cut-over rehearsed

        ## Launch Day
        1. [ ] Freeze merges
        2. [x] Run database migrations
        * [ ] Announce maintenance window
        + [x] Smoke tests pass
        """;

    private readonly MarkdownChecklistParser parser = new();

    [Fact]
    public void Parse_RealisticChecklist_ReadsTitleSectionsAndItemCounts()
    {
        var text = TelehealthChecklist;

        var document = parser.Parse(text, "telehealth.md");

        Assert.Equal("Telehealth Portal - Go-Live Checklist", document.Title);
        Assert.Equal("telehealth.md", document.SourceName);
        Assert.Equal(
            ["Telehealth Portal - Go-Live Checklist", "Pre-Launch", "Security & Compliance", "Infrastructure", "Launch Day"],
            document.Sections.Select(s => s.Heading));
        Assert.Equal(14, document.Items.Count);
        Assert.Equal(6, document.Items.Count(i => i.IsChecked));
        Assert.Null(document.SourceEncoding);
    }

    [Fact]
    public void Parse_NestedHeadings_GivesLevelsPathsAndSlugIds()
    {
        var text = TelehealthChecklist;

        var document = parser.Parse(text);

        var security = document.Sections.Single(s => s.Heading == "Security & Compliance");
        Assert.Equal(3, security.Level);
        Assert.Equal(7, security.Line);
        Assert.Equal(["Telehealth Portal - Go-Live Checklist", "Pre-Launch", "Security & Compliance"], security.Path);
        Assert.Equal("pre-launch/security-and-compliance", security.Id);
        Assert.Equal("telehealth-portal-go-live-checklist", document.Sections[0].Id);
    }

    [Fact]
    public void Parse_ItemsInSection_GetPositionalIdsAndSectionPath()
    {
        var text = TelehealthChecklist;

        var document = parser.Parse(text);

        var audit = document.Items.Single(i => i.Text == "Audit logging enabled for all PHI reads");
        Assert.Equal("pre-launch/security-and-compliance.3", audit.Id);
        Assert.Equal("pre-launch/security-and-compliance", audit.SectionId);
        Assert.Equal(["Telehealth Portal - Go-Live Checklist", "Pre-Launch", "Security & Compliance"], audit.SectionPath);
        Assert.Equal(12, audit.Line);
        Assert.True(audit.IsChecked);
    }

    [Fact]
    public void Parse_NestedCheckboxes_SetParentIdAndDepth()
    {
        var text = TelehealthChecklist;

        var document = parser.Parse(text);

        var baa = document.Items.Single(i => i.Text.StartsWith("Business Associate", StringComparison.Ordinal));
        var children = document.Items.Where(i => i.ParentId == baa.Id).ToList();
        var countersigned = document.Items.Single(i => i.Text == "Countersigned copy stored");
        Assert.Equal("pre-launch/security-and-compliance.4", baa.Id);
        Assert.Equal(0, baa.Depth);
        Assert.Null(baa.ParentId);
        Assert.Equal(["Video provider", "SMS gateway", "Email relay"], children.Select(c => c.Title));
        Assert.All(children, c => Assert.Equal(1, c.Depth));
        Assert.Equal("pre-launch/security-and-compliance.4.2", children[1].Id);
        Assert.Equal("pre-launch/security-and-compliance.4.2.1", countersigned.Id);
        Assert.Equal(children[1].Id, countersigned.ParentId);
        Assert.Equal(2, countersigned.Depth);
    }

    [Fact]
    public void Parse_BoldLabel_BecomesTitleWithoutColon()
    {
        var text = TelehealthChecklist;

        var document = parser.Parse(text);

        var items = document.Items.Where(i => i.SectionId == "pre-launch/security-and-compliance").ToList();
        Assert.Equal("Encryption at rest", items[0].Title);
        Assert.Equal("**Encryption at rest**", items[0].Text);
        Assert.Equal("Access reviews", items[1].Title);
        Assert.Equal("**Access reviews:** quarterly review of PHI access", items[1].Text);
        Assert.Equal("Audit logging enabled for all PHI reads", items[2].Title);
    }

    [Fact]
    public void Parse_SubBulletsAndContinuationLines_BecomeDetails()
    {
        var text = TelehealthChecklist;

        var document = parser.Parse(text);

        var encryption = document.Items.Single(i => i.Title == "Encryption at rest");
        var loadBalancer = document.Items.Single(i => i.Title == "Load balancer health checks green");
        var baa = document.Items.Single(i => i.Text.StartsWith("Business Associate", StringComparison.Ordinal));
        Assert.Equal(["Database volumes use AES-256", "Backups encrypted with a separate key"], encryption.Details);
        Assert.Equal(["configured for both regions"], loadBalancer.Details);
        Assert.Empty(baa.Details);
    }

    [Fact]
    public void Parse_NumberedStarAndPlusBullets_AreItems()
    {
        var text = TelehealthChecklist;

        var document = parser.Parse(text);

        var launch = document.Items.Where(i => i.SectionId == "launch-day").ToList();
        Assert.Equal(["Freeze merges", "Run database migrations", "Announce maintenance window", "Smoke tests pass"], launch.Select(i => i.Title));
        Assert.Equal([false, true, false, true], launch.Select(i => i.IsChecked));
        Assert.Equal(["launch-day.1", "launch-day.2", "launch-day.3", "launch-day.4"], launch.Select(i => i.Id));
    }

    [Fact]
    public void Parse_OrderedListWithCloseParen_IsItem()
    {
        var text = "# Checklist\n1) [x] Rotate the signing key\n2) [ ] Publish the new certificate\n";

        var document = parser.Parse(text);

        Assert.Equal(["Rotate the signing key", "Publish the new certificate"], document.Items.Select(i => i.Title));
    }

    [Fact]
    public void Parse_SameTextTwice_GivesIdenticalIds()
    {
        var text = TelehealthChecklist;

        var first = parser.Parse(text);
        var second = parser.Parse(text);

        Assert.Equal(first.Items.Select(i => i.Id), second.Items.Select(i => i.Id));
        Assert.Equal(first.Items.Count, first.Items.Select(i => i.Id).Distinct().Count());
    }

    [Fact]
    public void Parse_RepeatedHeadings_GetUniqueSectionIds()
    {
        var text = """
            # Rollout
            ## Phase 1
            ### Verification
            - [ ] Error rate below 1 percent
            ## Phase 2
            ### Verification
            - [ ] Error rate below 1 percent
            ## Phase 2
            - [ ] Sign-off meeting held
            """;

        var document = parser.Parse(text);

        Assert.Equal(["rollout", "phase-1", "phase-1/verification", "phase-2", "phase-2/verification", "phase-2-2"], document.Sections.Select(s => s.Id));
        Assert.Equal(["phase-1/verification.1", "phase-2/verification.1", "phase-2-2.1"], document.Items.Select(i => i.Id));
    }

    [Fact]
    public void Parse_ItemsBeforeAnyHeading_UseRootIdAndEmptyPath()
    {
        var text = "- [ ] Confirm the on-call rota\n- [x] Page the DBA\n\n## Later\n- [ ] Close the ticket\n";

        var document = parser.Parse(text);

        Assert.Equal(["root.1", "root.2", "later.1"], document.Items.Select(i => i.Id));
        Assert.Null(document.Items[0].SectionId);
        Assert.Empty(document.Items[0].SectionPath);
        Assert.Null(document.Title);
    }

    [Fact]
    public void Parse_EmojiInHeadingsAndItems_KeepsTextAndMakesCleanSlugs()
    {
        var text = """
            # 🚀 Release Readiness
            ## 🔒 Security ✅
            - [ ] 🔐 Rotate database credentials 🔑
            - [x] **✅ Pen test remediated**: all highs closed
            ## 👩‍⚕️ Clinical Sign-Off
            - [ ] Clinician walkthrough 🩺
            """;

        var document = parser.Parse(text);

        Assert.Equal("🚀 Release Readiness", document.Title);
        Assert.Equal("🔒 Security ✅", document.Sections[1].Heading);
        Assert.Equal("security", document.Sections[1].Id);
        Assert.Equal("clinical-sign-off", document.Sections[2].Id);
        Assert.Equal("🔐 Rotate database credentials 🔑", document.Items[0].Title);
        Assert.Equal("✅ Pen test remediated", document.Items[1].Title);
        Assert.Equal("Clinician walkthrough 🩺", document.Items[2].Text);
    }

    [Fact]
    public void Parse_HeadingWithClosingHashesAndAccents_TrimsAndSlugsDeterministically()
    {
        var text = "## Vérification des accès ##\n- [ ] Revue trimestrielle\n### C# Services\n- [ ] Patch\n";

        var document = parser.Parse(text);

        Assert.Equal("Vérification des accès", document.Sections[0].Heading);
        Assert.Equal("verification-des-acces", document.Sections[0].Id);
        Assert.Equal("C# Services", document.Sections[1].Heading);
        Assert.Equal("verification-des-acces/c-services", document.Sections[1].Id);
    }

    [Fact]
    public void Parse_CrLfLineEndings_GiveSameResultAsLf()
    {
        var lf = TelehealthChecklist.ReplaceLineEndings("\n");
        var crlf = TelehealthChecklist.ReplaceLineEndings("\r\n");

        var fromLf = parser.Parse(lf);
        var fromCrLf = parser.Parse(crlf);

        Assert.Equal(fromLf.Items.Select(i => (i.Id, i.Text, i.Line)), fromCrLf.Items.Select(i => (i.Id, i.Text, i.Line)));
        Assert.DoesNotContain(fromCrLf.Items, i => i.Text.Contains('\r', StringComparison.Ordinal));
        Assert.Equal(fromLf.LineCount, fromCrLf.LineCount);
    }

    [Fact]
    public void Parse_MixedLineEndings_CountsEveryBreakOnce()
    {
        var text = "# Mixed\r\n- [ ] Windows line\n- [x] Unix line\r- [ ] Old Mac line\r\n\r\n- [ ] After blank";

        var document = parser.Parse(text);

        Assert.Equal(["Windows line", "Unix line", "Old Mac line", "After blank"], document.Items.Select(i => i.Text));
        Assert.Equal([2, 3, 4, 6], document.Items.Select(i => i.Line));
        Assert.Equal(6, document.LineCount);
    }

    [Fact]
    public void Parse_TabIndentation_NestsLikeSpaces()
    {
        var text = "# Tabs\n- [ ] Parent task\n\t- [x] Child task\n\t\t- [ ] Grandchild task\n\t- plain note\n- [ ] Next parent\n";

        var document = parser.Parse(text);

        Assert.Equal([0, 1, 2, 0], document.Items.Select(i => i.Depth));
        Assert.Equal("tabs.1.1", document.Items[2].ParentId);
        Assert.Equal(["plain note"], document.Items[0].Details);
        Assert.Equal("tabs.2", document.Items[3].Id);
    }

    [Fact]
    public void Parse_CheckboxUnderPlainBullet_IsTopLevelItemWithoutParent()
    {
        var text = """
            #### Hour 0-2
            - **Frequency**: every 10 minutes
            - **Watch**:
              - [ ] Login failures
              - [x] Queue depth
            """;

        var document = parser.Parse(text);

        Assert.Equal(["hour-0-2.1", "hour-0-2.2"], document.Items.Select(i => i.Id));
        Assert.All(document.Items, i => Assert.Null(i.ParentId));
        Assert.Equal(2, document.SkippedLines.Count(s => s.Reason == SkipReason.ListItemWithoutCheckbox));
    }

    [Fact]
    public void Parse_ParagraphAfterBlankLine_EndsTheListAndIsSkipped()
    {
        var text = """
            ## Database
            - [ ] Restore drill done

            Backups are kept for 35 days.

              - indented but the list already ended
            """;

        var document = parser.Parse(text);

        Assert.Empty(document.Items[0].Details);
        Assert.Equal(
            [(4, SkipReason.PlainText), (6, SkipReason.ListItemWithoutCheckbox)],
            document.SkippedLines.Select(s => (s.Line, s.Reason)));
    }

    [Fact]
    public void Parse_IndentedParagraphAfterBlankLine_StaysADetail()
    {
        var text = "## Database\n- [ ] Restore drill done\n\n  Evidence: ticket OPS-1182\n";

        var document = parser.Parse(text);

        Assert.Equal(["Evidence: ticket OPS-1182"], document.Items[0].Details);
        Assert.Empty(document.SkippedLines);
    }

    [Fact]
    public void Parse_SkippedLines_CarryReasonLineAndText()
    {
        var text = """
            # Release
            Intro paragraph.

            ---
            | Step | Owner |
            |------|-------|
            | Deploy | Ops |
            - a bullet without a box
            ```bash
            - [ ] ./deploy.sh
            ```
            <!-- - [ ] hidden item -->
            **Ticket ID**: ________
            - [ ] The only real item
            """;

        var document = parser.Parse(text);

        Assert.Single(document.Items);
        Assert.Equal(
            [
                (2, SkipReason.PlainText), (4, SkipReason.HorizontalRule), (5, SkipReason.TableRow), (6, SkipReason.TableRow),
                (7, SkipReason.TableRow), (8, SkipReason.ListItemWithoutCheckbox), (9, SkipReason.CodeBlock), (10, SkipReason.CodeBlock),
                (11, SkipReason.CodeBlock), (12, SkipReason.HtmlComment), (13, SkipReason.FormField),
            ],
            document.SkippedLines.Select(s => (s.Line, s.Reason)));
        Assert.Equal("| Deploy | Ops |", document.SkippedLines[4].Text);
    }

    [Fact]
    public void Parse_EmptyCheckbox_IsItemWithWarning()
    {
        var text = "# Gate\n- [ ]\n- [ ] Real one\n";

        var document = parser.Parse(text);

        Assert.Equal(2, document.Items.Count);
        Assert.Equal(string.Empty, document.Items[0].Title);
        var warning = Assert.Single(document.Warnings);
        Assert.Equal(ChecklistWarningKind.EmptyItem, warning.Kind);
        Assert.Equal(2, warning.Line);
    }

    [Fact]
    public void Parse_LookAlikeCheckbox_IsNotAnItemAndWarns()
    {
        var text = "# Gate\n- [-] Not applicable here\n- [] Forgot the space\n- [x]Missing space after box\n- [ ] Real one\n";

        var document = parser.Parse(text);

        Assert.Single(document.Items);
        Assert.Equal(2, document.Warnings.Count(w => w.Kind == ChecklistWarningKind.UnrecognizedCheckbox));
        Assert.Equal(3, document.SkippedLines.Count(s => s.Reason == SkipReason.ListItemWithoutCheckbox));
    }
}
