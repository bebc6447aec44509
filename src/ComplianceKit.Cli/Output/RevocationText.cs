using ComplianceKit.Bundles;
using ComplianceKit.Revocation;

namespace ComplianceKit.Cli.Output;

/// <summary>The revocation lines of a bundle report (docs/FORMAT.md 12.15), shared by the text and HTML reports so both say the same.</summary>
internal static class RevocationText
{
    /// <summary>What a report says when the bundle carries no revocation data.</summary>
    public const string NotChecked = "revocation not checked: the bundle carries no revocation data (FORMAT.md 12.15)";

    /// <summary>One line per signature judged, or <see cref="NotChecked"/>.</summary>
    public static IReadOnlyList<string> Lines(BundleVerificationReport report) =>
        report.Revocation is not { } verdicts ? [NotChecked]
        : verdicts.Count == 0 ? ["revocation data carried, but no signature could be judged"]
        : verdicts.Select(v => $"{v.SignatureFile}{(v.Sequence is { } sequence ? $" entry {sequence} (signed evidence)" : "")}: {Words(v.Status)}: {v.Message}").ToList();

    private static string Words(RevocationStatus status) => status switch
    {
        RevocationStatus.Good => "good",
        RevocationStatus.RevokedAfterTrustedTime => "revoked later (stands)",
        RevocationStatus.NotChecked => "not checked",
        RevocationStatus.DataInvalid => "REVOCATION DATA INVALID",
        _ => "REVOKED",
    };
}
