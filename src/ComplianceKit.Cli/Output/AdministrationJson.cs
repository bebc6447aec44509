using ComplianceKit.Administration;

namespace ComplianceKit.Cli.Output;

/// <summary>
/// The <c>administration</c> member of <c>verify --db --json</c>: how administrative entries were judged (<c>mode</c>:
/// <c>signed</c>, <c>unsigned</c> for the explicit weaker mode, <c>unchecked</c> without a pinned root) and the entries decisions ignore.
/// </summary>
internal sealed record AdministrationJson(string Mode, string Source, IReadOnlyList<AdministrationJson.Finding> Findings)
{
    public static AdministrationJson From(string mode, string source, IEnumerable<(string ChainId, AdministrativeFinding Finding)> findings) =>
        new(mode, source, findings.Select(f => new Finding(f.ChainId, f.Finding.Sequence, f.Finding.EntryType, f.Finding.Kind, f.Finding.Message)).ToList());

    internal sealed record Finding(string ChainId, long Sequence, string EntryType, AdministrativeFindingKind Kind, string Message);
}
