using System.Text;
using ComplianceKit.Checklists;

namespace ComplianceKit.Tests.Checklists;

public class MarkdownChecklistParserRobustnessTests
{
    private readonly MarkdownChecklistParser parser = new();

    [Fact]
    public void Parse_FencedCodeBlocks_ItemsInsideAreSkippedAsCode()
    {
        var text = """
            # Runbook
            - [ ] Take a snapshot
            ```bash
            - [ ] not a real item
            # not a heading
            Security Officer: ______
            ```
            ~~~~
            ```
            - [x] still inside the tilde fence
            ~~~~
            - [ ] Restore the snapshot
            """;

        var document = parser.Parse(text);

        Assert.Equal(["Take a snapshot", "Restore the snapshot"], document.Items.Select(i => i.Title));
        Assert.Single(document.Sections);
        Assert.Empty(document.SignOffs);
        Assert.Equal([3, 4, 5, 6, 7, 8, 9, 10, 11], document.SkippedLines.Where(s => s.Reason == SkipReason.CodeBlock).Select(s => s.Line));
    }

    [Fact]
    public void Parse_IndentedFenceInsideNumberedStep_IsSkippedAndListContinues()
    {
        var text = """
            ## Rollback
            1. [ ] Roll back the migrations:
               ```sql
               -- [ ] DELETE FROM schema_history WHERE version = 42;
               ```
               - confirm with the DBA
            2. [ ] Verify smoke tests
            """;

        var document = parser.Parse(text);

        Assert.Equal(2, document.Items.Count);
        Assert.Equal(["confirm with the DBA"], document.Items[0].Details);
        Assert.Equal(3, document.SkippedLines.Count(s => s.Reason == SkipReason.CodeBlock));
    }

    [Fact]
    public void Parse_UnclosedFence_SkipsTheRestAndWarns()
    {
        var text = "# Runbook\n- [ ] Before the fence\n```\n- [ ] swallowed\n## Swallowed heading\n";

        var document = parser.Parse(text);

        Assert.Single(document.Items);
        Assert.Single(document.Sections);
        var warning = Assert.Single(document.Warnings);
        Assert.Equal(ChecklistWarningKind.UnclosedCodeBlock, warning.Kind);
        Assert.Equal(3, warning.Line);
    }

    [Fact]
    public void Parse_HtmlComments_HideItemsAndAreStrippedFromText()
    {
        var text = """
            # Go-live
            <!-- single-line comment -->
            - [ ] Enable MFA for admins <!-- owner: IAM team -->
            <!--
            - [ ] Draft item nobody agreed on
            ## Draft section
            -->
            - [x] Review firewall rules
            """;

        var document = parser.Parse(text);

        Assert.Equal(["Enable MFA for admins", "Review firewall rules"], document.Items.Select(i => i.Text));
        Assert.Single(document.Sections);
        Assert.Equal([2, 4, 5, 6, 7], document.SkippedLines.Where(s => s.Reason == SkipReason.HtmlComment).Select(s => s.Line));
    }

    [Fact]
    public void Parse_UnclosedHtmlComment_SkipsTheRestAndWarns()
    {
        var text = "# Go-live\n- [ ] Visible\n<!-- TODO\n- [ ] Hidden\n";

        var document = parser.Parse(text);

        Assert.Single(document.Items);
        Assert.Equal(ChecklistWarningKind.UnclosedHtmlComment, Assert.Single(document.Warnings).Kind);
    }

    [Fact]
    public void Parse_Mojibake_KeepsTheTextAndWarns()
    {
        var text = """
            # Deployment Checklist âœ…
            ## ðŸ”’ Security
            - [x] Encryption verified âœ…
            - [ ] Vendor â€œsign-offâ€ received
            """;

        var document = parser.Parse(text);

        Assert.Equal("Deployment Checklist âœ…", document.Title);
        Assert.Equal("Encryption verified âœ…", document.Items[0].Text);
        Assert.Equal("Vendor â€œsign-offâ€ received", document.Items[1].Text);
        Assert.Equal(2, document.Items.Count);
        var warning = Assert.Single(document.Warnings);
        Assert.Equal(ChecklistWarningKind.SuspectedMojibake, warning.Kind);
        Assert.Equal(1, warning.Line);
    }

    [Fact]
    public void Parse_CorrectlyDecodedAccentsAndEmoji_DoNotWarnAboutMojibake()
    {
        var text = "# Liste de contrôle ✅\n- [ ] Vérifier l'accès à la base 🔐\n- [x] Ça marche, déjà validé\n";

        var document = parser.Parse(text);

        Assert.Empty(document.Warnings);
    }

    [Fact]
    public void Parse_LoneSurrogatesAndControlCharacters_DoNotCrash()
    {
        var text = "# Broken \uD800 heading\n- [ ] Item with a lone \uDC00 surrogate\n- [ ] Bell \a character\n";

        var document = parser.Parse(text);

        Assert.Equal(2, document.Items.Count);
        Assert.Equal("broken-heading", document.Sections[0].Id);
    }

