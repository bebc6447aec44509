namespace ComplianceKit.Documentation.Tests.Snippets;

/// <summary>
/// One <c>```csharp</c> block of a document, with its marker: the HTML comment on the line before the fence,
/// <c>&lt;!-- snippet: given T name; U other --&gt;</c> (a fragment: it compiles with those declared) or
/// <c>&lt;!-- snippet: skip: reason --&gt;</c> (not compiled; the reason is required and the test lists it).
/// </summary>
public sealed record CodeBlock(string Document, int FirstLine, string Code, IReadOnlyList<string> Given, string? SkipReason)
{
    /// <summary>Where the block is, as <c>docs/X.md:12</c> (the first code line).</summary>
    public string Location => $"{Document}:{FirstLine}";

    /// <inheritdoc />
    public override string ToString() => Location;
}
