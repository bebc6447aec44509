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
    private readonly Checkpoint _checkpoint;
    private readonly byte[] _root;
    private readonly BundleVerificationSession _session;
    private readonly byte[] _digest = new byte[Sha256Digest.Size];
    private long _last = -1;
    private byte[]? _lastHash;

    public SelectiveEntryCheck(BundleManifest manifest, Checkpoint checkpoint, BundleVerificationSession session)
    {
        _manifest = manifest;
        _checkpoint = checkpoint;
        _root = checkpoint.Root;
        _session = session;
    }

    public long Purged { get; private set; }

    public void Add(LedgerEntry entry, List<byte[]>? proof)
    {
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

        CheckPayload(entry);
        byte[]? computed;
        try
        {
            computed = EntryEncoding.ComputeEntryHash(entry);
        }
        catch (ArgumentException)
        {
            computed = null;
        }

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

        CheckInclusion(entry, proof);
        if (!_manifest.Scope.Includes(entry) && _session.DeclaredPurge(sequence) is null)
        {
            Fail(BundleFindingKind.ScopeMismatch, sequence, $"The entry ({entry.EntryType}, {entry.Subject}) is outside the bundle's declared scope: {_manifest.Scope}.");
        }

        _last = sequence;
        _lastHash = entry.EntryHash;
    }

    private void CheckPayload(LedgerEntry entry)
    {
        var (status, message) = PayloadCheck.Evaluate(entry, _digest, _session.PurgeExplanation);
        switch (status)
        {
            case VerificationStatus.PayloadPurged:
                Purged++;
                Fail(BundleFindingKind.PayloadPurged, entry.Sequence, message);
                break;
            case VerificationStatus.PayloadMissing:
                Fail(BundleFindingKind.PayloadMissing, entry.Sequence, message);
                break;
            case VerificationStatus.PayloadAltered:
                Fail(BundleFindingKind.PayloadAltered, entry.Sequence, message);
                break;
        }
    }

    private void CheckInclusion(LedgerEntry entry, List<byte[]>? proof)
    {
        if (proof is null)
        {
            Fail(BundleFindingKind.InclusionProofInvalid, entry.Sequence, "A selective export proves every entry's inclusion, but this line has no inclusion proof.");
            return;
        }

        var result = MerkleProofVerifier.VerifyInclusion(MerkleHasher.HashLeaf(entry.EntryHash),
            new InclusionProof(entry.Sequence, _checkpoint.TreeSize, proof), _root);
        if (!result.IsValid)
        {
            Fail(BundleFindingKind.InclusionProofInvalid, entry.Sequence, $"The inclusion proof does not lead to the signed root: {result.Message}");
        }
    }

    private void Fail(BundleFindingKind kind, long sequence, string message) => _session.Add(kind, BundleFormat.EntriesFile, sequence, message);
}
