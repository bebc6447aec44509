using ComplianceKit.Cli.Tests.Infrastructure;

namespace ComplianceKit.Cli.Tests.Hosting;

/// <summary>The tool calls itself <c>compliancekit</c> and prints the documents its messages point to.</summary>
public sealed class ToolNameAndDocsTests : IDisposable
{
    private readonly WorkFolder _work = new();

    [Fact]
    public async Task Help_Root_UsageLineSaysCompliancekit()
    {
        var help = await CliRun.RunAsync("--help");

        Assert.Equal(0, help.Exit);
        Assert.Contains("Usage:\n  compliancekit [command] [options]", help.Output.ReplaceLineEndings("\n"), StringComparison.Ordinal);
        Assert.DoesNotContain("ComplianceKit.Cli", help.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("testhost", help.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Help_Subcommand_UsageLineSaysCompliancekitVerify()
    {
        var help = await CliRun.RunAsync("verify", "--help");

        Assert.Equal(0, help.Exit);
        Assert.Contains("compliancekit verify [<bundle>] [options]", help.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Docs_Format_PrintsTheShippedFormatDocument()
    {
        var docs = await CliRun.RunAsync("docs", "format");

        Assert.Equal(0, docs.Exit);
        Assert.StartsWith("# ", docs.Output, StringComparison.Ordinal);
        Assert.Contains("## 7. Approval statements and their signatures", docs.Output, StringComparison.Ordinal);
        Assert.Contains("## 12. Evidence bundles", docs.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Docs_NoName_ListsTheAuditorGuideAndTheFormat()
    {
        var docs = await CliRun.RunAsync("docs", "--json");

        Assert.Equal(0, docs.Exit);
        var names = docs.Json().EnumerateArray().Select(d => d.GetProperty("name").GetString()).ToList();
        Assert.Contains("format", names);
        Assert.Contains("auditor-guide", names);
        Assert.Contains("readme", names);
    }

    [Fact]
    public async Task Docs_UnknownName_ExitsTwoWithOneLineError()
    {
        var docs = await CliRun.RunAsync("docs", "nonsense");

        Assert.Equal(2, docs.Exit);
        Assert.Equal("", docs.Output);
        Assert.StartsWith("error: no document 'nonsense'; the tool ships: ", docs.Error, StringComparison.Ordinal);
        Assert.Single(docs.Error.TrimEnd().Split('\n'));
    }

    [Fact]
    public async Task Demo_Messages_NameCompliancekitCommandsNeverRepositoryPaths()
    {
        var demo = await CliRun.RunAsync("demo", "--db", _work.File("demo.db"));

        Assert.Equal(0, demo.Exit);
        Assert.Contains($"compliancekit verify --db {_work.File("demo.db")}", demo.Output, StringComparison.Ordinal);
        Assert.Contains("compliancekit docs format", demo.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("dotnet run", demo.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("src/", demo.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("docs/", demo.Output, StringComparison.Ordinal);
    }

    public void Dispose() => _work.Dispose();
}
