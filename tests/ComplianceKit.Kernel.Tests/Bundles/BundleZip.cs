using System.IO.Compression;
using ComplianceKit.Bundles;
using ComplianceKit.Signing;
using ComplianceKit.Tests.Signing;

namespace ComplianceKit.Tests.Bundles;

/// <summary>Reads and rewrites bundle archives in memory, the way someone with a zip tool would alter one.</summary>
internal static class BundleZip
{
    public static Dictionary<string, byte[]> Members(byte[] bundle)
    {
        using var zip = new ZipArchive(new MemoryStream(bundle), ZipArchiveMode.Read);
        return zip.Entries.ToDictionary(e => e.FullName, e =>
        {
            using var stream = e.Open();
            var copy = new MemoryStream();
            stream.CopyTo(copy);
            return copy.ToArray();
        });
    }

    /// <summary>Writes <paramref name="members"/> as a zip, in order, entries.jsonl stored and the rest deflated.</summary>
    public static byte[] Write(IEnumerable<KeyValuePair<string, byte[]>> members)
    {
        var output = new MemoryStream();
        using (var zip = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (name, bytes) in members)
            {
                var entry = zip.CreateEntry(name, name == BundleFormat.EntriesFile ? CompressionLevel.NoCompression : CompressionLevel.Optimal);
                using var stream = entry.Open();
                stream.Write(bytes);
            }
        }

        return output.ToArray();
    }

    /// <summary>Changes members (null removes one) and keeps everything else, signatures included: what an intruder can do.</summary>
    public static byte[] Rewrite(byte[] bundle, Func<string, byte[], byte[]?> change)
    {
        var members = Members(bundle).Select(m => KeyValuePair.Create(m.Key, change(m.Key, m.Value)))
            .Where(m => m.Value is not null).Select(m => KeyValuePair.Create(m.Key, m.Value!));
        return Write(members);
    }

    /// <summary>
    /// Changes members, then recomputes the manifest's digests, SHA256SUMS and the checkpoint and signs it again with a
    /// trusted key: what a dishonest exporter holding the organisation's key can do. Only internal consistency checks can catch it.
    /// </summary>
    public static async Task<byte[]> ResignAsync(byte[] bundle, Func<string, byte[], byte[]?> change, Func<BundleManifest, BundleManifest>? edit = null,
        ICmsSigner? signer = null, IReadOnlyDictionary<string, byte[]>? add = null)
    {
        var members = Members(bundle);
        var manifest = BundleManifest.Parse(members[BundleFormat.ManifestFile]);
        string[] root = [BundleFormat.ManifestFile, BundleFormat.SumsFile, BundleFormat.CheckpointFile, BundleFormat.CheckpointSignatureFile];
        var output = new MemoryStream();
        using var ownSigner = signer is null ? new X509CertificateSigner(TestPki.Instance.RsaSigner) : null;
        using (var writer = new BundleWriter(output, manifest.CreatedAt))
        {
            foreach (var (name, bytes) in members.Where(m => !root.Contains(m.Key)))
            {
                if (change(name, bytes) is { } changed)
                {
                    await writer.AddFileAsync(name, changed, CancellationToken.None);
                }
            }

            foreach (var (name, bytes) in add ?? new Dictionary<string, byte[]>())
            {
                await writer.AddFileAsync(name, bytes, CancellationToken.None);
            }

            var files = writer.Files.OrderBy(f => f.Name, StringComparer.Ordinal).ToList();
            var rebuilt = Copy(manifest, files);
            await writer.CompleteAsync(edit is null ? rebuilt : edit(rebuilt), signer ?? ownSigner!, CancellationToken.None);
        }

        return output.ToArray();
    }

    public static BundleManifest Copy(BundleManifest m, IReadOnlyList<ManifestFile>? files = null, long? entryCount = null,
        IReadOnlyList<ManifestApproval>? approvals = null, IReadOnlyList<ManifestPurge>? purges = null, BundleScope? scope = null,
        ManifestCertificate? checkpointSigner = null, BundleFormatVersion? version = null, IReadOnlyList<ManifestAnchor>? anchors = null,
        IReadOnlyList<string>? revocation = null) => new()
    {
        Version = version ?? m.Version,
        Organization = m.Organization,
        ChainId = m.ChainId,
        CreatedAt = m.CreatedAt,
        Origin = m.Origin,
        TreeSize = m.TreeSize,
        TreeRoot = m.TreeRoot,
        Scope = scope ?? m.Scope,
        EntryCount = entryCount ?? m.EntryCount,
        PayloadsAbsent = m.PayloadsAbsent,
        EntryCountsByType = m.EntryCountsByType,
        Purges = purges ?? m.Purges,
        Approvals = approvals ?? m.Approvals,
        PreviousCheckpoint = m.PreviousCheckpoint,
        CheckpointSigner = checkpointSigner ?? m.CheckpointSigner,
        TrustAnchors = m.TrustAnchors,
        AdministrationRoots = m.AdministrationRoots,
        Anchors = anchors ?? m.Anchors,
        Revocation = revocation ?? m.Revocation,
        Files = files ?? m.Files,
    };

    /// <summary>The lines of entries.jsonl, without their line feeds.</summary>
    public static List<string> Lines(byte[] entries) =>
        System.Text.Encoding.UTF8.GetString(entries).Split('\n', StringSplitOptions.RemoveEmptyEntries).ToList();

    public static byte[] Join(IEnumerable<string> lines) => System.Text.Encoding.UTF8.GetBytes(string.Concat(lines.Select(l => l + "\n")));
}
