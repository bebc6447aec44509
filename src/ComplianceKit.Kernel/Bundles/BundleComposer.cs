using System.Security.Cryptography;
using System.Security.Cryptography.Pkcs;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using ComplianceKit.Anchoring;
using ComplianceKit.Approvals;
using ComplianceKit.Ledger;
using ComplianceKit.Merkle;
using ComplianceKit.Retention;
using ComplianceKit.Signing;
using NodaTime;

namespace ComplianceKit.Bundles;

/// <summary>
/// Composes a bundle from entries fed in sequence order: writes their lines, counts them, collects the
/// approvals and purges among them, and at the end writes the approval files, certificates, trust anchors,
/// manifest and signed checkpoint. The store-facing exporter decides which entries and proofs to feed; this
/// type is pure with respect to the store. Approval statements and signatures are held in memory until
/// the end (a few KiB each). Not thread-safe.
/// </summary>
internal sealed class BundleComposer : IDisposable
{
    private readonly BundleWriter _writer;
    private readonly string _organization;
    private readonly string _chainId;
    private readonly MerkleTreeHead _head;
    private readonly Instant _createdAt;
    private readonly BundleScope _scope;
    private readonly Dictionary<string, long> _counts = new(StringComparer.Ordinal);
    private readonly List<(long Sequence, SignedApproval Approval)> _approvals = [];
    private readonly List<byte[]> _otherSignatures = [];
    private readonly List<ManifestPurge> _purges = [];
    private BundleWriter.EntriesWriter? _entries;
    private long _count;
    private long _absent;
    private long _last = -1;

    /// <param name="destination">Where the zip goes; left open.</param>
    /// <param name="organization">The organisation, as approvals and the checkpoint origin name it.</param>
    /// <param name="chainId">The chain exported.</param>
    /// <param name="head">The tree head the checkpoint signs; every entry fed must be below its size.</param>
    /// <param name="createdAt">The bundle's time, a whole second (the CMS signing time).</param>
    /// <param name="scope">Which entries are fed.</param>
    /// <param name="compressEntries">Whether to deflate entries.jsonl (smaller, slower to verify) rather than store it.</param>
    public BundleComposer(Stream destination, string organization, string chainId, MerkleTreeHead head, Instant createdAt, BundleScope scope,
        bool compressEntries = false)
    {
        _writer = new BundleWriter(destination, createdAt);
        _organization = organization;
        _chainId = chainId;
        _head = head;
        _createdAt = createdAt;
        _scope = scope;
        _entries = _writer.BeginEntries(compressEntries);
    }

    /// <summary>The format version of the manifest; exports write the current one, tests build earlier ones to prove they still verify.</summary>
    public BundleFormatVersion Version { get; init; } = BundleFormat.CurrentVersion;

    /// <summary>How many entries were fed.</summary>
    public long EntryCount => _count;

    /// <summary>How many published checkpoints <see cref="CompleteAsync"/> carried.</summary>
    public int AnchorsCarried { get; private set; }

    /// <summary>How many CRLs <see cref="CompleteAsync"/> carried.</summary>
    public int RevocationListsCarried { get; private set; }

    /// <summary>How many OCSP responses the bundle carries under <c>revocation/</c>.</summary>
    public int OcspResponsesCarried { get; private set; }

    /// <summary>How many approvals were found among them.</summary>
    public int ApprovalCount => _approvals.Count;

    /// <summary>The ledger heads the approvals fed so far name (size per approval), for the caller to prove.</summary>
    public IEnumerable<long> ApprovalHeadSizes =>
        _approvals.Where(a => a.Approval.Statement.LedgerHead.ChainId == _chainId && a.Approval.Statement.LedgerHead.Size <= _head.Size)
            .Select(a => a.Approval.Statement.LedgerHead.Size).Distinct();

    /// <summary>Writes one entry's line, with its inclusion proof in a selective bundle.</summary>
    /// <exception cref="InvalidOperationException">Entries are not fed in ascending sequence order within the tree head.</exception>
    public async ValueTask AddEntryAsync(LedgerEntry entry, IReadOnlyList<byte[]>? inclusionProof, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entry);
        if (entry.Sequence <= _last || entry.Sequence >= _head.Size)
        {
            throw new InvalidOperationException($"Entry {entry.Sequence} is out of order or beyond the tree head of size {_head.Size}.");
        }

