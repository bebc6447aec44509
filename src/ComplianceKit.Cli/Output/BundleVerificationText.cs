using System.Globalization;
using ComplianceKit.Bundles;
using ComplianceKit.Hashing;

namespace ComplianceKit.Cli.Output;

/// <summary>The text a compliance officer reads after <c>verify &lt;bundle.zip&gt;</c>.</summary>
internal static class BundleVerificationText
{
    private const int MaxListedFailures = 50;

    public static void Write(TextWriter output, string bundle, BundleVerificationReport report)
    {
        var manifest = report.Manifest;
        output.WriteLine($"Evidence bundle {bundle}");
        if (manifest is not null)
        {
            output.WriteLine($"  organisation  {manifest.Organization}");
            output.WriteLine(manifest.Scope.IsFull
                ? $"  chain         {manifest.ChainId}: full export, verified from the first entry to the signed root"
                : $"  chain         {manifest.ChainId}: selective export ({manifest.Scope}), every entry proven included in the signed root");
            output.WriteLine($"  created       {BundleInstant.Format(manifest.CreatedAt)}");
            output.WriteLine($"  format        {BundleFormat.FormatIdOf(manifest.Version)}");
        }

        if (report.Checkpoint is { } checkpoint)
        {
            output.WriteLine($"  checkpoint    size {checkpoint.TreeSize}, root {Hex.Format(checkpoint.Root)}");
            output.WriteLine($"                origin {checkpoint.Origin}");
        }

        if (report.CheckpointSignature is { } signature)
        {
            var signer = signature.SignerCertificate?.Subject ?? "(unknown signer)";
            output.WriteLine($"  signed by     {signer}: {SignatureWords(signature.Status, report.TrustChecked)}");
            if (signature.TrustedTime is { } trusted)
            {
                output.WriteLine($"  judged at     {BundleInstant.Format(trusted)} ({TimeWords(signature.TimeBasis)}): {signature.TimeBasisReason}");
            }
        }

        if (report.Manifest is not null)
        {
            var roots = report.AdministrationRootSha256s.Count == 0 ? "none (administrative entries replayed as recorded, the weaker mode)" : string.Join(", ", report.AdministrationRootSha256s);
            output.WriteLine($"  admin root    {roots}: {(report.AdministrationRootPinned ? "pinned by you" : "NOT PINNED (as the bundle declares it)")}");
        }

        if (report.PreviousCheckpoint is { } previous)
        {
            var whose = previous.FromOfficer ? "your checkpoint" : "the earlier checkpoint the bundle names";
            var outcome = previous.Consistent switch
            {
                true => "this bundle extends it (consistency proven)",
                false => "NOT CONSISTENT",
                null => "could not be decided",
            };
            output.WriteLine($"  previous      {whose} at size {previous.TreeSize}: {outcome}");
        }

        foreach (var (line, i) in report.Anchoring is { } anchoring ? AnchorText.Lines(anchoring).Select((l, i) => (l, i)) : [])
        {
            output.WriteLine($"  {(i == 0 ? "anchors" : ""),-13} {line}");
        }

        foreach (var (line, i) in report.CheckpointKeys is { } keys ? BundleCheckpointKeysText.Lines(keys).Select((l, i) => (l, i)) : [])
        {
            output.WriteLine($"  {(i == 0 ? "key chain" : ""),-13} {line}");
        }

        if (report.Manifest is not null)
        {
            foreach (var (line, i) in RevocationText.Lines(report).Select((l, i) => (l, i)))
            {
                output.WriteLine($"  {(i == 0 ? "revocation" : ""),-13} {line}");
            }
        }

        output.WriteLine();
        output.WriteLine($"Entries: {report.EntriesRead:N0}");
        foreach (var (type, count) in report.EntryCountsByType)
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {type,-28} {count,10:N0}"));
        }

        if (report.PurgedEntries > 0)
        {
            output.WriteLine($"  {report.PurgedEntries:N0} payload(s) purged under retention policies recorded in the bundle");
        }

