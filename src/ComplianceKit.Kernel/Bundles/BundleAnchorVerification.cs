using System.Security.Cryptography.X509Certificates;
using ComplianceKit.Anchoring;
using ComplianceKit.Approvals;
using ComplianceKit.Hashing;
using ComplianceKit.Merkle;
using ComplianceKit.Signing;

namespace ComplianceKit.Bundles;

/// <summary>
/// Holds a bundle to published checkpoints (docs/FORMAT.md 12.14): checks the checkpoints and witness co-signatures it carries, then
/// judges them with the auditor's own by <see cref="AnchorVerifier"/> (the rule <c>verify --db</c> applies), the bundle's tree at each size
/// given by its entries (full) or by the proof it carries (selective).
/// </summary>
internal sealed class BundleAnchorVerification
{
    private readonly BundleVerificationSession _session;
    private readonly BundleSignatureCheck _signatures;
    private readonly BundleVerificationOptions _options;
    private readonly BundleManifest _manifest;
    private readonly Checkpoint _checkpoint;
    private readonly List<StoredCheckpoint> _carried = [];
    private readonly Dictionary<long, byte[]> _provenRoots = [];

    public BundleAnchorVerification(BundleVerificationSession session, BundleSignatureCheck signatures, BundleVerificationOptions options,
        BundleManifest manifest, Checkpoint checkpoint)
    {
        _session = session;
        _signatures = signatures;
        _options = options;
        _manifest = manifest;
        _checkpoint = checkpoint;
        Prefix = new PrefixRoots(manifest.Scope.IsFull ? Published.Select(p => p.Checkpoint.Checkpoint.TreeSize).Concat(manifest.Anchors.Select(a => a.TreeSize)) : []);
    }

    /// <summary>The roots a full bundle's entries must give, fed by the entry pass.</summary>
    public PrefixRoots Prefix { get; }

    private IReadOnlyCollection<X509Certificate2> Witnesses => _options.Witnesses;

    private int Required => _options.WitnessesRequired ?? Witnesses.Count;

    /// <summary>The auditor's published checkpoints of this bundle's origin.</summary>
    private IEnumerable<StoredCheckpoint> Published =>
        (_options.PublishedCheckpoints ?? []).Where(p => p.Checkpoint.Checkpoint.Origin == _checkpoint.Origin);

    public static bool IsNeeded(BundleVerificationOptions options, BundleManifest manifest) =>
        manifest.Anchors.Count > 0 || options.PublishedCheckpoints is not null || options.Witnesses.Count > 0;

    /// <summary>Checks every checkpoint the manifest's <c>anchors</c> carries: names, bytes, the proof that the bundle extends it, each co-signature.</summary>
    public async Task ReadCarriedAsync(BundleArchive archive, IReadOnlyDictionary<string, ManifestFile> files, CancellationToken cancellationToken)
    {
        var named = new HashSet<string>(StringComparer.Ordinal);
        long previous = 0;
        for (var i = 0; i < _manifest.Anchors.Count; i++)
        {
            var anchor = _manifest.Anchors[i];
            named.UnionWith([anchor.CheckpointFile, anchor.SignatureFile, .. anchor.CosignatureFiles]);
            if (ShapeProblem(anchor, previous) is { } problem)
            {
                _session.Add(BundleFindingKind.Malformed, BundleFormat.ManifestFile, null, $"manifest.anchors[{i}] {problem}.");
                continue;
            }

            previous = anchor.TreeSize;
            if (new[] { anchor.CheckpointFile, anchor.SignatureFile }.Any(f => !files.ContainsKey(f) || !archive.Contains(f)))
            {
                continue; // FileMissing or Malformed was reported for the member already
            }

            var bytes = await archive.ReadAllAsync(anchor.CheckpointFile, Checkpoint.MaxLength, cancellationToken).ConfigureAwait(false);
            var signature = await archive.ReadAllAsync(anchor.SignatureFile, _options.Limits.MaxFileBytes, cancellationToken).ConfigureAwait(false);
            if (ReadCheckpoint(anchor, bytes, signature) is not { } signed)
            {
                continue;
            }

            if (_session.RecordsSignatures)
            {
                // The organisation's signature on a carried checkpoint is judged for revocation like checkpoint.p7s (FORMAT.md 12.15).
                _session.RecordSignature(anchor.SignatureFile, _signatures.Verify(bytes, signature));
            }

            var cosignatures = new List<byte[]>();
            foreach (var name in anchor.CosignatureFiles.Where(f => files.ContainsKey(f) && archive.Contains(f)))
            {
                var cosignature = await archive.ReadAllAsync(name, _options.Limits.MaxFileBytes, cancellationToken).ConfigureAwait(false);
                if (CheckCosignature(name, bytes, cosignature))
                {
                    cosignatures.Add(cosignature);
                }
            }

            _carried.Add(new StoredCheckpoint(anchor.CheckpointFile, signed, cosignatures));
            if (Extends(anchor, signed.Checkpoint))
            {
                _provenRoots[anchor.TreeSize] = signed.Checkpoint.Root;
            }
        }

        foreach (var stray in files.Keys.Where(f => f.StartsWith(BundleFormat.AnchorsFolder, StringComparison.Ordinal) && !named.Contains(f)))
        {
            _session.Add(BundleFindingKind.Malformed, BundleFormat.ManifestFile, null,
                $"manifest.files lists {stray}, which no manifest.anchors entry names.");
        }
    }

