using ComplianceKit.Checklists;

namespace ComplianceKit.Tests.Checklists;

public class MarkdownChecklistParserSignOffTests
{
    private const string SignOffChecklist = """
        # Claims Service Release

        ## Checks
        - [ ] **Backups verified**: restore tested on staging

        ## Sign-offs

        **Release approved by:**
        - [ ] Compliance Officer: ________________ Date: ________
        - [ ] **Security Officer**: ________________ Date: ________
        - [x] Development Lead: Priya Raman Date: 2025-11-03
        - [ ] Operations Lead: Tom Okafor Date: ______
        - [ ] On-call Engineer: ____________ Date: ______ Time: ______

        **Privacy Officer:** _____________

        | Role | Name | Signature | Date |
        |------|------|-----------|------|
        | Privacy Officer | Ana Silva | /s/ A. Silva | 2025-11-04 |
        | Clinical Safety Officer | | | |

        ---

        **Release ID**: ______________
        Date: ________  Signature: __________
        **Notes**:
        ____________________________________________
        """;

    private readonly MarkdownChecklistParser parser = new();

    [Fact]
    public void Parse_SignOffSection_FindsEveryRoleInOrder()
    {
        var text = SignOffChecklist;

        var document = parser.Parse(text);

        Assert.Equal(
            ["Compliance Officer", "Security Officer", "Development Lead", "Operations Lead", "On-call Engineer", "Privacy Officer", "Privacy Officer", "Clinical Safety Officer"],
            document.SignOffs.Select(s => s.Role));
        Assert.Equal([9, 10, 11, 12, 13, 15, 19, 20], document.SignOffs.Select(s => s.Line));
    }

    [Fact]
    public void Parse_SignOffLines_AreNotItems()
    {
        var text = SignOffChecklist;

        var document = parser.Parse(text);

        var item = Assert.Single(document.Items);
        Assert.Equal("Backups verified", item.Title);
    }

    [Fact]
    public void Parse_BlankAndFilledSignOffs_ReportStatusSignerAndDate()
    {
        var text = SignOffChecklist;

        var document = parser.Parse(text);

        var byLine = document.SignOffs.ToDictionary(s => s.Line);
        Assert.Equal(SignOffStatus.Blank, byLine[9].Status);
        Assert.Null(byLine[9].SignedBy);
        Assert.False(byLine[9].IsChecked);
        Assert.Equal(SignOffStatus.Filled, byLine[11].Status);
        Assert.Equal("Priya Raman", byLine[11].SignedBy);
        Assert.Equal("2025-11-03", byLine[11].DateText);
        Assert.True(byLine[11].IsChecked);
        Assert.Equal(SignOffStatus.PartiallyFilled, byLine[12].Status);
        Assert.Equal("Tom Okafor", byLine[12].SignedBy);
        Assert.Null(byLine[12].DateText);
        Assert.Equal(SignOffStatus.Blank, byLine[13].Status);
        Assert.Null(byLine[15].IsChecked);
    }

    [Fact]
    public void Parse_SignOffTable_ReadsRowsUsingTheHeader()
    {
        var text = SignOffChecklist;

        var document = parser.Parse(text);

        var filled = document.SignOffs.Single(s => s.Line == 19);
        var empty = document.SignOffs.Single(s => s.Line == 20);
        Assert.Equal(SignOffStatus.Filled, filled.Status);
        Assert.Equal("Ana Silva", filled.SignedBy);
        Assert.Equal("2025-11-04", filled.DateText);
        Assert.Equal(SignOffStatus.Blank, empty.Status);
        Assert.Equal("| Privacy Officer | Ana Silva | /s/ A. Silva | 2025-11-04 |", filled.RawLine);
    }

    [Fact]
    public void Parse_TableRowWithUnderscoreBlanks_IsSignOffWithoutHeader()
    {
        var text = "# Approvals\n| Security Officer | ____ | ____ |\n| HIPAA Privacy Officer | ____ | ____ |\n";

        var document = parser.Parse(text);

        Assert.Equal(["Security Officer", "HIPAA Privacy Officer"], document.SignOffs.Select(s => s.Role));
        Assert.All(document.SignOffs, s => Assert.Equal(SignOffStatus.Blank, s.Status));
    }

    [Fact]
    public void Parse_DateSignatureAndIdFields_AreFormFieldsNotRoles()
    {
        var text = SignOffChecklist;

        var document = parser.Parse(text);

        Assert.DoesNotContain(document.SignOffs, s => s.Role is "Date" or "Signature" or "Name" or "Release ID" or "Notes");
        Assert.Equal([24, 25, 27], document.SkippedLines.Where(s => s.Reason == SkipReason.FormField).Select(s => s.Line));
        Assert.Equal([8, 26], document.SkippedLines.Where(s => s.Reason == SkipReason.PlainText).Select(s => s.Line));
    }

    [Fact]
    public void Parse_TickedSignOffWithEmptyBlanks_Warns()
    {
        var text = "# Gate\n- [x] Compliance Officer: __________ Date: ______\n";

        var document = parser.Parse(text);

        var signOff = Assert.Single(document.SignOffs);
        Assert.True(signOff.IsChecked);
        Assert.Equal(SignOffStatus.Blank, signOff.Status);
        var warning = Assert.Single(document.Warnings);
        Assert.Equal(ChecklistWarningKind.CheckedSignOffWithBlanks, warning.Kind);
        Assert.Equal(2, warning.Line);
    }

