using ComplianceKit.Bundles;
using ComplianceKit.Ledger;

namespace ComplianceKit.Cli.Bundles;

/// <summary>Verifies a bundle file for <c>verify</c> and <c>report</c>, with progress on stderr.</summary>
internal static class BundleVerificationRun
{
    public static async Task<BundleVerificationReport> VerifyAsync(string path, IReadOnlyList<string> trust, string? previousCheckpoint,
        TextWriter error, Action<LedgerEntry>? onEntry, CancellationToken cancellationToken)
    {
        var policy = trust.Count > 0 ? BundleInputs.TrustPolicy(trust) : null;
        var previous = previousCheckpoint is null ? null : BundleInputs.ReadCheckpoint(previousCheckpoint);
        await using var file = BundleInputs.OpenBundle(path);
        var options = new BundleVerificationOptions { PreviousCheckpoint = previous, Progress = new ProgressPrinter(error), OnEntry = onEntry };
        return await new EvidenceBundleVerifier(policy).VerifyAsync(file, options, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>0 verified, 1 invalid (evidence of tampering), 2 unreadable.</summary>
    public static int ExitCode(BundleVerificationReport report) => report.Verdict switch
    {
        BundleVerdict.Verified => ExitCodes.Success,
        BundleVerdict.Invalid => ExitCodes.CheckFailed,
        _ => ExitCodes.UsageOrUnreadable,
    };
}
