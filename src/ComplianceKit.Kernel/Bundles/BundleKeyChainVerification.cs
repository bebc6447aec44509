using ComplianceKit.Approvals;
using ComplianceKit.CheckpointKeys;
using ComplianceKit.Ledger;
using ComplianceKit.Signing;

namespace ComplianceKit.Bundles;

/// <summary>
/// Builds the chain of checkpoint keys from the bundle's key entries as they stream by, and at the end judges the checkpoint signature by
/// it (<see cref="CheckpointKeyHistory"/>, the rule <c>verify --db</c> applies) and walks it from the auditor's pinned key to the checkpoint's
/// key (docs/FORMAT.md 12.16). Only with trust anchors: without them no signer is established, so there is no key to follow.
/// </summary>
internal sealed class BundleKeyChainVerification(BundleVerificationSession session, CmsSignatureVerifier verifier, string chainId, string? pinnedSha256)
{
    private readonly CheckpointKeyHistory _history = new(verifier);

    /// <summary>Applies a rotation, or a compromise the administrative judgement counted, in sequence order.</summary>
    public void Apply(LedgerEntry entry)
    {
        if (entry.Payload is { } payload)
        {
            _history.Apply(entry.Sequence, chainId, entry.EntryType, payload);
        }
    }

    /// <summary>Reports the ignored rotations and judges the checkpoint signature; <see langword="null"/> when the signature did not verify.</summary>
    public BundleCheckpointKeys? Finish(SignatureVerificationResult? checkpointSignature)
    {
        foreach (var ignored in _history.Findings)
        {
            session.Add(BundleFindingKind.CheckpointKeyRotationIgnored, BundleFormat.EntriesFile, ignored.Sequence, $"{ignored.Kind}: {ignored.Message}");
        }

        if (checkpointSignature is not { IsValid: true, SignerCertificate: { } signer })
        {
            return null; // the signature itself is already a finding
        }

        var key = CertificateFingerprint.Of(signer);
        var start = pinnedSha256 ?? (_history.Keys.Count > 0 ? _history.Keys[0].CertificateSha256 : key);
        var followed = _history.Follow(start, key);
        var refusal = _history.Judge(checkpointSignature);
        if (refusal is null && pinnedSha256 is not null && followed is null)
        {
            refusal = new CheckpointKeyRefusal(CheckpointKeyRefusalKind.NotFromPinnedKey, _history.Keys.Count == 0
                ? $"The checkpoint is signed by {signer.Subject} ({key}), not by the pinned key {pinnedSha256}, and the bundle carries no rotation that counts."
                : $"The checkpoint is signed by {signer.Subject} ({key}); the chain of keys the bundle carries ({string.Join(" -> ", _history.Keys.Select(k => k.CertificateSha256))}) does not lead there from the pinned key {pinnedSha256}.");
        }

        if (refusal is not null)
        {
            session.Add(BundleFindingKind.CheckpointKeyRefused, BundleFormat.CheckpointSignatureFile, null, $"{refusal.Kind}: {refusal.Message}");
        }

        return new BundleCheckpointKeys
        {
            PinnedCertificateSha256 = pinnedSha256,
            CheckpointCertificateSha256 = key,
            Chain = _history.Keys,
            Followed = followed ?? [],
            Compromises = _history.Compromises,
            IgnoredRotations = _history.Findings,
            Refusal = refusal,
        };
    }
}