    [Fact]
    public void Parse_SignOffWithoutHeadings_StillMakesADocument()
    {
        var text = "Compliance Officer: ____________  Date: ____\nCTO/Technical Director: ____________  Date: ____\n";

        var document = parser.Parse(text);

        Assert.Equal(["Compliance Officer", "CTO/Technical Director"], document.SignOffs.Select(s => s.Role));
        Assert.Empty(document.Sections);
        Assert.Empty(document.SignOffs[0].SectionPath);
    }

    [Fact]
    public void Parse_ContactListWithPlaceholders_IsNotASignOff()
    {
        var text = """
            ## Emergency Contacts
            - Operations Lead: [Name] - [Phone] - [Email]
            - Database Admin: [Name] - [Phone] - [Email]
            - Vendor Support: support@example.com
            """;

        var document = parser.Parse(text);

        Assert.Empty(document.SignOffs);
        Assert.Equal(3, document.SkippedLines.Count(s => s.Reason == SkipReason.ListItemWithoutCheckbox));
    }

    [Fact]
    public void Parse_FilledNameWithoutBlanksInSignOffSection_IsSignOff()
    {
        var text = "## Final Approval\n- [x] Chief Medical Officer: Dr. Lena Ortiz\n- [x] Rollback plan: rehearsed twice\n";

        var document = parser.Parse(text);

        var signOff = Assert.Single(document.SignOffs);
        Assert.Equal("Chief Medical Officer", signOff.Role);
        Assert.Equal("Dr. Lena Ortiz", signOff.SignedBy);
        Assert.Equal(SignOffStatus.Filled, signOff.Status);
        Assert.Equal("Rollback plan: rehearsed twice", Assert.Single(document.Items).Text);
    }

    [Fact]
    public void Parse_ItemWithColonOutsideSignOffSection_StaysAnItem()
    {
        var text = "## Deployment\n- [ ] **Code freeze**: no merges after 14:00\n- [ ] Release Manager: confirm the window with support\n";

        var document = parser.Parse(text);

        Assert.Empty(document.SignOffs);
        Assert.Equal(["Code freeze", "Release Manager: confirm the window with support"], document.Items.Select(i => i.Title));
    }

    [Fact]
    public void Parse_SentenceWithABlank_IsNotASignOff()
    {
        var text = "## Evidence\n- [ ] Backup test: run the restore script and write the ticket here ________\n";

        var document = parser.Parse(text);

        Assert.Empty(document.SignOffs);
        Assert.Single(document.Items);
    }

    [Fact]
    public void Parse_SignOffSectionPath_IsRecorded()
    {
        var text = SignOffChecklist;

        var document = parser.Parse(text);

        Assert.All(document.SignOffs, s => Assert.Equal(["Claims Service Release", "Sign-offs"], s.SectionPath));
    }

    [Fact]
    public void Parse_TableRowWithCheckboxCell_RecordsTickAndRole()
    {
        var text = """
            ## Approvals
            | Done | Role | Name | Date |
            |------|------|------|------|
            | [x] | Security Officer | Sam Lee | 2025-11-05 |
            | [ ] | Privacy Officer | ____ | ____ |
            """;

        var document = parser.Parse(text);

        Assert.Equal(["Security Officer", "Privacy Officer"], document.SignOffs.Select(s => s.Role));
        Assert.Equal([true, false], document.SignOffs.Select(s => s.IsChecked));
        Assert.Equal("Sam Lee", document.SignOffs[0].SignedBy);
        Assert.Equal("2025-11-05", document.SignOffs[0].DateText);
    }

    [Fact]
    public void Parse_ResponsibilityTableWithoutSignatureColumns_IsNotASignOff()
    {
        var text = """
            ## Responsibilities
            | Role | Responsibility |
            |------|----------------|
            | Security Officer | Reviews access logs weekly |
            | Privacy Officer | Handles patient requests |
            - [ ] Responsibilities reviewed
            """;

        var document = parser.Parse(text);

        Assert.Empty(document.SignOffs);
        Assert.Equal(4, document.SkippedLines.Count(s => s.Reason == SkipReason.TableRow));
    }

    [Fact]
    public void Parse_RoleFollowedBySignatureWord_UsesThePersonAsRole()
    {
        var text = "## Approval\nCompliance Officer Signature: ____________ Date: ______\n- [ ] Privacy Officer's Name: ____________\n";

        var document = parser.Parse(text);

        Assert.Equal(["Compliance Officer", "Privacy Officer"], document.SignOffs.Select(s => s.Role));
    }

    [Fact]
    public void Parse_FieldLabelsWithBlanks_AreFormFields()
    {
        var text = "# Release record\nStatus: __________\n- Environment: ________\nSignature: __________\n";

        var document = parser.Parse(text);

        Assert.Empty(document.SignOffs);
        Assert.Equal([2, 3, 4], document.SkippedLines.Where(s => s.Reason == SkipReason.FormField).Select(s => s.Line));
    }
}
