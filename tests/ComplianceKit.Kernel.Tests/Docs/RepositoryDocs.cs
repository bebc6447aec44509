namespace ComplianceKit.Tests.Docs;

/// <summary>Finds the repository's documents from a test run, so tests check what the documents say, not a copy.</summary>
internal static class RepositoryDocs
{
    public static string Root { get; } = FindRoot();

    public static string Read(string relativePath) => File.ReadAllText(Path.Combine(Root, relativePath));

    /// <summary>The first fenced code block after the heading that starts with <paramref name="heading"/>.</summary>
    public static string CodeBlockAfter(string relativePath, string heading)
    {
        var text = Read(relativePath);
        var at = text.IndexOf("\n" + heading, StringComparison.Ordinal);
        Assert.True(at >= 0, $"{relativePath} has no heading '{heading}'.");
        var open = text.IndexOf("```", at, StringComparison.Ordinal);
        var start = text.IndexOf('\n', open) + 1;
        var end = text.IndexOf("\n```", start, StringComparison.Ordinal);
        return text[start..end] + "\n";
    }

    private static string FindRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "ComplianceKit.sln")))
            {
                return folder.FullName;
            }
        }

        throw new InvalidOperationException("The repository root (ComplianceKit.sln) is not above the test folder.");
    }
}
