using System.IO.Compression;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using ComplianceKit.Anchoring;
using ComplianceKit.Approvals;
using ComplianceKit.Hashing;
using ComplianceKit.Ledger;
using ComplianceKit.Signing;
using NodaTime;

namespace ComplianceKit.Bundles;

/// <summary>
/// Writes a bundle's zip to a stream in one pass: the entries first (streamed, hashed as written), then
/// the other files, then <c>SHA256SUMS</c>, the manifest, the checkpoint that names both their digests,
/// and the organisation's signature over it. Every member's SHA-256 is computed as it is written.
/// Not thread-safe.
/// </summary>
internal sealed class BundleWriter : IDisposable
{
    private readonly ZipArchive _zip;
    private readonly DateTimeOffset _timestamp;
    private readonly List<ManifestFile> _files = [];
    private readonly HashSet<string> _names = new(StringComparer.Ordinal);

    /// <param name="destination">Where the zip goes; left open.</param>
    /// <param name="createdAt">The bundle's time: every member's timestamp, the manifest's createdAt and the signing time.</param>
    public BundleWriter(Stream destination, Instant createdAt)
    {
        _zip = new ZipArchive(destination, ZipArchiveMode.Create, leaveOpen: true);
        _timestamp = createdAt.ToDateTimeOffset();
    }

    /// <summary>The files written so far, with their sizes and digests.</summary>
    public IReadOnlyList<ManifestFile> Files => _files;

    /// <summary>
    /// Opens <c>entries.jsonl</c>; write every line, then dispose the writer it returns before adding other files.
    /// Stored uncompressed unless <paramref name="compress"/>: verification then reads the very bytes it hashes,
    /// at about twice the speed, for a file about three times larger.
    /// </summary>
    public EntriesWriter BeginEntries(bool compress) =>
        new(this, Create(BundleFormat.EntriesFile, compress ? CompressionLevel.Fastest : CompressionLevel.NoCompression));

    /// <summary>Adds a whole file.</summary>
    public async Task AddFileAsync(string name, ReadOnlyMemory<byte> bytes, CancellationToken cancellationToken)
    {
        var stream = Create(name, CompressionLevel.Optimal);
        await using (stream.ConfigureAwait(false))
        {
            await stream.WriteAsync(bytes, cancellationToken).ConfigureAwait(false);
        }

        _files.Add(new ManifestFile(name, bytes.Length, Hex.Format(SHA256.HashData(bytes.Span))));
    }

    /// <summary>Adds a certificate as PEM under <see cref="BundleFormat.CertificateFile"/> unless it is already there; returns its member name.</summary>
    public async Task<string> AddCertificateAsync(X509Certificate2 certificate, CancellationToken cancellationToken)
    {
        var name = BundleFormat.CertificateFile(CertificateFingerprint.Of(certificate));
        if (!_names.Contains(name))
        {
            await AddFileAsync(name, System.Text.Encoding.ASCII.GetBytes(certificate.ExportCertificatePem() + "\n"), cancellationToken).ConfigureAwait(false);
        }

        return name;
    }

    /// <summary>Writes SHA256SUMS, the manifest, the checkpoint and its signature, and closes the archive.</summary>
    /// <returns>The signed checkpoint.</returns>
    public async Task<Checkpoint> CompleteAsync(BundleManifest manifest, ICmsSigner signer, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(signer);
        SignerCertificatePolicy.ThrowIfUnsuitable(signer.Certificate);
        var manifestBytes = manifest.ToBytes();
        var manifestSha256 = Hex.Format(SHA256.HashData(manifestBytes));
        var sums = SumsFile.Write([new ManifestFile(BundleFormat.ManifestFile, manifestBytes.Length, manifestSha256), .. manifest.Files]);
        var checkpoint = new Checkpoint(manifest.Origin, manifest.TreeSize, manifest.TreeRoot,
        [
            $"{BundleFormat.ManifestDigestExtension} {manifestSha256}",
            $"{BundleFormat.SumsDigestExtension} {Hex.Format(SHA256.HashData(sums))}",
        ]);
        var body = checkpoint.ToBytes();
        var signature = await signer.SignDetachedAsync(body, manifest.CreatedAt, cancellationToken).ConfigureAwait(false);
        if (manifest.Version == BundleFormatVersion.V1 && SignatureTimestamps.Find(signature) is not null)
        {
            // A version 1 checkpoint signature has no unsigned attributes: writing one would make a bundle every verifier refuses.
            throw new BundleExportException("A version 1 bundle's checkpoint signature cannot carry a timestamp token; export version 2, or sign without a timestamp.");
        }

        await WriteRawAsync(BundleFormat.SumsFile, sums, cancellationToken).ConfigureAwait(false);
        await WriteRawAsync(BundleFormat.ManifestFile, manifestBytes, cancellationToken).ConfigureAwait(false);
        await WriteRawAsync(BundleFormat.CheckpointFile, body, cancellationToken).ConfigureAwait(false);
        await WriteRawAsync(BundleFormat.CheckpointSignatureFile, signature, cancellationToken).ConfigureAwait(false);
        _zip.Dispose();
        return checkpoint;
    }

    public void Dispose() => _zip.Dispose();

    private async Task WriteRawAsync(string name, byte[] bytes, CancellationToken cancellationToken)
    {
        var stream = Create(name, CompressionLevel.Optimal);
        await using (stream.ConfigureAwait(false))
        {
            await stream.WriteAsync(bytes, cancellationToken).ConfigureAwait(false);
        }
    }

    private Stream Create(string name, CompressionLevel level)
    {
        if (!_names.Add(name))
        {
            throw new InvalidOperationException($"The bundle already holds {name}.");
        }

        var entry = _zip.CreateEntry(name, level);
        entry.LastWriteTime = _timestamp;
        entry.ExternalAttributes = 0x81A4 << 16; // a regular file, rw-r--r--
        return entry.Open();
    }

    /// <summary>Streams the lines of <c>entries.jsonl</c> into the archive, hashing them as they go.</summary>
    internal sealed class EntriesWriter : IAsyncDisposable
    {
        private const int FlushThreshold = 256 * 1024;
        private readonly BundleWriter _owner;
        private readonly Stream _stream;
        private readonly EntryLineWriter _lines = new();
        private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        private long _size;

        public EntriesWriter(BundleWriter owner, Stream stream)
        {
            _owner = owner;
            _stream = stream;
        }

        public async ValueTask WriteAsync(LedgerEntry entry, IReadOnlyList<byte[]>? inclusionProof, CancellationToken cancellationToken)
        {
            _lines.Write(entry, inclusionProof);
            if (_lines.Written.Length >= FlushThreshold)
            {
                await FlushAsync(cancellationToken).ConfigureAwait(false);
            }
        }

        public async ValueTask DisposeAsync()
        {
            await FlushAsync(CancellationToken.None).ConfigureAwait(false);
            await _stream.DisposeAsync().ConfigureAwait(false);
            _owner._files.Add(new ManifestFile(BundleFormat.EntriesFile, _size, Hex.Format(_hash.GetHashAndReset())));
            _hash.Dispose();
            _lines.Dispose();
        }

        private async ValueTask FlushAsync(CancellationToken cancellationToken)
        {
            var written = _lines.Written.ToArray();
            _hash.AppendData(written);
            _size += written.Length;
            await _stream.WriteAsync(written, cancellationToken).ConfigureAwait(false);
            _lines.Clear();
        }
    }
}