        output.WriteLine();
        output.WriteLine($"Approvals: {report.Approvals.Count}");
        foreach (var approval in report.Approvals)
        {
            var conditions = approval.Conditions is null ? "" : $" (conditions: {approval.Conditions})";
            output.WriteLine($"  entry {approval.Sequence}: {approval.Subject}: {approval.Decision}{conditions}");
            output.WriteLine($"    {approval.SignerName}, {approval.Role}; meaning: {approval.Meaning}; signed {BundleInstant.Format(approval.SignedAt)}");
            output.WriteLine($"    certificate {approval.CertificateSubject ?? approval.CertificateSha256}");
            var authorized = approval.Authorized switch
            {
                true => "role held at signing",
                false => "ROLE NOT HELD at signing",
                null => "role grants not in this bundle",
            };
            var binding = approval.BindingProblem is null ? "bound to this ledger" : $"NOT BOUND: {approval.BindingProblem}";
            output.WriteLine($"    signature {SignatureWords(approval.SignatureStatus, report.TrustChecked)}; {binding}; {authorized}");
            if (approval.TrustedTime is { } trusted)
            {
                output.WriteLine($"    judged at {BundleInstant.Format(trusted)} ({TimeWords(approval.TimeBasis)}): {approval.TimeBasisReason}");
            }
        }

        var failures = report.Findings.Where(f => f.IsFailure).ToList();
        var notes = report.Findings.Where(f => !f.IsFailure && f.Kind != BundleFindingKind.PayloadPurged).ToList();
        if (notes.Count > 0)
        {
            output.WriteLine();
            output.WriteLine("Notes:");
            foreach (var note in notes.Take(MaxListedFailures))
            {
                output.WriteLine($"  {note}");
            }
        }

        output.WriteLine();
        output.WriteLine(failures.Count == 0 ? "Failures: none" : $"Failures: {report.TotalFailures:N0}");
        foreach (var failure in failures.Take(MaxListedFailures))
        {
            output.WriteLine($"  {failure}");
        }

        if (report.TotalFailures > Math.Min(failures.Count, MaxListedFailures))
        {
            output.WriteLine($"  ... and {report.TotalFailures - Math.Min(failures.Count, MaxListedFailures):N0} more (--json lists up to {EvidenceBundleVerifier.MaxRecordedFindings:N0})");
        }

        output.WriteLine();
        output.WriteLine(Verdict(report));
    }

    public static string Verdict(BundleVerificationReport report) => $"Result: {VerdictWord(report)}. {Explanation(report)}";

    /// <summary>The verdict in one or a few words: VERIFIED, INTACT, SIGNERS NOT CHECKED, UNREADABLE or INVALID.</summary>
    public static string VerdictWord(BundleVerificationReport report) => report.Verdict switch
    {
        BundleVerdict.Verified when report.TrustChecked => "VERIFIED",
        BundleVerdict.Verified => "INTACT, SIGNERS NOT CHECKED",
        BundleVerdict.Unreadable => "UNREADABLE",
        _ when OnlyTrustProblems(report) => "SIGNER NOT TRUSTED",
        _ => "INVALID",
    };

    /// <summary>What the verdict means, in a sentence.</summary>
    public static string Explanation(BundleVerificationReport report) => report.Verdict switch
    {
        BundleVerdict.Verified when report.TrustChecked =>
            $"The bundle is exactly what {report.Manifest?.Organization} signed, and every entry, link, proof and signature checks out.",
        BundleVerdict.Verified => "Every hash, link and proof checks out, but without --trust no signer is established.",
        BundleVerdict.Unreadable => "The file could not be read as a zip archive; nothing was checked.",
        _ when OnlyTrustProblems(report) =>
            "Every signature is intact over what it signs and nothing was found altered, but a signer is not a trusted, suitable signer for your trust anchors, or an administrative entry is not signed under the administration root (see the failures): a trust problem, not evidence of tampering.",
        _ => "Evidence of tampering, or a file that is damaged, unsafe or not in the documented format, was found (see the failures).",
    };

    /// <summary>Whether every failure is a trust finding, so the verdict must not read as tampering.</summary>
    private static bool OnlyTrustProblems(BundleVerificationReport report)
    {
        var failures = report.Findings.Where(f => f.IsFailure).ToList();
        return failures.Count > 0 && report.TotalFailures == failures.Count && failures.All(f => f.IsTrustProblem);
    }

    private static string SignatureWords(Signing.SignatureVerificationStatus status, bool trustChecked) => status switch
    {
        Signing.SignatureVerificationStatus.Valid => "VALID",
        Signing.SignatureVerificationStatus.UntrustedChain when !trustChecked => "intact (signer not checked: no --trust)",
        < Signing.SignatureVerificationStatus.MissingSigningTime => $"intact, SIGNER NOT TRUSTED ({status})",
        _ => $"INVALID ({status})",
    };

    private static string TimeWords(Signing.SigningTimeBasis basis) =>
        basis == Signing.SigningTimeBasis.Timestamp ? "RFC 3161 timestamp" : "claimed signing time";
}
