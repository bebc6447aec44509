using System.Security.Cryptography;
using ComplianceKit.Approvals;
using ComplianceKit.Signing;
using ComplianceKit.Telemetry;

namespace ComplianceKit.Bundles;

/// <summary>
/// Verifies an evidence bundle offline, in one streaming pass and in memory that does not grow with the
/// number of entries: the checkpoint signature against the officer's trust anchors, every file's SHA-256,
/// every entry's payload digest, entry hash and link (a full export from genesis to the signed root) or
/// inclusion proof (a selective export), the consistency proofs, every approval signature, and purged
/// payloads against the purge entries that account for them. Nothing is extracted to disk.
/// </summary>
/// <remarks>
/// <see cref="VerifyAsync"/> never throws for anything inside the bundle: a hostile or damaged archive
/// gives a report whose verdict is <see cref="BundleVerdict.Unreadable"/> or <see cref="BundleVerdict.Invalid"/>
/// with findings naming the file and the entry. Thread-safe: one verifier can check many bundles at once.
/// </remarks>
public sealed class EvidenceBundleVerifier
{
    /// <summary>The most findings (and approvals) a report keeps; later ones are counted.</summary>
    public const int MaxRecordedFindings = 10_000;

    private readonly CmsSignatureVerifier? _signatures;
    private readonly SignatureTrustPolicy? _policy;
    private readonly HashSet<string> _anchorFingerprints = new(StringComparer.Ordinal);

    /// <summary>Creates a verifier.</summary>
    /// <param name="trust">
    /// The officer's trust anchors. Without them the bundle's integrity and internal consistency are still
    /// checked, but signatures only for being intact: the report says the signers are not established.
    /// </param>
    public EvidenceBundleVerifier(SignatureTrustPolicy? trust)
    {
        if (trust is not null)
        {
            _signatures = new CmsSignatureVerifier(trust);
            _policy = BundleSignatureCheck.Copy(trust);
            foreach (var anchor in trust.TrustAnchors)
            {
                _anchorFingerprints.Add(CertificateFingerprint.Of(anchor));
            }
        }
    }

    /// <summary>Verifies the bundle in <paramref name="bundle"/>, a readable and seekable stream (a file, or memory).</summary>
    /// <exception cref="ArgumentException">The stream cannot read or seek.</exception>
    /// <exception cref="OperationCanceledException">Cancelled.</exception>
    public async Task<BundleVerificationReport> VerifyAsync(Stream bundle, BundleVerificationOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(bundle);
        using var activity = ComplianceKitDiagnostics.StartActivity(ComplianceKitActivityNames.Verify, chainId: null);
        activity?.SetTag(ComplianceKitTagNames.Source, "bundle");
        try
        {
            var session = new BundleVerificationSession(this, options ?? new BundleVerificationOptions());
            var report = await session.RunAsync(bundle, cancellationToken).ConfigureAwait(false);
            activity?.SetTag(ComplianceKitTagNames.Status, report.Verdict.ToString());
            if (report.Manifest?.ChainId is { } chainId)
            {
                activity?.SetTag(ComplianceKitTagNames.Chain, chainId);
            }

            if (!report.IsValid)
            {
                activity?.SetStatus(System.Diagnostics.ActivityStatusCode.Error, report.Verdict.ToString());
            }

            return report;
        }
        catch (Exception ex)
        {
            ComplianceKitDiagnostics.Fail(activity, ex);
            throw;
        }
    }

    internal bool TrustChecked => _signatures is not null;

    internal IReadOnlySet<string> AnchorFingerprints => _anchorFingerprints;

    /// <summary>
    /// The signature check of one verification: the shared verifier of the trust policy, or, when the options add time-stamping
    /// anchors, a verifier of the policy with them added (built per bundle; the policy given to the constructor is not changed).
    /// </summary>
    internal BundleSignatureCheck SignatureCheckFor(BundleVerificationOptions options) =>
        _policy is null || options.TimestampAuthorityTrustAnchors is not { Count: > 0 } tsa
            ? new BundleSignatureCheck(_signatures)
            : new BundleSignatureCheck(new CmsSignatureVerifier(BundleSignatureCheck.Copy(_policy, tsa)));

    internal static string Sha256Hex(ReadOnlySpan<byte> bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));
}
