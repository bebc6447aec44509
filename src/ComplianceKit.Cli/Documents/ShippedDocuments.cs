using System.Reflection;
using ComplianceKit.Cli.Hosting;

namespace ComplianceKit.Cli.Documents;

/// <summary>The documents embedded in the tool (README.md and docs/*.md of its release), by name: <c>format</c>, <c>auditor-guide</c>, ...</summary>
internal static class ShippedDocuments
{
    private const string Prefix = "ComplianceKit.Cli.Documents.";

    /// <summary>Every shipped document's name, in order.</summary>
    public static IReadOnlyList<string> Names { get; } = typeof(ShippedDocuments).Assembly.GetManifestResourceNames()
        .Where(n => n.StartsWith(Prefix, StringComparison.Ordinal) && n.EndsWith(".md", StringComparison.Ordinal))
        .Select(n => n[Prefix.Length..^".md".Length].ToLowerInvariant())
        .Order(StringComparer.Ordinal)
        .ToList();

    /// <summary>The text of the document <paramref name="name"/> (case-insensitive; <c>FORMAT.md</c> also works).</summary>
    /// <exception cref="UsageException">No document has that name.</exception>
    public static string Read(string name)
    {
        var key = Path.GetFileNameWithoutExtension(name).ToLowerInvariant();
        var resource = typeof(ShippedDocuments).Assembly.GetManifestResourceNames()
            .SingleOrDefault(n => n.StartsWith(Prefix, StringComparison.Ordinal) && n[Prefix.Length..^".md".Length].Equals(key, StringComparison.OrdinalIgnoreCase))
            ?? throw new UsageException($"no document '{name}'; the tool ships: {string.Join(", ", Names)}.");
        using var stream = typeof(ShippedDocuments).Assembly.GetManifestResourceStream(resource)!;
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    /// <summary>The document's first heading, without the <c>#</c>.</summary>
    public static string Title(string name) =>
        Read(name).Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.StartsWith("# ", StringComparison.Ordinal))?[2..] ?? name;
}