    /// <summary>Judges every checkpoint of this origin, carried or published, once the entries (and so the prefix roots) are read.</summary>
    public async Task<BundleAnchoring?> FinishAsync(CancellationToken cancellationToken)
    {
        if (!_signatures.TrustChecked)
        {
            return null; // without trust anchors no signature establishes anything to anchor to
        }

        var size = _checkpoint.TreeSize;
        var publishedBytes = Published.Select(p => Convert.ToBase64String(p.Checkpoint.Checkpoint.ToBytes())).ToHashSet(StringComparer.Ordinal);
        var candidates = new List<AnchorCandidate>();
        var newer = 0;
        foreach (var group in Published.Concat(_carried).GroupBy(s => Convert.ToBase64String(s.Checkpoint.Checkpoint.ToBytes()), StringComparer.Ordinal))
        {
            // One checkpoint published and carried is one candidate: the auditor's file named, every co-signature counted once per witness.
            var first = group.First();
            var merged = new StoredCheckpoint(first.File, first.Checkpoint, [.. group.SelectMany(s => s.Cosignatures)]);
            var candidate = AnchorCandidate.Of(merged, _signatures.Verify, Witnesses);
            var treeSize = candidate.Checkpoint.Checkpoint.TreeSize;
            if (!publishedBytes.Contains(group.Key) && Required == 0)
            {
                // A carried checkpoint is the operator's own word: it anchors only through witnesses, but its signature is still checked.
                if (!candidate.Signature.IsValid)
                {
                    Report(new AnchorFinding(AnchorFindingKind.SignatureInvalid, candidate.Source, treeSize, $"checkpoint {candidate.Source}: its signature does not verify ({candidate.Signature.Status}): {candidate.Signature.Message}"));
                }

                continue;
            }

            if (treeSize > size && candidate.Signature.IsValid && candidate.Signature.SigningTime >= _manifest.CreatedAt)
            {
                newer++; // published after the bundle was made: it can neither anchor nor contradict it
                continue;
            }

            if (treeSize < size && !_manifest.Scope.IsFull && !_provenRoots.ContainsKey(treeSize))
            {
                _session.Add(BundleFindingKind.AnchorUnproven, null, null,
                    $"The published checkpoint {candidate.Source} (size {treeSize}) cannot be compared: this selective bundle carries no proof from its size; ask for an export that carries it.");
                continue;
            }

            candidates.Add(candidate);
        }

        var report = await AnchorVerifier.CheckAsync(_checkpoint.Origin, size, (at, _) => Task.FromResult(RootAt(at)), candidates, Required, cancellationToken).ConfigureAwait(false);
        foreach (var finding in report.Findings)
        {
            Report(finding);
        }

        if (Required > 0 && size > 0 && report.IsValid && report.AnchoredSize == 0)
        {
            _session.Add(BundleFindingKind.WitnessQuorumNotMet, null, null,
                $"No checkpoint this bundle extends is co-signed by {Required} of your {Witnesses.Count} witness(es): none of its {size} entries is anchored.");
        }

        return new BundleAnchoring
        {
            Report = report, CheckpointsCarried = _manifest.Anchors.Count, CheckpointsNewerThanBundle = newer, WitnessesRequired = Required,
            NewestAnchorWitnesses = report.AnchoredSize == 0 ? [] : WitnessesOf(candidates.Where(c => c.Checkpoint.Checkpoint.TreeSize == report.AnchoredSize)),
        };
    }

