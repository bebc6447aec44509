using System.Buffers;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Threading.Channels;
using ComplianceKit.Administration;
using ComplianceKit.Anchoring;
using ComplianceKit.Approvals;
using ComplianceKit.CheckpointKeys;
using ComplianceKit.Hashing;
using ComplianceKit.Ledger;
using ComplianceKit.Merkle;
using ComplianceKit.Retention;
using ComplianceKit.Signing;
using ComplianceKit.Verification;

namespace ComplianceKit.Bundles;

/// <summary>One run of <see cref="EvidenceBundleVerifier.VerifyAsync"/>: the state of a single streaming pass over one bundle.</summary>
internal sealed class BundleVerificationSession
{
    private const int ProgressInterval = 65_536;

    // Digesting threads for a full bundle's entry lines: two keep two cores busy with the reader and the checker beside them.
    private const int MaxDigesters = 2;
    private static readonly string[] RootFiles = [BundleFormat.CheckpointFile, BundleFormat.CheckpointSignatureFile, BundleFormat.ManifestFile, BundleFormat.SumsFile];

    private readonly EvidenceBundleVerifier _verifier;
    private readonly BundleVerificationOptions _options;
    private readonly BundleSignatureCheck _signatures;
    private readonly List<BundleFinding> _findings = [];
    private readonly Dictionary<string, long> _countsByType = new(StringComparer.Ordinal);
    private readonly byte[] _digest = new byte[Sha256Digest.Size];
    private readonly Lock _gate = new();
    private long _totalFailures;
    private bool _failed;
    private bool _unreadable;
    private long _entriesRead;
    private long _purged;
    private long _payloadsAbsent;
    private BundleManifest? _manifest;
    private Checkpoint? _checkpoint;
    private SignatureVerificationResult? _checkpointSignature;
    private bool _checkpointTimestamped;
    private Dictionary<string, ManifestFile> _files = new(StringComparer.Ordinal);
    private PurgeIndex _purges = new([]);
    private ApprovalVerification? _approvalChecks;
    private AdministrationTrust? _administration;
    private bool _administrationPinned;
    private List<X509Certificate2> _declaredAdministrationRoots = [];
    private PreviousCheckpointVerification? _previous;
    private BundleAnchoring? _anchoring;
    private BundleKeyChainVerification? _keyChain;
    private BundleCheckpointKeys? _checkpointKeys;
    private BundleRevocationVerification? _revocation;
    private IReadOnlyList<Revocation.SignatureRevocation>? _revocationVerdicts;
    private HashSet<long> _purgesConfirmed = [];
    private readonly Dictionary<long, List<(long First, long Last)>> _excused = [];
    private long _unexcused;

    public BundleVerificationSession(EvidenceBundleVerifier verifier, BundleVerificationOptions options)
    {
        _verifier = verifier;
        _options = options;
        _signatures = verifier.SignatureCheckFor(options);
    }

    private BundleLimits Limits => _options.Limits;

    public async Task<BundleVerificationReport> RunAsync(Stream stream, CancellationToken cancellationToken)
    {
        try
        {
            using var archive = BundleArchive.Open(stream, Limits);
            await VerifyAsync(archive, cancellationToken).ConfigureAwait(false);
        }
        catch (BundleRejectedException ex)
        {
            Add(ex.ToFinding());
        }
        catch (InvalidDataException ex)
        {
            Add(BundleFindingKind.Unreadable, null, null, $"The archive is damaged: {ex.Message}");
        }
        catch (IOException ex)
        {
            Add(BundleFindingKind.Unreadable, null, null, $"The bundle cannot be read: {ex.Message}");
        }

        return new BundleVerificationReport
        {
            Verdict = _failed ? BundleVerdict.Invalid : _unreadable ? BundleVerdict.Unreadable : BundleVerdict.Verified,
            TrustChecked = _signatures.TrustChecked,
            Findings = _findings,
            TotalFailures = _totalFailures,
            Manifest = _manifest,
            Checkpoint = _checkpoint,
            CheckpointSignature = _checkpointSignature,
            EntriesRead = _entriesRead,
            EntryCountsByType = new SortedDictionary<string, long>(_countsByType, StringComparer.Ordinal),
            PurgedEntries = _purged,
            Approvals = _approvalChecks?.Approvals ?? [],
            PreviousCheckpoint = _previous?.Result,
            Anchoring = _anchoring,
            CheckpointKeys = _checkpointKeys,
            TrustAnchorDeclared = _manifest is null || !_verifier.TrustChecked
                ? null
                : _manifest.TrustAnchors.Any(a => _verifier.AnchorFingerprints.Contains(a.CertificateSha256)),
            AdministrationRootSha256s = _administration?.Roots.Select(CertificateFingerprint.Of).ToList() ?? [],
            AdministrationRootPinned = _administrationPinned,
            Revocation = _revocationVerdicts,
        };
    }

