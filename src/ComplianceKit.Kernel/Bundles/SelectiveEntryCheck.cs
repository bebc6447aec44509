using ComplianceKit.Hashing;
using ComplianceKit.Ledger;
using ComplianceKit.Merkle;
using ComplianceKit.Verification;

namespace ComplianceKit.Bundles;

/// <summary>
/// Checks the entries of a selective bundle one at a time: ascending sequences, chain id, payload digest
/// (or a purge that accounts for an absent payload), entry hash, the link to an included predecessor, the
/// inclusion proof against the signed root, and the declared scope. Constant memory.
/// </summary>
internal sealed class SelectiveEntryCheck
{
    private readonly BundleManifest _manifest;
    private readonly BundleVerificationSession _session;
    private long _last = -1;
    private byte[]? _lastHash;

    public SelectiveEntryCheck(BundleManifest manifest, BundleVerificationSession session)
    {
        _manifest = manifest;
        _session = session;
    }

    public long Purged { get; private set; }

    public void Add(DigestedEntry digested)
    {
        var entry = digested.Entry;
        var sequence = entry.Sequence;
        if (sequence <= _last)
        {
            Fail(BundleFindingKind.DuplicateSequence, sequence, $"Entries must come in ascending sequence order; this one follows entry {_last}.");
            return;
        }

        if (!string.Equals(entry.ChainId, _manifest.ChainId, StringComparison.Ordinal))
        {
            Fail(BundleFindingKind.HeaderAltered, sequence, $"The entry names chain '{entry.ChainId}', not '{_manifest.ChainId}'.");
        }

        CheckPayload(entry, digested.Digests.PayloadDigest);
        var computed = digested.Digests.EntryHash;

        if (computed is null || !computed.AsSpan().SequenceEqual(entry.EntryHash))
        {
            Fail(BundleFindingKind.HeaderAltered, sequence, computed is null
                ? "The header cannot be encoded: a stored hash is not 32 bytes or a text field is not valid Unicode."
                : "The header no longer hashes to the stored entry hash.");
        }

        if (_lastHash is not null && sequence == _last + 1 && !entry.PreviousHash.AsSpan().SequenceEqual(_lastHash))
        {
            Fail(BundleFindingKind.LinkBroken, sequence, "Its previous-hash is not the entry hash of the entry before it.");
        }

        CheckInclusion(entry, digested.Inclusion);
        if (!_manifest.Scope.Includes(entry) && _session.DeclaredPurge(sequence) is null && !CarriesKeyEntry(entry))
        {
            Fail(BundleFindingKind.ScopeMismatch, sequence, $"The entry ({entry.EntryType}, {entry.Subject}) is outside the bundle's declared scope: {_manifest.Scope}.");
        }

        _last = sequence;
        _lastHash = entry.EntryHash;
    }

    /// <summary>A version 2 selective bundle carries every checkpoint key entry whatever its scope (docs/FORMAT.md 12.16).</summary>
    private bool CarriesKeyEntry(LedgerEntry entry) =>
        _manifest.Version != BundleFormatVersion.V1 && entry.EntryType is CheckpointKeys.CheckpointKeyEntryTypes.Rotated or CheckpointKeys.CheckpointKeyEntryTypes.Compromised;

    private void CheckPayload(LedgerEntry entry, byte[]? digest)
    {
        var (finding, message) = PayloadCheck.Check(entry, digest, _session.PurgeExplanation,
            "The payload is gone and no retention purge in the bundle accounts for it.");
        switch (finding)
        {
            case PayloadCheck.Finding.Purged:
                Purged++;
                Fail(BundleFindingKind.PayloadPurged, entry.Sequence, message!);
                break;
            case PayloadCheck.Finding.Missing:
                Fail(BundleFindingKind.PayloadMissing, entry.Sequence, message!);
                break;
            case PayloadCheck.Finding.Altered:
                Fail(BundleFindingKind.PayloadAltered, entry.Sequence, message!);
                break;
            default:
                break;
        }
    }

    private void CheckInclusion(LedgerEntry entry, MerkleProofResult? inclusion)
    {
        if (inclusion is null)
        {
            Fail(BundleFindingKind.InclusionProofInvalid, entry.Sequence, "A selective export proves every entry's inclusion, but this line has no inclusion proof.");
        }
        else if (!inclusion.IsValid)
        {
            Fail(BundleFindingKind.InclusionProofInvalid, entry.Sequence, $"The inclusion proof does not lead to the signed root: {inclusion.Message}");
        }
    }

    private void Fail(BundleFindingKind kind, long sequence, string message) => _session.Add(kind, BundleFormat.EntriesFile, sequence, message);
}
