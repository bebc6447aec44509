namespace ComplianceKit.Cli.Reports;

/// <summary>A part of the HTML report for a family of entry types, for example every <c>baa.*</c> entry.</summary>
/// <param name="Id">The HTML id of the section.</param>
/// <param name="Title">The heading a person reads.</param>
/// <param name="Explanation">One sentence on what the section shows.</param>
/// <param name="Prefixes">The entry-type prefixes that belong here, for example <c>baa.</c>.</param>
internal sealed record ReportSection(string Id, string Title, string Explanation, IReadOnlyList<string> Prefixes)
{
    /// <summary>
    /// The sections, in the order they are shown. Controls, evidence, agreements and training are not here: the readiness
    /// renderer shows them as tables. Types no prefix claims appear only in the counts.
    /// </summary>
    public static IReadOnlyList<ReportSection> All { get; } =
    [
        new("policies", "Policies and acknowledgements", "The latest recorded fact for each policy.", ["policy."]),
        new("retention", "Retention and legal holds", "Retention policies, purges and legal holds.", ["retention.", "hold."]),
        new("roles", "Roles and trust anchors", "Who may sign in which role, and the certificates the organisation trusts.", ["role.", "trust."]),
    ];

    /// <summary>The section an entry type belongs to, or <see langword="null"/>.</summary>
    public static ReportSection? For(string entryType) =>
        All.FirstOrDefault(s => s.Prefixes.Any(p => entryType.StartsWith(p, StringComparison.Ordinal)));
}