        _last = entry.Sequence;
        await _entries!.WriteAsync(entry, inclusionProof, cancellationToken).ConfigureAwait(false);
        _count++;
        _counts[entry.EntryType] = _counts.GetValueOrDefault(entry.EntryType) + 1;
        if (entry.Payload is null || entry.PayloadSalt is null)
        {
            _absent++;
            return;
        }

        if (entry.EntryType == ApprovalEntryTypes.ApprovalSigned)
        {
            try
            {
                _approvals.Add((entry.Sequence, SignedApproval.FromEntry(entry)));
            }
            catch (FormatException)
            {
                // A malformed approval stays in entries.jsonl, where the verifier reports it; it has no files to list.
            }
        }
        else if (RevocationData is not null && Revocation.SignedEvidence.Read(entry) is var (_, evidenceSignature))
        {
            _otherSignatures.Add(evidenceSignature);
        }
        else if (entry.EntryType == BundleFormat.PurgeEntryType && PurgeRegistry.Read(entry) is { } purge)
        {
            _purges.Add(new ManifestPurge(entry.Sequence, purge.PolicyId, purge.Ranges.Select(r => (r.First, r.Last)).ToList()));
        }
    }

    /// <summary>
    /// The organisation's pinned administration root(s), declared in the bundle (<see cref="BundleFormat.AdministrationRootsFile"/>)
    /// so an auditor can check administrative entries against them; empty for a ledger without a pinned root.
    /// </summary>
    public IReadOnlyList<X509Certificate2> AdministrationRoots { get; init; } = [];

    /// <summary>
    /// Published checkpoints to carry with their witness co-signatures (version 2, docs/FORMAT.md 12.14): those of this chain's
    /// origin at or below the head, once per size; others are left out.
    /// </summary>
    public IReadOnlyList<Anchoring.StoredCheckpoint> Anchors { get; init; } = [];

    /// <summary>
    /// Where the CRLs for the bundle's signatures come from (version 2, docs/FORMAT.md 12.15); null to carry none, and then a verifier
    /// reports revocation not checked.
    /// </summary>
    public Revocation.IRevocationDataSource? RevocationData { get; init; }

    /// <summary>Writes everything after the entries and signs the checkpoint.</summary>
    /// <param name="ledgerHeadProof">Proves the tree of a given size a prefix of the checkpoint's tree (for approval statements).</param>
    /// <param name="previous">The earlier checkpoint and its consistency proof, when exporting since one.</param>
    /// <param name="trustAnchors">The trust anchors the organisation declares.</param>
    /// <param name="signer">The organisation's checkpoint signer.</param>
    /// <param name="cancellationToken">Cancels the export.</param>
    public async Task<Checkpoint> CompleteAsync(Func<long, CancellationToken, Task<IReadOnlyList<byte[]>>> ledgerHeadProof,
        ManifestPreviousCheckpoint? previous, IReadOnlyList<X509Certificate2> trustAnchors, ICmsSigner signer, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(ledgerHeadProof);
        ArgumentNullException.ThrowIfNull(trustAnchors);
        ArgumentNullException.ThrowIfNull(signer);
        await _entries!.DisposeAsync().ConfigureAwait(false);
        _entries = null;

        var proofs = new Dictionary<long, IReadOnlyList<byte[]>>();
        foreach (var size in ApprovalHeadSizes)
        {
            proofs[size] = await ledgerHeadProof(size, cancellationToken).ConfigureAwait(false);
        }

        var approvals = new List<ManifestApproval>(_approvals.Count);
        foreach (var (sequence, approval) in _approvals)
        {
            var statementFile = BundleFormat.ApprovalStatementFile(sequence);
            var signatureFile = BundleFormat.ApprovalSignatureFile(sequence);
            await _writer.AddFileAsync(statementFile, approval.StatementBytes, cancellationToken).ConfigureAwait(false);
            await _writer.AddFileAsync(signatureFile, approval.Signature, cancellationToken).ConfigureAwait(false);
            string? certificateFile = null;
            if (SignerCertificate(approval.Signature) is { } certificate)
            {
                using (certificate)
                {
                    certificateFile = await _writer.AddCertificateAsync(certificate, cancellationToken).ConfigureAwait(false);
                }
            }

            var head = approval.Statement.LedgerHead;
            approvals.Add(new ManifestApproval(sequence, statementFile, signatureFile, certificateFile,
                head.ChainId == _chainId ? proofs.GetValueOrDefault(head.Size) : null));
        }

        var carried = await WriteAnchorsAsync(ledgerHeadProof, cancellationToken).ConfigureAwait(false);
        AnchorsCarried = carried.Count;
        var revocation = await WriteRevocationDataAsync(signer.Certificate, cancellationToken).ConfigureAwait(false);
        RevocationListsCarried = revocation.Count - OcspResponsesCarried;
        var signerFile = await _writer.AddCertificateAsync(signer.Certificate, cancellationToken).ConfigureAwait(false);
        var anchors = trustAnchors.DistinctBy(CertificateFingerprint.Of).ToList();
        if (anchors.Count > 0)
        {
            var pem = new StringBuilder();
            foreach (var anchor in anchors)
            {
                pem.Append(anchor.ExportCertificatePem()).Append('\n');
            }

            await _writer.AddFileAsync(BundleFormat.TrustAnchorsFile, Encoding.ASCII.GetBytes(pem.ToString()), cancellationToken).ConfigureAwait(false);
        }

        var administrationRoots = AdministrationRoots.DistinctBy(CertificateFingerprint.Of).ToList();
        if (administrationRoots.Count > 0)
        {
            var pem = new StringBuilder();
            foreach (var root in administrationRoots)
            {
                pem.Append(root.ExportCertificatePem()).Append('\n');
            }

            await _writer.AddFileAsync(BundleFormat.AdministrationRootsFile, Encoding.ASCII.GetBytes(pem.ToString()), cancellationToken).ConfigureAwait(false);
        }

        var manifest = new BundleManifest
        {
            Version = Version,
            Organization = _organization,
            ChainId = _chainId,
            CreatedAt = _createdAt,
            Origin = Checkpoint.OriginFor(_organization, _chainId),
            TreeSize = _head.Size,
            TreeRoot = _head.Root,
            Scope = _scope,
            EntryCount = _count,
            PayloadsAbsent = _absent,
            EntryCountsByType = new SortedDictionary<string, long>(_counts, StringComparer.Ordinal),
            Purges = _purges,
            Approvals = approvals,
            PreviousCheckpoint = previous,
            CheckpointSigner = new ManifestCertificate(CertificateFingerprint.Of(signer.Certificate), signer.Certificate.Subject, signerFile),
            TrustAnchors = anchors.Select(a => new ManifestCertificate(CertificateFingerprint.Of(a), a.Subject, BundleFormat.TrustAnchorsFile)).ToList(),
            AdministrationRoots = administrationRoots.Select(r => new ManifestCertificate(CertificateFingerprint.Of(r), r.Subject, BundleFormat.AdministrationRootsFile)).ToList(),
            Anchors = carried,
            Revocation = revocation,
            Files = _writer.Files.OrderBy(f => f.Name, StringComparer.Ordinal).ToList(),
        };
        return await _writer.CompleteAsync(manifest, signer, cancellationToken).ConfigureAwait(false);
    }

    public void Dispose() => _writer.Dispose();

    /// <summary>
    /// Writes the carried checkpoints' files (FORMAT.md 12.14) with the proof that the head extends each; a checkpoint the head does not
    /// extend refuses the export before anything is signed.
    /// </summary>
    private async Task<List<ManifestAnchor>> WriteAnchorsAsync(Func<long, CancellationToken, Task<IReadOnlyList<byte[]>>> consistencyProof, CancellationToken cancellationToken)
    {
        var origin = Checkpoint.OriginFor(_organization, _chainId);
        var carried = new List<ManifestAnchor>();
        var chosen = Anchors.Where(a => a.Checkpoint.Checkpoint.Origin == origin && a.Checkpoint.Checkpoint.TreeSize is > 0 && a.Checkpoint.Checkpoint.TreeSize <= _head.Size)
            .GroupBy(a => a.Checkpoint.Checkpoint.TreeSize).OrderBy(g => g.Key);
        foreach (var group in chosen)
        {
            var size = group.Key;
            var checkpoint = group.First().Checkpoint;
            if (group.Any(a => !a.Checkpoint.Checkpoint.Root.AsSpan().SequenceEqual(checkpoint.Checkpoint.Root)))
            {
                throw new BundleExportException($"Two published checkpoints of {origin} at size {size} have different roots: the log forked.", contradictsCheckpoint: true);
            }

            var proof = size == _head.Size ? [] : await consistencyProof(size, cancellationToken).ConfigureAwait(false);
            var extends = size == _head.Size
                ? checkpoint.Checkpoint.Root.AsSpan().SequenceEqual(_head.Root)
                : MerkleProofVerifier.VerifyConsistency(new ConsistencyProof(size, _head.Size, proof), checkpoint.Checkpoint.Root, _head.Root).IsValid;
            if (!extends)
            {
                throw new BundleExportException(
                    $"The chain does not extend the published checkpoint of {origin} at size {size} ({group.First().File}): the entries it covers were rewritten.", contradictsCheckpoint: true);
            }

            var bytes = checkpoint.Checkpoint.ToBytes();
            await _writer.AddFileAsync(BundleFormat.AnchorCheckpointFile(size), bytes, cancellationToken).ConfigureAwait(false);
            await _writer.AddFileAsync(BundleFormat.AnchorSignatureFile(size), checkpoint.Signature, cancellationToken).ConfigureAwait(false);
            _otherSignatures.Add(checkpoint.Signature);
            var cosignatures = new SortedDictionary<string, byte[]>(StringComparer.Ordinal);
            foreach (var cosignature in group.SelectMany(a => a.Cosignatures))
            {
                // Only an intact co-signature over these bytes is carried, once per witness; its file is named by the witness certificate.
                if (Anchoring.WitnessCosignatures.SignerOf(bytes, cosignature) is { } witness)
                {
                    cosignatures.TryAdd(BundleFormat.AnchorCosignatureFile(size, witness), cosignature);
                }
            }

            foreach (var (name, cosignature) in cosignatures)
            {
                await _writer.AddFileAsync(name, cosignature, cancellationToken).ConfigureAwait(false);
            }

            carried.Add(new ManifestAnchor(size, BundleFormat.AnchorCheckpointFile(size), BundleFormat.AnchorSignatureFile(size), [.. cosignatures.Keys], proof));
        }

        return carried;
    }

    /// <summary>
    /// Writes <c>revocation/&lt;sha256&gt;.crl</c> and <c>.ocsp</c> for the CRLs and OCSP responses current at each signature's trusted time:
    /// every approval's, signed evidence's and carried checkpoint's (its token's time, else its signing time) and the checkpoint's (the
    /// bundle's time, which its signing time is).
    /// </summary>
    private async Task<List<string>> WriteRevocationDataAsync(X509Certificate2 checkpointSigner, CancellationToken cancellationToken)
    {
        if (RevocationData is null)
        {
            return [];
        }

        if (Version == BundleFormatVersion.V1)
        {
            throw new BundleExportException("A format version 1 bundle cannot carry revocation data (docs/FORMAT.md 12.15); export version 2.");
        }

        var collector = new Revocation.RevocationDataCollector(RevocationData);
        try
        {
            foreach (var signature in _approvals.Select(a => a.Approval.Signature).Concat(_otherSignatures))
            {
                if (Revocation.SignedAt.Read(signature) is var (certificate, at))
                {
                    using (certificate)
                    {
                        await collector.AddAsync(certificate, at, cancellationToken).ConfigureAwait(false);
                    }
                }
            }

            await collector.AddAsync(checkpointSigner, _createdAt, cancellationToken).ConfigureAwait(false);
        }
        catch (InvalidDataException ex)
        {
            throw new BundleExportException($"{ex.Message} Nothing was signed.", ex);
        }

        var files = collector.Crls.Select(c => (Name: BundleFormat.RevocationListFile(c.Key), Der: c.Value))
            .Concat(collector.OcspResponses.Select(r => (Name: BundleFormat.OcspResponseFile(r.Key), Der: r.Value)))
            .OrderBy(f => f.Name, StringComparer.Ordinal)
            .ToList();
        foreach (var (name, der) in files)
        {
            await _writer.AddFileAsync(name, der, cancellationToken).ConfigureAwait(false);
        }

        OcspResponsesCarried = collector.OcspResponses.Count;
        return files.Select(f => f.Name).ToList();
    }

    private static X509Certificate2? SignerCertificate(byte[] signature)
    {
        try
        {
            var cms = new SignedCms();
            cms.Decode(signature);
            return cms.SignerInfos.Count == 1 && cms.SignerInfos[0].Certificate is { } certificate
                ? X509CertificateLoader.LoadCertificate(certificate.RawData)
                : null;
        }
        catch (CryptographicException)
        {
            return null;
        }
    }
}
