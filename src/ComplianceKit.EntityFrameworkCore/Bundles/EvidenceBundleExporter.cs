using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using ComplianceKit.Approvals;
using ComplianceKit.Bundles;
using ComplianceKit.Ledger;
using ComplianceKit.Merkle;
using ComplianceKit.Signing;
using Microsoft.Extensions.Options;
using NodaTime;

namespace ComplianceKit.EntityFrameworkCore.Bundles;

/// <summary>
/// Exports a chain, or a selection of it, as an evidence bundle (docs/FORMAT.md, "Evidence bundles") that a
/// compliance officer verifies offline. The checkpoint is signed with the organisation's
/// <see cref="ICmsSigner"/>; nothing else needs a key. Works with any <see cref="IComplianceLedger"/>.
/// </summary>
/// <remarks>
/// The export is pinned to the chain's tree head when it starts: entries appended meanwhile are not in it.
/// A full export streams the chain once. A selective export reads the chain once to choose entries, then
/// each chosen entry and its inclusion proof; memory grows by 8 bytes per chosen entry. Approval statements
/// and signatures are held until the end (a few KiB each). Not thread-safe, like the ledger under it.
/// </remarks>
public sealed class EvidenceBundleExporter
{
    private readonly IComplianceLedger _ledger;
    private readonly IClock _clock;
    private readonly ComplianceKitOptions _options;

    /// <summary>Creates an exporter over a ledger.</summary>
    /// <param name="ledger">The ledger to read.</param>
    /// <param name="clock">The bundle's creation time comes from here.</param>
    /// <param name="options">The organisation named in the bundle and its checkpoint origin.</param>
    public EvidenceBundleExporter(IComplianceLedger ledger, IClock clock, IOptions<ComplianceKitOptions> options)
    {
        ArgumentNullException.ThrowIfNull(ledger);
        ArgumentNullException.ThrowIfNull(clock);
        ArgumentNullException.ThrowIfNull(options);
        _ledger = ledger;
        _clock = clock;
        _options = options.Value;
    }

    /// <summary>Writes the bundle to <paramref name="destination"/> and signs its checkpoint with <paramref name="signer"/>.</summary>
    /// <param name="destination">Where the zip goes (a file, usually); left open.</param>
    /// <param name="request">What to export.</param>
    /// <param name="signer">The organisation's key for the checkpoint.</param>
    /// <param name="cancellationToken">Cancels the export; the destination then holds an incomplete zip.</param>
    /// <exception cref="BundleExportException">The chain is missing or empty, or the earlier checkpoint is not of this chain or not a prefix of it.</exception>
    /// <exception cref="SignerCertificateRejectedException">The signer's certificate fails <see cref="SignerCertificatePolicy"/>; nothing is written.</exception>
    public async Task<BundleExportResult> ExportAsync(Stream destination, BundleExportRequest request, ICmsSigner signer, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(destination);
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(signer);
        SignerCertificatePolicy.ThrowIfUnsuitable(signer.Certificate);
        var chainId = request.ChainId;
        LedgerLimits.ValidateChainId(chainId);
        var chains = await _ledger.GetChainIdsAsync(cancellationToken).ConfigureAwait(false);
        if (!chains.Contains(chainId, StringComparer.Ordinal))
        {
            throw new BundleExportException($"The ledger holds no chain '{chainId}' (chains: {string.Join(", ", chains)}).");
        }

        var head = await _ledger.GetTreeHeadAsync(chainId, cancellationToken: cancellationToken).ConfigureAwait(false);
        if (head.Size == 0)
        {
            throw new BundleExportException($"Chain '{chainId}' has no entries to export.");
        }

        var previous = request.SinceCheckpoint is { } since ? await PreviousAsync(chainId, since, head, cancellationToken).ConfigureAwait(false) : null;
        var recorded = await RecordedAnchorsAsync(chainId, head.Size, cancellationToken).ConfigureAwait(false);
        var anchors = request.TrustAnchors.Concat(recorded).ToList();
        var now = _clock.GetCurrentInstant();
        var createdAt = Instant.FromUnixTimeSeconds(now.ToUnixTimeSeconds());
        try
        {
            using var composer = new BundleComposer(destination, _options.Organization, chainId, head, createdAt, request.Scope, request.CompressEntries);
            if (request.Scope.IsFull)
            {
                await foreach (var entry in _ledger.ReadAsync(chainId, 0, cancellationToken).ConfigureAwait(false))
                {
                    if (entry.Sequence >= head.Size)
                    {
                        break;
                    }

                    await composer.AddEntryAsync(entry, null, cancellationToken).ConfigureAwait(false);
                }
            }
            else
            {
                foreach (var sequence in await SelectAsync(chainId, request.Scope, head.Size, cancellationToken).ConfigureAwait(false))
                {
                    var entry = await _ledger.GetEntryAsync(chainId, sequence, cancellationToken).ConfigureAwait(false)
                        ?? throw new BundleExportException($"Entry {sequence} of chain '{chainId}' vanished during the export.");
                    var proof = await _ledger.GetInclusionProofAsync(chainId, sequence, head.Size, cancellationToken).ConfigureAwait(false);
                    await composer.AddEntryAsync(entry, proof.Path, cancellationToken).ConfigureAwait(false);
                }
            }

            var checkpoint = await composer.CompleteAsync(
                async (size, ct) => (await _ledger.GetConsistencyProofAsync(chainId, size, head.Size, ct).ConfigureAwait(false)).Path,
                previous, anchors, signer, cancellationToken).ConfigureAwait(false);
            return new BundleExportResult(checkpoint, composer.EntryCount, composer.ApprovalCount, request.Scope);
        }
        finally
        {
            foreach (var anchor in recorded)
            {
                anchor.Dispose();
            }
        }
    }

