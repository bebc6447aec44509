using ComplianceKit.Documentation.Tests.Snippets;

namespace ComplianceKit.Documentation.Tests.Hosting;

/// <summary>docs/TESTING.md's approval-flow example, compiled and run as written, prints True (signed, verified, refused, one entry).</summary>
[Collection(ProcessStateCollection.Name)]
public sealed class TestingGuideTests
{
    [Fact]
    public void ApprovalFlowExample_RunAsWritten_PrintsTrue()
    {
        var block = MarkdownCodeBlocks.Read("docs/TESTING.md")[0];
        var program = SnippetCompiler.Load(block);
        var console = Console.Out;
        using var printed = new StringWriter();

        try
        {
            Console.SetOut(printed);
            var entryPoint = program.EntryPoint!;
            entryPoint.Invoke(null, entryPoint.GetParameters().Length == 0 ? null : [Array.Empty<string>()]);
        }
        finally
        {
            Console.SetOut(console);
        }

        Assert.Equal("True", printed.ToString().Trim());
        Assert.Empty(block.Given);
    }
}