    // Linear time is measured, not timed here: benchmarks/.../Checklists/ChecklistParseBenchmarks (N against 2N lines).
    [Fact]
    public void Parse_TwoHundredThousandLines_ReadsEveryLine()
    {
        var (text, blocks) = BuildLongChecklist(lineCount: 200_000);

        var document = parser.Parse(text);

        Assert.Equal(200_000, document.LineCount);
        Assert.Equal(blocks * 3, document.Items.Count);
        Assert.Equal(blocks * 2, document.Items.Count(i => i.IsChecked));
        Assert.Equal(blocks, document.Items.Count(i => i.ParentId is not null));
        Assert.Equal(blocks, document.SignOffs.Count);
        Assert.Equal(blocks, document.DeclaredClaims.Count);
        Assert.Equal(blocks * 3, document.SkippedLines.Count(s => s.Reason == SkipReason.CodeBlock));
        Assert.Equal(blocks, document.SkippedLines.Count(s => s.Reason == SkipReason.TableRow));
        Assert.Equal(blocks, document.SkippedLines.Count(s => s.Reason == SkipReason.PlainText));
    }

    [Fact]
    public void Parse_PathologicalLongLines_KeepOneSection()
    {
        var text = new StringBuilder()
            .AppendLine("# Stress")
            .AppendLine("- [ ] " + string.Concat(Enumerable.Repeat("Date: ___ ", 50_000)))
            .AppendLine("Compliance Officer: " + string.Concat(Enumerable.Repeat("_:", 100_000)))
            .AppendLine(string.Concat(Enumerable.Repeat("99% ", 100_000)))
            .AppendLine(string.Concat(Enumerable.Repeat("ready 1%", 50_000)))
            .AppendLine(string.Concat(Enumerable.Repeat("<!--", 100_000)))
            .AppendLine("-->")
            .AppendLine(string.Concat(Enumerable.Repeat("| ___ ", 100_000)))
            .AppendLine(new string('#', 200_000))
            .AppendLine("- " + new string('[', 200_000))
            .AppendLine(new string('*', 200_000))
            .ToString();

        var document = parser.Parse(text);

        Assert.Single(document.Sections);
    }

    [Fact]
    public void Parse_ThousandLevelsOfNesting_KeepsParentChain()
    {
        var builder = new StringBuilder("# Deep\n");
        for (var level = 0; level < 1_000; level++)
        {
            builder.Append(' ', level * 2).Append("- [ ] level ").Append(level).Append('\n');
        }

        var document = parser.Parse(builder.ToString());

        Assert.Equal(1_000, document.Items.Count);
        Assert.Equal(999, document.Items[^1].Depth);
        Assert.Equal(document.Items[^2].Id, document.Items[^1].ParentId);
    }

    [Fact]
    public void Parse_EmptyText_Throws()
    {
        var text = string.Empty;

        var exception = Assert.Throws<ChecklistFormatException>(() => parser.Parse(text, "empty.md"));

        Assert.Contains("'empty.md' is empty", exception.Message, StringComparison.Ordinal);
        Assert.Equal("empty.md", exception.SourceName);
    }

    [Fact]
    public void Parse_WhitespaceOnly_Throws()
    {
        var text = " \r\n\t\n\n";

        var exception = Assert.Throws<ChecklistFormatException>(() => parser.Parse(text));

        Assert.Contains("is empty", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_NulCharacters_ThrowsAsBinary()
    {
        var text = "# Looks like markdown\0\0\0- [ ] but has NULs";

        var exception = Assert.Throws<ChecklistFormatException>(() => parser.Parse(text, "report.pdf"));

        Assert.Contains("NUL", exception.Message, StringComparison.Ordinal);
        Assert.Contains("report.pdf", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_RandomBinaryStream_Throws()
    {
        var bytes = new byte[4096];
        new Random(20251009).NextBytes(bytes);
        using var stream = new MemoryStream(bytes);

        var exception = Assert.Throws<ChecklistFormatException>(() => parser.Parse(stream, "image.png"));

        Assert.Contains("binary", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_ProseWithoutHeadingsItemsOrSignOffs_Throws()
    {
        var text = "Dear team,\n\nPlease remember the deployment on Friday.\n- bring coffee\n| a | b |\n";

        var exception = Assert.Throws<ChecklistFormatException>(() => parser.Parse(text, "email.txt"));

        Assert.Contains("no headings, no checkbox items", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_CheckboxesOnlyInsideCode_Throws()
    {
        var text = "```markdown\n- [ ] example item\n```\n";

        Assert.Throws<ChecklistFormatException>(() => parser.Parse(text));
    }

    [Fact]
    public void Parse_NullArguments_ThrowArgumentNull()
    {
        var nullText = (string)null!;

        var exception = Assert.Throws<ArgumentNullException>(() => parser.Parse(nullText));

        Assert.Equal("text", exception.ParamName);
    }

    private static (string Text, int Blocks) BuildLongChecklist(int lineCount)
    {
        const int LinesPerBlock = 20;
        var builder = new StringBuilder(lineCount * 24);
        var blocks = lineCount / LinesPerBlock;
        for (var b = 0; b < blocks; b++)
        {
            builder.Append("## Area ").Append(b).Append('\n')
                .Append("- [ ] **Control ").Append(b).Append(".1**: encryption reviewed\n")
                .Append("  - evidence in the vault\n")
                .Append("  - [x] key rotation logged\n")
                .Append("- [x] Control ").Append(b).Append(".2 done\n")
                .Append("```\n- [ ] not an item\n```\n")
                .Append("| metric | value |\n")
                .Append("<!-- reviewer note -->\n")
                .Append('\n')
                .Append("Area notes, readiness 50% complete.\n")
                .Append('\n')
                .Append("Security Officer: __________ Date: ______\n")
                .Append("\n\n\n\n\n\n");
        }

        return (builder.ToString(), blocks);
    }
}