    /// <summary>The entries a selective scope holds, plus the purge entries that account for their absent payloads, ascending.</summary>
    private async Task<List<long>> SelectAsync(string chainId, BundleScope scope, long size, CancellationToken cancellationToken)
    {
        var purges = new List<(long Sequence, List<(long First, long Last)> Ranges)>();
        await foreach (var entry in _ledger.ReadByTypeAsync(chainId, [BundleFormat.PurgeEntryType], cancellationToken).ConfigureAwait(false))
        {
            if (entry.Sequence < size && entry.Payload is not null && PurgeIndex.TryRead(entry.Payload, out _, out var ranges) is null)
            {
                purges.Add((entry.Sequence, ranges));
            }
        }

        var chosen = new List<long>();
        var needed = new SortedSet<long>();
        var source = scope.EntryTypes.Count > 0 ? _ledger.ReadByTypeAsync(chainId, scope.EntryTypes, cancellationToken) : _ledger.ReadAsync(chainId, 0, cancellationToken);
        await foreach (var entry in source.ConfigureAwait(false))
        {
            if (entry.Sequence >= size)
            {
                break;
            }

            if (!scope.Includes(entry))
            {
                continue;
            }

            chosen.Add(entry.Sequence);
            if (entry.IsPayloadAbsent && purges.FirstOrDefault(p => p.Sequence > entry.Sequence && p.Ranges.Any(r => r.First <= entry.Sequence && entry.Sequence <= r.Last)) is { Ranges: not null } purge)
            {
                needed.Add(purge.Sequence);
            }
        }

        needed.UnionWith(chosen);
        return [.. needed];
    }

    private async Task<ManifestPreviousCheckpoint> PreviousAsync(string chainId, Checkpoint since, MerkleTreeHead head, CancellationToken cancellationToken)
    {
        var origin = Checkpoint.OriginFor(_options.Organization, chainId);
        if (since.Origin != origin)
        {
            throw new BundleExportException($"The earlier checkpoint is of '{since.Origin}', not of this chain ('{origin}').");
        }

        if (since.TreeSize > head.Size)
        {
            throw new BundleExportException(
                $"The earlier checkpoint covers {since.TreeSize} entries, but chain '{chainId}' now holds only {head.Size}: entries were removed.", contradictsCheckpoint: true);
        }

        var then = await _ledger.GetTreeHeadAsync(chainId, since.TreeSize, cancellationToken).ConfigureAwait(false);
        if (!then.Root.AsSpan().SequenceEqual(since.Root))
        {
            throw new BundleExportException(
                $"Chain '{chainId}' at size {since.TreeSize} does not have the earlier checkpoint's root: the log was rewritten since.", contradictsCheckpoint: true);
        }

        var proof = await _ledger.GetConsistencyProofAsync(chainId, since.TreeSize, head.Size, cancellationToken).ConfigureAwait(false);
        return new ManifestPreviousCheckpoint(since.Origin, since.TreeSize, since.Root, proof.Path);
    }

    /// <summary>The trust anchors recorded in the chain (<c>trust.anchor.added</c> entries with a readable certificate).</summary>
    private async Task<List<X509Certificate2>> RecordedAnchorsAsync(string chainId, long size, CancellationToken cancellationToken)
    {
        var anchors = new List<X509Certificate2>();
        await foreach (var entry in _ledger.ReadByTypeAsync(chainId, [ApprovalEntryTypes.TrustAnchorAdded], cancellationToken).ConfigureAwait(false))
        {
            if (entry.Sequence >= size || entry.Payload is null)
            {
                continue;
            }

            try
            {
                using var document = JsonDocument.Parse(entry.Payload);
                if (document.RootElement.TryGetProperty("certificatePem", out var pem) && pem.GetString() is { } text)
                {
                    anchors.Add(X509Certificate2.CreateFromPem(text));
                }
            }
            catch (Exception ex) when (ex is JsonException or System.Security.Cryptography.CryptographicException or InvalidOperationException)
            {
                // An unreadable anchor entry declares nothing; the entry itself is still exported and verified.
            }
        }

        return anchors;
    }
}
