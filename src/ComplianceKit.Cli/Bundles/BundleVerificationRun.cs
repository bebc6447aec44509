using ComplianceKit.Bundles;
using ComplianceKit.Cli.Files;
using ComplianceKit.Cli.Hosting;
using ComplianceKit.Ledger;

namespace ComplianceKit.Cli.Bundles;

/// <summary>Verifies a bundle file for <c>verify</c> and <c>report</c>, with progress on stderr.</summary>
internal static class BundleVerificationRun
{
    /// <param name="path">The bundle.</param>
    /// <param name="trust">The auditor's trust anchor PEM files.</param>
    /// <param name="previousCheckpoint">The auditor's earlier checkpoint, if any.</param>
    /// <param name="error">Progress goes here.</param>
    /// <param name="onEntry">Told about every entry.</param>
    /// <param name="cancellationToken">Cancels.</param>
    /// <param name="adminRoot">The auditor's pinned administration root (PEM file), if any.</param>
    /// <param name="adminRootSha256">Or the fingerprint the auditor expects the bundle's administration root to have.</param>
    /// <param name="tsaTrust">The auditor's time-stamping authority root PEM files (FORMAT.md 12.13), if any.</param>
    /// <param name="anchors">The auditor's published checkpoints, pinned witnesses and quorum (docs/FORMAT.md 12.14), if any.</param>
    /// <param name="checkpointKey">The organisation checkpoint certificate the auditor pinned (PEM file, one certificate; docs/FORMAT.md 12.16), if any.</param>
    public static async Task<BundleVerificationReport> VerifyAsync(string path, IReadOnlyList<string> trust, string? previousCheckpoint,
        TextWriter error, Action<LedgerEntry>? onEntry, CancellationToken cancellationToken, string? adminRoot = null, string? adminRootSha256 = null,
        IReadOnlyList<string>? tsaTrust = null,
        (IReadOnlyList<Anchoring.StoredCheckpoint>? Published, List<System.Security.Cryptography.X509Certificates.X509Certificate2> Witnesses, int? Required)? anchors = null,
        string? checkpointKey = null)
    {
        var roots = adminRoot is null ? null : BundleInputs.TrustPolicy([adminRoot]).TrustAnchors.Cast<System.Security.Cryptography.X509Certificates.X509Certificate2>().ToList();
        if (adminRootSha256 is not null && (adminRootSha256.Length != 64 || !adminRootSha256.All(Uri.IsHexDigit)))
        {
            throw new UsageException($"--admin-root-sha256 must be 64 hexadecimal digits (the SHA-256 of the root certificate's DER); got '{adminRootSha256}'.");
        }

        var policy = trust.Count > 0 ? BundleInputs.TrustPolicy(trust) : null;
        var previous = previousCheckpoint is null ? null : BundleInputs.ReadCheckpoint(previousCheckpoint);
        await using var file = BundleInputs.OpenBundle(path);
        var options = new BundleVerificationOptions
        {
            PreviousCheckpoint = previous, Progress = new ProgressPrinter(error), OnEntry = onEntry is null ? null : YoungGenerationCap.Around(onEntry), AdministrationRoots = roots, AdministrationRootSha256 = adminRootSha256,
            TimestampAuthorityTrustAnchors = tsaTrust is { Count: > 0 } ? [.. BundleInputs.TrustPolicy(tsaTrust).TrustAnchors] : null,
            PublishedCheckpoints = anchors?.Published, Witnesses = anchors?.Witnesses ?? [], WitnessesRequired = anchors?.Required,
            CheckpointKeySha256 = checkpointKey is null ? null : PinnedKey(checkpointKey),
        };
        return await new EvidenceBundleVerifier(policy).VerifyAsync(file, options, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The SHA-256 of the one certificate in <paramref name="pem"/>: the checkpoint key the auditor pinned.</summary>
    private static string PinnedKey(string pem)
    {
        using var certificate = CertificateFile.ReadOne(pem, "--checkpoint-key");
        return ComplianceKit.Approvals.CertificateFingerprint.Of(certificate);
    }

    /// <summary>0 verified, 1 invalid (evidence of tampering), 2 unreadable.</summary>
    public static int ExitCode(BundleVerificationReport report) => report.Verdict switch
    {
        BundleVerdict.Verified => ExitCodes.Success,
        BundleVerdict.Invalid => ExitCodes.CheckFailed,
        _ => ExitCodes.UsageOrUnreadable,
    };
}
