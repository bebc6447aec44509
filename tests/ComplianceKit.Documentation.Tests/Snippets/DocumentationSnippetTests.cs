using Xunit.Abstractions;

namespace ComplianceKit.Documentation.Tests.Snippets;

/// <summary>Every <c>```csharp</c> block of README.md and docs/*.md compiles against the packages, as written.</summary>
public sealed class DocumentationSnippetTests(ITestOutputHelper output)
{
    public static TheoryData<string> Blocks() => [.. MarkdownCodeBlocks.All().Where(b => b.SkipReason is null).Select(b => b.Location)];

    [Theory]
    [MemberData(nameof(Blocks))]
    public void Snippet_AsWritten_Compiles(string location)
    {
        var block = MarkdownCodeBlocks.All().Single(b => b.Location == location);

        var errors = SnippetCompiler.Errors(block);

        Assert.True(errors.Count == 0, $"{location} does not compile:\n{string.Join('\n', errors)}");
    }

    [Fact]
    public void Snippets_SkippedOrGiven_AreListedWithWhatTheyAssume()
    {
        var blocks = MarkdownCodeBlocks.All();

        foreach (var block in blocks.Where(b => b.SkipReason is not null))
        {
            output.WriteLine($"skipped {block}: {block.SkipReason}");
        }

        foreach (var block in blocks.Where(b => b.Given.Count > 0))
        {
            output.WriteLine($"fragment {block}: given {string.Join("; ", block.Given)}");
        }

        Assert.All(blocks.Where(b => b.SkipReason is not null), b => Assert.False(string.IsNullOrWhiteSpace(b.SkipReason)));
        Assert.Contains(blocks, b => b.Document == "README.md");
        Assert.Contains(blocks, b => b.Document == "docs/ACCESS-AUDIT.md");
    }

    [Fact]
    public void Errors_BlockMissingAUsing_NamesTheDocumentLine()
    {
        var block = new CodeBlock("docs/EXAMPLE.md", 40, "var clock = NodaTime.SystemClock.Instance;\nvar ledger = (IComplianceLedger?)null;", [], null);

        var errors = SnippetCompiler.Errors(block);

        Assert.Contains(errors, e => e.StartsWith("docs/EXAMPLE.md:41: CS0246", StringComparison.Ordinal));
    }

    [Fact]
    public void Errors_GivenDeclarationsAndHostContext_Compile()
    {
        var code = "using ComplianceKit.Ledger;\nusing Microsoft.EntityFrameworkCore;\n\nawait ledger.AppendAsync(EntryDraft.FromObject(\"t\", \"s\", \"a\", new { v = 1 }), ct);\nvar options = new DbContextOptionsBuilder<AppDbContext>().Options;";
        var block = new CodeBlock("docs/EXAMPLE.md", 10, code, ["IComplianceLedger ledger", "CancellationToken ct", "AppDbContext"], null);

        var errors = SnippetCompiler.Errors(block);

        Assert.Empty(errors);
    }

    [Fact]
    public void Read_SkipWithoutReason_IsRefused()
    {
        var ex = Record.Exception(() => MarkdownCodeBlocks.Parse("docs/EXAMPLE.md", ["<!-- snippet: skip -->", "```csharp", "x", "```"]));

        Assert.IsType<FormatException>(ex);
        Assert.Contains("must say why", ex.Message, StringComparison.Ordinal);
    }
}