    private static string? ShapeProblem(ManifestAnchor anchor, long previous)
    {
        var size = anchor.TreeSize;
        return size <= previous ? "is not in ascending order of tree size, or repeats one"
            : anchor.CheckpointFile != BundleFormat.AnchorCheckpointFile(size) || anchor.SignatureFile != BundleFormat.AnchorSignatureFile(size)
                ? $"does not name its files {BundleFormat.AnchorCheckpointFile(size)} and {BundleFormat.AnchorSignatureFile(size)}"
            : !anchor.CosignatureFiles.SequenceEqual(anchor.CosignatureFiles.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal))
                ? "lists its cosignatures unsorted or twice"
            : anchor.CosignatureFiles.FirstOrDefault(f => !IsCosignatureFile(f, size)) is { } bad
                ? $"names the cosignature '{(bad.Length <= 80 ? bad : bad[..80])}', not anchors/<size>.cosig.<64 hex>.p7s"
            : null;
    }

    private static bool IsCosignatureFile(string name, long size)
    {
        var prefix = BundleFormat.AnchorCosignatureFile(size, "");
        return name.Length == prefix.Length + 64 && name.StartsWith(prefix[..^4], StringComparison.Ordinal) && name.EndsWith(".p7s", StringComparison.Ordinal)
            && BundleFormat.IsLowerHex(name.AsSpan(prefix.Length - 4, 64));
    }

    /// <summary>The carried checkpoint, when its bytes are a checkpoint of this origin at the size the manifest says, without extension lines.</summary>
    private SignedCheckpoint? ReadCheckpoint(ManifestAnchor anchor, byte[] bytes, byte[] signature)
    {
        try
        {
            var checkpoint = Checkpoint.Parse(bytes);
            var problem = checkpoint.Extensions.Count > 0 ? "has extension lines"
                : checkpoint.Origin != _checkpoint.Origin ? $"is of origin '{checkpoint.Origin}', not the bundle's"
                : checkpoint.TreeSize != anchor.TreeSize ? $"is of size {checkpoint.TreeSize}, not {anchor.TreeSize}"
                : signature.Length == 0 ? "has an empty signature file"
                : null;
            if (problem is null)
            {
                return new SignedCheckpoint(checkpoint, signature);
            }

            _session.Add(BundleFindingKind.Malformed, anchor.CheckpointFile, null, $"The carried checkpoint {problem}.");
        }
        catch (FormatException ex)
        {
            _session.Add(BundleFindingKind.Malformed, anchor.CheckpointFile, null, $"The carried checkpoint does not parse: {ex.Message}");
        }

        return null;
    }

    /// <summary>Whether the bundle's checkpoint extends the carried one by the carried proof (equal sizes: equal roots, no proof).</summary>
    private bool Extends(ManifestAnchor anchor, Checkpoint carried)
    {
        var result = anchor.TreeSize == _checkpoint.TreeSize
            ? carried.Root.AsSpan().SequenceEqual(_checkpoint.Root) && anchor.ConsistencyProof.Count == 0
                ? MerkleProofResult.Valid : MerkleProofResult.Invalid(MerkleProofFailure.RootMismatch, "the sizes are equal but the roots or the empty proof differ")
            : MerkleProofVerifier.VerifyConsistency(new ConsistencyProof(anchor.TreeSize, _checkpoint.TreeSize, anchor.ConsistencyProof), carried.Root, _checkpoint.Root);
        if (!result.IsValid)
        {
            _session.Add(BundleFindingKind.ConsistencyProofInvalid, BundleFormat.ManifestFile, null,
                $"The proof that this bundle extends its carried checkpoint {anchor.CheckpointFile} (size {anchor.TreeSize}, root {Hex.Format(carried.Root)}) does not verify: {result.Message}");
        }

        return result.IsValid;
    }

    /// <summary>A carried co-signature must verify over the checkpoint's bytes with the certificate its name names; else it is forged.</summary>
    private bool CheckCosignature(string name, byte[] checkpoint, byte[] cosignature)
    {
        var signer = WitnessCosignatures.SignerOf(checkpoint, cosignature);
        if (signer is null || !name.EndsWith($".cosig.{signer}.p7s", StringComparison.Ordinal))
        {
            _session.Add(BundleFindingKind.WitnessCosignatureInvalid, name, null, signer is null
                ? "This witness co-signature does not verify over its checkpoint's bytes: it is forged or damaged."
                : $"This witness co-signature was made by the certificate {signer}, not the one its name names.");
            return false;
        }

        if (Witnesses.Count > 0 && !Witnesses.Any(w => CertificateFingerprint.Of(w) == signer))
        {
            _session.Add(BundleFindingKind.WitnessNotTrusted, name, null, $"This co-signature is by a witness you did not pin ({signer}): it counts for nothing.");
        }

        return true;
    }

    private byte[] RootAt(long size) =>
        size == _checkpoint.TreeSize ? _checkpoint.Root
        : (_manifest.Scope.IsFull ? Prefix.RootAt(size) : _provenRoots.GetValueOrDefault(size)) ?? [];

    private void Report(AnchorFinding finding) => _session.Add(
        finding.Kind == AnchorFindingKind.SignatureInvalid ? BundleFindingKind.AnchorSignatureInvalid : BundleFindingKind.AnchorContradicted,
        null, null, $"{finding.Kind}: {finding.Message}");

    private List<string> WitnessesOf(IEnumerable<AnchorCandidate> anchoring)
    {
        var pinned = Witnesses.ToDictionary(CertificateFingerprint.Of, w => w.Subject, StringComparer.Ordinal);
        var found = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var candidate in anchoring)
        {
            var bytes = candidate.Checkpoint.Checkpoint.ToBytes();
            foreach (var stored in Published.Concat(_carried).Where(s => s.Checkpoint.Checkpoint.ToBytes().AsSpan().SequenceEqual(bytes)))
            {
                foreach (var cosignature in stored.Cosignatures)
                {
                    if (WitnessCosignatures.SignerOf(bytes, cosignature) is { } signer && pinned.TryGetValue(signer, out var subject))
                    {
                        found.Add(subject);
                    }
                }
            }
        }

        return [.. found];
    }
}