    private async Task VerifyAsync(BundleArchive archive, CancellationToken cancellationToken)
    {
        foreach (var refusal in archive.Refusals)
        {
            Add(refusal);
        }

        var present = RootFiles.Where(archive.Contains).ToList();
        if (present.Count == 0 && archive.Refusals.Count == 0)
        {
            Add(BundleFindingKind.NotABundle, null, null, "The archive holds none of checkpoint.txt, checkpoint.p7s, manifest.json and SHA256SUMS: it is not an evidence bundle.");
            return;
        }

        foreach (var missing in RootFiles.Except(present).Where(n => !archive.Refused(n)))
        {
            Add(BundleFindingKind.FileMissing, missing, null, $"{missing} is missing; every bundle has it.");
        }

        if (present.Count < RootFiles.Length)
        {
            return;
        }

        if (!await CheckCheckpointAsync(archive, cancellationToken).ConfigureAwait(false)
            || await ReadManifestAsync(archive, cancellationToken).ConfigureAwait(false) is not { } manifest)
        {
            return;
        }

        _manifest = manifest;
        CheckTimestampAllowed(manifest);
        CheckManifestAgainstCheckpoint(manifest);
        CheckMembers(archive, manifest);
        await CheckFilesAsync(archive, manifest, cancellationToken).ConfigureAwait(false);
        await CheckCertificatesAsync(archive, manifest, cancellationToken).ConfigureAwait(false);
        _revocation = await BundleRevocationVerification.ReadAsync(this, archive, manifest, _files, Limits, cancellationToken).ConfigureAwait(false);
        RecordSignature(BundleFormat.CheckpointSignatureFile, _checkpointSignature!);
        _administration = JudgeAdministrationWith(manifest);
        _approvalChecks = new ApprovalVerification(_signatures, this, manifest, _checkpoint!, _files, _administration);
        _keyChain = _signatures.TrustVerifier is { } trusted
            ? new BundleKeyChainVerification(this, trusted, manifest.ChainId, _options.CheckpointKeySha256?.ToLowerInvariant())
            : null;
        PreparePurges(manifest);
        _previous = new PreviousCheckpointVerification(this, _options.PreviousCheckpoint);
        var officerPrefix = _previous.Check(manifest, _checkpoint!);
        var anchors = BundleAnchorVerification.IsNeeded(_options, manifest) ? new BundleAnchorVerification(this, _signatures, _options, manifest, _checkpoint!) : null;
        if (anchors is not null)
        {
            await anchors.ReadCarriedAsync(archive, _files, cancellationToken).ConfigureAwait(false);
        }

        if (_files.ContainsKey(BundleFormat.EntriesFile) && archive.Contains(BundleFormat.EntriesFile))
        {
            await CheckEntriesAsync(archive, manifest, officerPrefix, anchors?.Prefix, cancellationToken).ConfigureAwait(false);
        }

        _approvalChecks.Finish();
        _checkpointKeys = _keyChain?.Finish(_checkpointSignature);
        _revocationVerdicts = _revocation?.Finish();
        if (anchors is not null)
        {
            _anchoring = await anchors.FinishAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Verifies the checkpoint signature and parses the checkpoint; returns whether there is a checkpoint to go on with.</summary>
    private async Task<bool> CheckCheckpointAsync(BundleArchive archive, CancellationToken cancellationToken)
    {
        var body = await archive.ReadAllAsync(BundleFormat.CheckpointFile, Checkpoint.MaxLength, cancellationToken).ConfigureAwait(false);
        var signature = await archive.ReadAllAsync(BundleFormat.CheckpointSignatureFile, 1024 * 1024, cancellationToken).ConfigureAwait(false);
        if (StrictCmsShape.Check(signature, out _checkpointTimestamped) is { } shape)
        {
            Add(BundleFindingKind.CheckpointSignatureInvalid, BundleFormat.CheckpointSignatureFile, null,
                $"The checkpoint signature is not a DER CMS signature of the documented shape: {shape}.");
        }

        _checkpointSignature = _signatures.Verify(body, signature);
        if (!_signatures.Accepts(_checkpointSignature))
        {
            Add(_checkpointSignature.IsTrustProblem ? BundleFindingKind.SignerNotTrusted : BundleFindingKind.CheckpointSignatureInvalid, BundleFormat.CheckpointSignatureFile, null,
                _checkpointSignature.IsTrustProblem
                    ? $"The checkpoint signature is intact, but its signer is not trusted ({_checkpointSignature.Status}): {_checkpointSignature.Message}"
                    : $"The checkpoint signature does not verify ({_checkpointSignature.Status}): {_checkpointSignature.Message}");
        }

        try
        {
            _checkpoint = Checkpoint.Parse(body);
            var extensions = _checkpoint.Extensions;
            if (extensions.Count < 2 || !extensions[0].StartsWith(BundleFormat.ManifestDigestExtension + " ", StringComparison.Ordinal)
                || !extensions[1].StartsWith(BundleFormat.SumsDigestExtension + " ", StringComparison.Ordinal))
            {
                Add(BundleFindingKind.Malformed, BundleFormat.CheckpointFile, null,
                    $"The checkpoint's first extension lines are not '{BundleFormat.ManifestDigestExtension}' then '{BundleFormat.SumsDigestExtension}'.");
            }

            return true;
        }
        catch (FormatException ex)
        {
            Add(BundleFindingKind.Malformed, BundleFormat.CheckpointFile, null, ex.Message);
            return false;
        }
    }

    /// <summary>
    /// A signatureTimeStampToken on checkpoint.p7s is part of the documented shape from version 2 on (FORMAT.md 12.13); the shape is
    /// checked before the manifest says the version, so a version 1 bundle carrying one is refused here, as its shape always refused it.
    /// </summary>
    private void CheckTimestampAllowed(BundleManifest manifest)
    {
        if (_checkpointTimestamped && manifest.Version == BundleFormatVersion.V1)
        {
            Add(BundleFindingKind.CheckpointSignatureInvalid, BundleFormat.CheckpointSignatureFile, null,
                "The checkpoint signature is not a DER CMS signature of the documented shape: the signer has unsigned attributes "
                + "(a signatureTimeStampToken, which only a version 2 bundle may carry).");
        }
    }

    private async Task<BundleManifest?> ReadManifestAsync(BundleArchive archive, CancellationToken cancellationToken)
    {
        var checkpoint = _checkpoint!;
        var sums = await archive.ReadAllAsync(BundleFormat.SumsFile, Limits.MaxManifestBytes, cancellationToken).ConfigureAwait(false);
        var manifestBytes = await archive.ReadAllAsync(BundleFormat.ManifestFile, Limits.MaxManifestBytes, cancellationToken).ConfigureAwait(false);
        var sumsIntact = DigestNamedBy(checkpoint, BundleFormat.SumsDigestExtension, BundleFormat.SumsFile, sums);

        // An altered manifest is reported and still read, so the report can name what else disagrees.
        DigestNamedBy(checkpoint, BundleFormat.ManifestDigestExtension, BundleFormat.ManifestFile, manifestBytes);

        BundleManifest manifest;
        try
        {
            manifest = BundleManifest.Parse(manifestBytes);
        }
        catch (FormatException ex)
        {
            Add(BundleFindingKind.Malformed, BundleFormat.ManifestFile, null, ex.Message);
            return null;
        }

        if (sumsIntact)
        {
            CheckSums(sums, manifest, EvidenceBundleVerifier.Sha256Hex(manifestBytes));
        }

        return manifest;
    }

    /// <summary>Checks that <paramref name="bytes"/> hash to the digest the checkpoint's <paramref name="extension"/> line names.</summary>
    private bool DigestNamedBy(Checkpoint checkpoint, string extension, string file, byte[] bytes)
    {
        var named = checkpoint.GetExtension(extension);
        if (named is null)
        {
            Add(BundleFindingKind.Malformed, BundleFormat.CheckpointFile, null, $"The checkpoint has no '{extension}' line binding {file}.");
            return false;
        }

        if (named.Length != 64 || !BundleFormat.IsLowerHex(named))
        {
            Add(BundleFindingKind.Malformed, BundleFormat.CheckpointFile, null, $"The checkpoint's '{extension}' line is not 64 lower-case hex digits.");
            return false;
        }

        var actual = EvidenceBundleVerifier.Sha256Hex(bytes);
        if (!string.Equals(named, actual, StringComparison.Ordinal))
        {
            Add(BundleFindingKind.FileAltered, file, null, $"{file} has SHA-256 {actual}, but the signed checkpoint names {Shorten(named)}: it is not the file that was signed.");
            return false;
        }

        return true;
    }

    /// <summary>SHA256SUMS must be exactly what <c>sha256sum</c> prints for the manifest and every file it lists.</summary>
    private void CheckSums(byte[] sums, BundleManifest manifest, string manifestSha256)
    {
        var expected = SumsFile.Write([new ManifestFile(BundleFormat.ManifestFile, 0, manifestSha256), .. manifest.Files]);
        if (!expected.AsSpan().SequenceEqual(sums))
        {
            Add(BundleFindingKind.CountMismatch, BundleFormat.SumsFile, null,
                "SHA256SUMS does not list exactly the manifest and the files the manifest lists, with the same digests.");
        }
    }

    private void CheckManifestAgainstCheckpoint(BundleManifest manifest)
    {
        var checkpoint = _checkpoint!;
        void Mismatch(string message) => Add(BundleFindingKind.CheckpointMismatch, BundleFormat.ManifestFile, null, message);

        if (!string.Equals(manifest.Origin, checkpoint.Origin, StringComparison.Ordinal))
        {
            Mismatch($"The manifest names origin '{manifest.Origin}', the checkpoint '{checkpoint.Origin}'.");
        }

        var origin = Checkpoint.OriginFor(manifest.Organization, manifest.ChainId);
        if (!string.Equals(origin, checkpoint.Origin, StringComparison.Ordinal))
        {
            Mismatch($"The checkpoint's origin '{checkpoint.Origin}' is not the origin of chain '{manifest.ChainId}' of '{manifest.Organization}' ('{origin}').");
        }

        if (manifest.TreeSize != checkpoint.TreeSize || !manifest.TreeRoot.AsSpan().SequenceEqual(checkpoint.Root))
        {
            Mismatch($"The manifest states tree size {manifest.TreeSize} and root {Hex.Format(manifest.TreeRoot)}; "
                + $"the signed checkpoint states {checkpoint.TreeSize} and {Hex.Format(checkpoint.Root)}.");
        }

        if (_checkpointSignature?.SignerCertificate is { } signer
            && !string.Equals(CertificateFingerprint.Of(signer), manifest.CheckpointSigner.CertificateSha256, StringComparison.Ordinal))
        {
            Mismatch($"The checkpoint is signed by {signer.Subject}, not by the certificate the manifest names ({manifest.CheckpointSigner.Subject}).");
        }

        if (_checkpointSignature?.SigningTime is { } signed && signed != manifest.CreatedAt)
        {
            Mismatch($"The manifest says the bundle was made at {BundleInstant.Format(manifest.CreatedAt)}; the checkpoint was signed at {BundleInstant.Format(signed)}.");
        }
    }

    private void CheckMembers(BundleArchive archive, BundleManifest manifest)
    {
        _files = new Dictionary<string, ManifestFile>(StringComparer.Ordinal);
        foreach (var file in manifest.Files)
        {
            if (RootFiles.Contains(file.Name, StringComparer.Ordinal) || !_files.TryAdd(file.Name, file))
            {
                Add(BundleFindingKind.Malformed, BundleFormat.ManifestFile, null, $"manifest.files lists '{Shorten(file.Name)}' twice, or lists a file that cannot list itself.");
            }
        }

        if (!_files.ContainsKey(BundleFormat.EntriesFile))
        {
            Add(BundleFindingKind.Malformed, BundleFormat.ManifestFile, null, "manifest.files does not list entries.jsonl.");
        }

        foreach (var name in archive.Names)
        {
            if (!_files.ContainsKey(name) && !RootFiles.Contains(name, StringComparer.Ordinal))
            {
                Add(BundleFindingKind.UnexpectedFile, name, null, $"{name} is in the archive but no signed listing names it.");
            }
        }

        foreach (var name in _files.Keys)
        {
            if (!archive.Contains(name) && !archive.Refused(name))
            {
                Add(BundleFindingKind.FileMissing, name, null, $"The manifest lists {name}, but the archive does not hold it.");
            }
        }
    }

    /// <summary>Hashes every listed member except entries.jsonl (which is hashed while its entries are checked).</summary>
    private async Task CheckFilesAsync(BundleArchive archive, BundleManifest manifest, CancellationToken cancellationToken)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(64 * 1024);
        try
        {
            foreach (var file in manifest.Files)
            {
                if (file.Name == BundleFormat.EntriesFile || !archive.Contains(file.Name))
                {
                    continue;
                }

                using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
                long size = 0;
                var stream = archive.Open(file.Name);
                await using (stream.ConfigureAwait(false))
                {
                    int read;
                    while ((read = await stream.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
                    {
                        hash.AppendData(buffer, 0, read);
                        size += read;
                    }
                }

                CompareFile(file, size, hash.GetHashAndReset());
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>
    /// Every certificates/&lt;sha256&gt;.pem holds exactly the certificate of that SHA-256; the checkpoint signer's file is
    /// the one of its certificate; trust/anchors.pem holds exactly the anchors manifest.trustAnchors declares.
    /// </summary>
    private async Task CheckCertificatesAsync(BundleArchive archive, BundleManifest manifest, CancellationToken cancellationToken)
    {
        async Task<List<string>?> ReadAsync(string name)
        {
            if (!archive.Contains(name))
            {
                return null;
            }

            try
            {
                return PemCertificates.Fingerprints(await archive.ReadAllAsync(name, Limits.MaxFileBytes, cancellationToken).ConfigureAwait(false));
            }
            catch (FormatException ex)
            {
                Add(BundleFindingKind.Malformed, name, null, $"{name} is not PEM certificates: {ex.Message}.");
                return null;
            }
        }

        foreach (var file in manifest.Files.Where(f => f.Name.StartsWith("certificates/", StringComparison.Ordinal)))
        {
            if (!BundleFormat.IsCertificateFile(file.Name))
            {
                Add(BundleFindingKind.Malformed, BundleFormat.ManifestFile, null, $"'{Shorten(file.Name)}' is not a certificates/<sha256>.pem name.");
            }
            else if (await ReadAsync(file.Name).ConfigureAwait(false) is { } held && (held.Count != 1 || BundleFormat.CertificateFile(held[0]) != file.Name))
            {
                Add(BundleFindingKind.Malformed, file.Name, null, $"{file.Name} does not hold exactly the one certificate its name's SHA-256 names.");
            }
        }

        var signer = manifest.CheckpointSigner;
        if (signer.File != BundleFormat.CertificateFile(signer.CertificateSha256) || !_files.ContainsKey(signer.File))
        {
            Add(BundleFindingKind.CheckpointMismatch, BundleFormat.ManifestFile, null,
                $"checkpointSigner.file is '{Shorten(signer.File)}', not the listed file {BundleFormat.CertificateFile(signer.CertificateSha256)} of its certificate.");
        }

        var declared = manifest.TrustAnchors.Select(a => a.CertificateSha256).ToHashSet(StringComparer.Ordinal);
        if (manifest.TrustAnchors.Any(a => a.File != BundleFormat.TrustAnchorsFile))
        {
            Add(BundleFindingKind.Malformed, BundleFormat.ManifestFile, null, $"A trust anchor names a file other than {BundleFormat.TrustAnchorsFile}.");
        }

        var declaredRoots = manifest.AdministrationRoots.Select(a => a.CertificateSha256).ToHashSet(StringComparer.Ordinal);
        if (manifest.AdministrationRoots.Any(a => a.File != BundleFormat.AdministrationRootsFile))
        {
            Add(BundleFindingKind.Malformed, BundleFormat.ManifestFile, null, $"An administration root names a file other than {BundleFormat.AdministrationRootsFile}.");
        }

        var rootsListed = _files.ContainsKey(BundleFormat.AdministrationRootsFile);
        List<X509Certificate2>? roots = [];
        if (rootsListed && archive.Contains(BundleFormat.AdministrationRootsFile))
        {
            try
            {
                roots = PemCertificates.Read(await archive.ReadAllAsync(BundleFormat.AdministrationRootsFile, Limits.MaxFileBytes, cancellationToken).ConfigureAwait(false));
            }
            catch (FormatException ex)
            {
                Add(BundleFindingKind.Malformed, BundleFormat.AdministrationRootsFile, null, $"{BundleFormat.AdministrationRootsFile} is not PEM certificates: {ex.Message}.");
                roots = null;
            }
        }

        var rootPrints = roots?.Select(CertificateFingerprint.Of).ToList();
        if (rootPrints is not null && (declaredRoots.Count != manifest.AdministrationRoots.Count || !declaredRoots.SetEquals(rootPrints)
            || rootPrints.Count != declaredRoots.Count || (declaredRoots.Count > 0) != rootsListed))
        {
            Add(BundleFindingKind.CountMismatch, BundleFormat.AdministrationRootsFile, null,
                $"{BundleFormat.AdministrationRootsFile} does not hold exactly the distinct roots manifest.administrationRoots declares, once each.");
        }

        _declaredAdministrationRoots = roots ?? [];

        var listed = _files.ContainsKey(BundleFormat.TrustAnchorsFile);
        var anchors = listed ? await ReadAsync(BundleFormat.TrustAnchorsFile).ConfigureAwait(false) : [];
        if (anchors is not null && (declared.Count != manifest.TrustAnchors.Count || !declared.SetEquals(anchors) || anchors.Count != declared.Count || (declared.Count > 0) != listed))
        {
            Add(BundleFindingKind.CountMismatch, BundleFormat.TrustAnchorsFile, null,
                $"{BundleFormat.TrustAnchorsFile} does not hold exactly the distinct anchors manifest.trustAnchors declares, once each.");
        }
    }

    /// <summary>
    /// The administration root the bundle's administrative entries are judged against (docs/FORMAT.md, 12.9): the auditor's pin
    /// (a mismatch with the declared root is a finding), the declared root matching the auditor's fingerprint, or else the
    /// declared root, reported as not pinned; with no root at all, entries are replayed as recorded (the weaker mode), reported too.
    /// </summary>
    private AdministrationTrust JudgeAdministrationWith(BundleManifest manifest)
    {
        var declared = _declaredAdministrationRoots;
        var declaredPrints = declared.Select(CertificateFingerprint.Of).ToList();
        var shown = declaredPrints.Count == 0 ? "declares no administration root" : $"declares the administration root {string.Join(", ", declaredPrints)}";
        if (_options.AdministrationRoots is { Count: > 0 } pinned)
        {
            _administrationPinned = true;
            var pinnedPrints = pinned.Select(CertificateFingerprint.Of).ToList();
            if (!declaredPrints.Any(pinnedPrints.Contains))
            {
                Add(BundleFindingKind.AdministrationRootMismatch, BundleFormat.ManifestFile, null,
                    $"You pinned the administration root {string.Join(", ", pinnedPrints)}; the bundle {shown}. Administrative entries were judged against your root.");
            }

            return AdministrationTrust.Pinned(pinned);
        }

        if (_options.AdministrationRootSha256 is { } expected)
        {
            var match = declared.Where(r => string.Equals(CertificateFingerprint.Of(r), expected.Trim().ToLowerInvariant(), StringComparison.Ordinal)).ToList();
            if (match.Count > 0)
            {
                _administrationPinned = true;
                return AdministrationTrust.Pinned(match);
            }

            Add(BundleFindingKind.AdministrationRootMismatch, BundleFormat.ManifestFile, null,
                $"You expected the administration root {expected}; the bundle {shown}.");
        }
        else
        {
            Add(BundleFindingKind.AdministrationRootNotPinned, BundleFormat.ManifestFile, null, declared.Count == 0
                ? "The bundle declares no administration root: role grants and other administrative entries were replayed as recorded, signed or not (the weaker mode)."
                : $"The administration root was not pinned: administrative entries were judged against the root the bundle declares ({string.Join(", ", declaredPrints)}), " +
                  "as the bundle's signer vouches for it. Pin it with --admin-root, or compare its fingerprint with the organisation's.");
        }

        return declared.Count == 0 ? AdministrationTrust.UnsignedAllowed() : AdministrationTrust.Pinned(declared);
    }

    private void CompareFile(ManifestFile file, long size, byte[] digest)
    {
        var actual = Hex.Format(digest);
        if (size != file.Size || !string.Equals(actual, file.Sha256, StringComparison.Ordinal))
        {
            Add(BundleFindingKind.FileAltered, file.Name, null,
                $"{file.Name} is {size} bytes with SHA-256 {actual}; the signed manifest lists {file.Size} bytes with SHA-256 {file.Sha256}.");
        }
    }

    private void PreparePurges(BundleManifest manifest)
    {
        try
        {
            _purges = new PurgeIndex(manifest.Purges);
        }
        catch (FormatException ex)
        {
            Add(BundleFindingKind.Malformed, BundleFormat.ManifestFile, null, ex.Message);
        }
    }

    private async Task CheckEntriesAsync(BundleArchive archive, BundleManifest manifest, long? officerPrefix, PrefixRoots? anchorPrefix, CancellationToken cancellationToken)
    {
        var checkpoint = _checkpoint!;
        var full = manifest.Scope.IsFull;
        var file = _files[BundleFormat.EntriesFile];
        var chain = full
            ? new ChainVerifier(manifest.ChainId, PurgeExplanation, f => Add(Map(f.Status), BundleFormat.EntriesFile, f.Sequence, f.Message))
            : null;
        var selective = full ? null : new SelectiveEntryCheck(manifest, this);
        var prefix = officerPrefix is not null ? new CompactRange() : null;
        var length = archive.Length(BundleFormat.EntriesFile);
        var lines = new EntryLineReader(archive, Limits);

        // Three stages: reading and hashing the file here; parsing lines and computing each entry's digests (and
        // proof) on other threads; checking entries in chain order on one more. The middle stage is most of the work and
        // needs no ordering, so it runs on as many digesters as there are cores, up to MaxDigesters, each taking whole
        // chunks; the checker puts their batches back in file order. Only the entries the in-order checks need themselves
        // (ObservesType, declared purges, an OnEntry caller, a selective bundle) become objects; then one digester hands them
        // on in small batches, as before, so they die young.
        var parseAll = !full || _options.OnEntry is not null;
        var digesters = parseAll ? 1 : Math.Clamp(Environment.ProcessorCount, 1, MaxDigesters);
        using var slots = new SemaphoreSlim(parseAll ? 2 : digesters + 2);
        var chunks = Channel.CreateUnbounded<LineChunk>(new UnboundedChannelOptions { SingleWriter = true, SingleReader = digesters == 1 });
        var digested = Channel.CreateUnbounded<DigestedBatch>(new UnboundedChannelOptions { SingleWriter = digesters == 1, SingleReader = true });
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var pool = new DigestedLinePool();
        var digesting = Stage(async token =>
        {
            try
            {
                await Task.WhenAll(Enumerable.Range(0, digesters).Select(_ =>
                    Task.Run(() => new EntryLineDigester(pool, parseAll, ObservesType, s => _purges.Declared(s) is not null, checkpoint.TreeSize, full ? null : checkpoint.Root)
                        .RunAsync(chunks.Reader, digested.Writer, token), token))).ConfigureAwait(false);
            }
            finally
            {
                digested.Writer.TryComplete();
            }
        }, stop);
        var checking = Stage(async token =>
        {
            var order = new DigestedBatchOrder();
            await foreach (var batch in digested.Reader.ReadAllAsync(token).ConfigureAwait(false))
            {
                order.Add(batch);
                while (order.TryNext(out var ready))
                {
                    foreach (var problem in ready.Malformed ?? [])
                    {
                        Add(BundleFindingKind.Malformed, BundleFormat.EntriesFile, null, problem);
                    }

                    for (var i = 0; i < ready.Count; i++)
                    {
                        CheckLine(ref ready.Lines[i]);
                    }

                    pool.Return(ready.Lines, ready.Count);
                    if (ready.Last)
                    {
                        slots.Release();
                    }
                }
            }
        }, stop);

        long size;
        byte[] digest;
        long? unterminated;
        try
        {
            (size, digest, unterminated) = await lines.ReadAsync(chunks.Writer, slots, stop.Token).ConfigureAwait(false);
        }
        catch
        {
            // The reader's failure (a damaged member, say) is the one to report: stop the other stages first.
            await stop.CancelAsync().ConfigureAwait(false);
            chunks.Writer.TryComplete();
            await DrainAsync(digesting, checking).ConfigureAwait(false);
            throw;
        }

        chunks.Writer.TryComplete();
        await Task.WhenAll(digesting, checking).ConfigureAwait(false);
        if (unterminated is { } last)
        {
            Add(BundleFindingKind.Malformed, BundleFormat.EntriesFile, null, $"entries.jsonl line {last} does not end with a line feed (the file is cut short).");
        }

        _options.Progress?.Report(new BundleProgress(_entriesRead, manifest.EntryCount, size, length));
        CompareFile(file, size, digest);
        if (chain is not null)
        {
            var report = chain.Complete(checkpoint.TreeSize, recordedLastHash: null, recordedRoot: checkpoint.Root);
            _purged = report.PurgedEntries;
            if (prefix is not null)
            {
                _previous!.CheckPrefix(prefix, officerPrefix!.Value);
            }
        }
        else
        {
            _purged = selective!.Purged;
        }

        CheckCounts(manifest);
        _purged -= _unexcused;

        void CheckLine(ref DigestedLine line)
        {
            if (line.Parsed is { } parsed)
            {
                CheckEntry(parsed);
                return;
            }

            // Hashed where it lay: a full bundle's entry that nothing in Observe looks at.
            Count(line.EntryType, line.Payload.Absent);
            Span<byte> hashes = line.Hashes;
            chain!.Add(line.Sequence, line.ChainId, line.Payload, line.HeaderHolds, hashes[..32], hashes[32..64], hashes[64..]);
            Leaf(hashes[64..]);
            Progress();
        }

        void CheckEntry(DigestedEntry digested)
        {
            var entry = digested.Entry;
            Count(entry.EntryType, entry.Payload is null || entry.PayloadSalt is null);
            if (chain is not null)
            {
                if (digested.Proof is not null)
                {
                    Add(BundleFindingKind.Malformed, BundleFormat.EntriesFile, entry.Sequence, "A full export carries no inclusion proofs, but this line has one.");
                }

                chain.Add(entry, digested.Digests);
                Leaf(digested.Digests.LeafHash);
            }
            else
            {
                selective!.Add(digested);
            }

            Observe(entry);
            Progress();
        }

        void Count(string entryType, bool payloadAbsent)
        {
            _entriesRead++;
            ref var count = ref CollectionsMarshal.GetValueRefOrAddDefault(_countsByType, entryType, out _);
            count++;
            if (payloadAbsent)
            {
                _payloadsAbsent++;
            }
        }

        void Leaf(ReadOnlySpan<byte> leafHash)
        {
            if (prefix is not null && prefix.Size < officerPrefix)
            {
                prefix.Append(leafHash);
            }

            anchorPrefix?.Append(leafHash);
        }

        void Progress()
        {
            if (_entriesRead % ProgressInterval == 0)
            {
                _options.Progress?.Report(new BundleProgress(_entriesRead, manifest.EntryCount, lines.BytesRead, length));
            }
        }
    }

    /// <summary>Runs a pipeline stage on the thread pool; if it fails, the other stages are stopped instead of waiting on it forever.</summary>
    private static Task Stage(Func<CancellationToken, Task> body, CancellationTokenSource stop) => Task.Run(async () =>
    {
        try
        {
            await body(stop.Token).ConfigureAwait(false);
        }
        catch
        {
            await stop.CancelAsync().ConfigureAwait(false);
            throw;
        }
    });

    /// <summary>Waits for stages that were told to stop, ignoring the cancellations that tell them.</summary>
    private static async Task DrainAsync(params Task[] stages)
    {
        try
        {
            await Task.WhenAll(stages).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Expected: they were cancelled because an earlier stage failed.
        }
    }

    /// <summary>
    /// Whether <see cref="Observe"/> may act on an entry of <paramref name="entryType"/> (beyond a declared purge and the caller's
    /// observer): the entry lines of these types are parsed into entries; the others are only hashed.
    /// </summary>
    private bool ObservesType(string entryType) =>
        entryType is ApprovalEntryTypes.ApprovalSigned or CheckpointKeyEntryTypes.Rotated
        || (entryType == Revocation.SignedEvidence.EntryType && _revocation is not null)
        || AdministrativeEntryTypes.IsAdministrative(entryType);

    /// <summary>Everything that depends on an entry's meaning rather than its hashes: purges, approvals, roles, the caller's observer.</summary>
    private void Observe(LedgerEntry entry)
    {
        if (_purges.Declared(entry.Sequence) is { } purge)
        {
            ConfirmPurge(entry, purge);
        }

        switch (entry.EntryType)
        {
            case ApprovalEntryTypes.ApprovalSigned when entry.Payload is not null:
                _approvalChecks!.Check(entry);
                break;
            case CheckpointKeyEntryTypes.Rotated:
                _keyChain?.Apply(entry);
                break;
            case Revocation.SignedEvidence.EntryType when _revocation is not null && Revocation.SignedEvidence.Read(entry) is var (signed, signature):
                // Signed evidence is judged for revocation like any signature the bundle carries (FORMAT.md 12.15).
                RecordSignature(BundleFormat.EntriesFile, _signatures.Verify(signed, signature), entry.Sequence);
                break;
            case var type when entry.Payload is not null && AdministrativeEntryTypes.IsAdministrative(type):
                // A compromise refuses keys only when it counts, as verify --db judges it (FORMAT.md 13.6).
                if (_approvalChecks!.AddAdministrativeEntry(entry) && type == CheckpointKeyEntryTypes.Compromised)
                {
                    _keyChain?.Apply(entry);
                }

                break;
        }

        _options.OnEntry?.Invoke(entry);
    }

    private void ConfirmPurge(LedgerEntry entry, ManifestPurge declared)
    {
        string? problem = null;
        if (entry.EntryType != BundleFormat.PurgeEntryType)
        {
            problem = $"it is a '{entry.EntryType}' entry, not a {BundleFormat.PurgeEntryType} entry";
        }
        else if (entry.Payload is null || entry.PayloadSalt is null)
        {
            problem = "its payload is absent";
        }
        else if (PurgeRegistry.Read(entry) is not { } purge)
        {
            // The one rule of FORMAT.md 9.3, the same verify --db applies.
            problem = "it is not a valid purge entry (its payload is altered, or its ranges are not ascending and disjoint, "
                + "do not add up to its count, or its policyEntry is not an earlier entry)";
        }
        else if (purge.PolicyId != declared.Policy || !purge.Ranges.Select(r => (r.First, r.Last)).SequenceEqual(declared.Ranges))
        {
            problem = "its policy or ranges differ from the manifest's declaration";
        }

        if (problem is null)
        {
            _purgesConfirmed.Add(entry.Sequence);
        }
        else
        {
            Add(BundleFindingKind.PurgeMismatch, BundleFormat.EntriesFile, entry.Sequence, $"The manifest declares a purge at this entry, but {problem}.");
            Unexcuse(entry.Sequence, problem);
        }
    }

    /// <summary>
    /// A declared purge turned out not to be a valid purge entry: the absent payloads it excused are missing after all,
    /// exactly as verify --db reports them.
    /// </summary>
    private void Unexcuse(long purgeSequence, string why)
    {
        if (!_excused.Remove(purgeSequence, out var runs))
        {
            return;
        }

        var sequences = new HashSet<long>();
        foreach (var (first, last) in runs)
        {
            for (var sequence = first; sequence <= last; sequence++)
            {
                sequences.Add(sequence);
                _unexcused++;
            }
        }

        lock (_gate)
        {
            _findings.RemoveAll(f => f.Kind == BundleFindingKind.PayloadPurged && f.Sequence is { } s && sequences.Contains(s));
        }

        foreach (var sequence in sequences.Order())
        {
            Add(BundleFindingKind.PayloadMissing, BundleFormat.EntriesFile, sequence,
                $"The payload is gone and no valid retention purge accounts for it: entry {purgeSequence}, which claims it, is not a valid purge ({why}).");
        }
    }

    private void CheckCounts(BundleManifest manifest)
    {
        void Mismatch(string message) => Add(BundleFindingKind.CountMismatch, BundleFormat.EntriesFile, null, message);

        if (_entriesRead != manifest.EntryCount)
        {
            Mismatch($"The manifest announces {manifest.EntryCount} entries; entries.jsonl holds {_entriesRead} readable ones.");
        }

        if (!_countsByType.OrderBy(p => p.Key, StringComparer.Ordinal).SequenceEqual(manifest.EntryCountsByType.OrderBy(p => p.Key, StringComparer.Ordinal)))
        {
            Mismatch("The manifest's counts by entry type differ from the entries.");
        }

        if (_payloadsAbsent != manifest.PayloadsAbsent)
        {
            Mismatch($"The manifest announces {manifest.PayloadsAbsent} absent payloads; the entries have {_payloadsAbsent}.");
        }

        _approvalChecks!.CheckAllSeen();

        foreach (var sequence in _purges.DeclaredSequences.Where(s => !_purgesConfirmed.Contains(s)).Order())
        {
            if (!_findings.Any(f => f.Kind == BundleFindingKind.PurgeMismatch && f.Sequence == sequence))
            {
                Add(BundleFindingKind.PurgeMismatch, BundleFormat.ManifestFile, sequence, "The manifest declares a purge entry here, but entries.jsonl does not hold it.");
                Unexcuse(sequence, "entries.jsonl does not hold it");
            }
        }
    }

    /// <summary>Hands a signature met during verification to the revocation check (docs/FORMAT.md 12.15), when the bundle carries revocation data.</summary>
    internal void RecordSignature(string file, SignatureVerificationResult result, long? sequence = null) => _revocation?.Record(file, result, sequence);

    /// <summary>Whether signatures are judged for revocation (the bundle carries revocation data): signatures checked only for that are skipped otherwise.</summary>
    internal bool RecordsSignatures => _revocation is not null;

    internal ManifestPurge? DeclaredPurge(long sequence) => _purges.Declared(sequence);

    /// <summary>Explains an absent payload by a declared purge, remembering which purge excused it until that purge entry is confirmed.</summary>
    internal string? PurgeExplanation(long sequence)
    {
        if (_purges.Find(sequence) is not { } purge)
        {
            return null;
        }

        if (!_excused.TryGetValue(purge.Sequence, out var runs))
        {
            _excused[purge.Sequence] = runs = [];
        }

        if (runs.Count > 0 && runs[^1].Last == sequence - 1)
        {
            runs[^1] = (runs[^1].First, sequence);
        }
        else
        {
            runs.Add((sequence, sequence));
        }

        return $"purged under policy {purge.Policy} by entry {purge.Sequence}";
    }

    internal void Add(BundleFindingKind kind, string? file, long? sequence, string message) => Add(new BundleFinding(kind, file, sequence, message));

    /// <summary>Records a finding; called from both stages of the entry pipeline.</summary>
    private void Add(BundleFinding finding)
    {
        lock (_gate)
        {
            if (finding.IsFailure)
            {
                _totalFailures++;
            }

            _failed |= finding.IsFailure && !finding.IsUnreadable;
            _unreadable |= finding.IsUnreadable;
            if (_findings.Count < EvidenceBundleVerifier.MaxRecordedFindings)
            {
                _findings.Add(finding);
            }
        }
    }

    internal static BundleFindingKind Map(VerificationStatus status) => status switch
    {
        VerificationStatus.PayloadPurged => BundleFindingKind.PayloadPurged,
        VerificationStatus.PayloadMissing => BundleFindingKind.PayloadMissing,
        VerificationStatus.DuplicateSequence => BundleFindingKind.DuplicateSequence,
        VerificationStatus.SequenceGap => BundleFindingKind.SequenceGap,
        VerificationStatus.HeadMismatch => BundleFindingKind.HeadMismatch,
        VerificationStatus.LinkBroken => BundleFindingKind.LinkBroken,
        VerificationStatus.HeaderAltered => BundleFindingKind.HeaderAltered,
        _ => BundleFindingKind.PayloadAltered,
    };

    private static string Shorten(string text) => text.Length <= 80 ? text : text[..80] + "...";
}
