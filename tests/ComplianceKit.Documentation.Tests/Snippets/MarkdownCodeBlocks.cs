using System.Reflection;
using System.Text.RegularExpressions;

namespace ComplianceKit.Documentation.Tests.Snippets;

/// <summary>Finds the documents (README.md and docs/*.md) and reads their C# blocks with their markers.</summary>
public static partial class MarkdownCodeBlocks
{
    /// <summary>The repository this test project was built from.</summary>
    public static string RepositoryRoot { get; } = typeof(MarkdownCodeBlocks).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
        .Single(a => a.Key == "RepositoryRoot").Value!;

    /// <summary>README.md and every docs/*.md, as repository-relative paths with forward slashes.</summary>
    public static IReadOnlyList<string> Documents() =>
        ["README.md", .. Directory.GetFiles(Path.Combine(RepositoryRoot, "docs"), "*.md").Select(p => "docs/" + Path.GetFileName(p)).Order(StringComparer.Ordinal)];

    /// <summary>Every C# block of every document.</summary>
    public static IReadOnlyList<CodeBlock> All() => Documents().SelectMany(Read).ToList();

    /// <summary>The C# blocks of one document, in order.</summary>
    /// <exception cref="FormatException">A marker is malformed, a skip has no reason, or a block is not closed.</exception>
    public static IReadOnlyList<CodeBlock> Read(string document) => Parse(document, File.ReadAllLines(Path.Combine(RepositoryRoot, document)));

    /// <summary>The C# blocks of a document's <paramref name="lines"/>, in order.</summary>
    /// <exception cref="FormatException">A marker is malformed, a skip has no reason, or a block is not closed.</exception>
    public static IReadOnlyList<CodeBlock> Parse(string document, string[] lines)
    {
        ArgumentNullException.ThrowIfNull(lines);
        var blocks = new List<CodeBlock>();
        for (var i = 0; i < lines.Length; i++)
        {
            if (lines[i].Trim() != "```csharp")
            {
                continue;
            }

            var end = Array.FindIndex(lines, i + 1, l => l.Trim() == "```");
            if (end < 0)
            {
                throw new FormatException($"{document}:{i + 1}: the csharp block is not closed.");
            }

            var (given, skip) = i > 0 ? ParseMarker(document, i, lines[i - 1]) : ([], null);
            blocks.Add(new CodeBlock(document, i + 2, string.Join('\n', lines[(i + 1)..end]), given, skip));
            i = end;
        }

        return blocks;
    }

    private static (IReadOnlyList<string> Given, string? Skip) ParseMarker(string document, int line, string text)
    {
        var marker = Marker().Match(text);
        if (!marker.Success)
        {
            return ([], null);
        }

        var body = marker.Groups["body"].Value.Trim();
        if (body.StartsWith("skip", StringComparison.Ordinal))
        {
            var reason = body["skip".Length..].TrimStart(':', ' ');
            return reason.Length == 0 ? throw new FormatException($"{document}:{line}: a skipped snippet must say why (<!-- snippet: skip: reason -->).") : ([], reason);
        }

        if (body == SnippetCompiler.WebApp)
        {
            return ([SnippetCompiler.WebApp], null);
        }

        if (body.StartsWith("given ", StringComparison.Ordinal))
        {
            return (body["given ".Length..].Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries), null);
        }

        throw new FormatException($"{document}:{line}: unknown snippet marker '{body}' (use 'given T name; ...', 'web' or 'skip: reason').");
    }

    [GeneratedRegex(@"^\s*<!--\s*snippet:(?<body>.*?)-->\s*$")]
    private static partial Regex Marker();
}
