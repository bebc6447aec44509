using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using ComplianceKit.Anchoring;
using ComplianceKit.Approvals;
using ComplianceKit.CheckpointKeys;
using ComplianceKit.Ledger;
using ComplianceKit.Merkle;
using ComplianceKit.Retention;
using ComplianceKit.Signing;
using ComplianceKit.Telemetry;
using ComplianceKit.Verification;
using NodaTime;

namespace ComplianceKit.Bundles;

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
    public EvidenceBundleExporter(IComplianceLedger ledger, IClock clock, ComplianceKitOptions options)
    {
        ArgumentNullException.ThrowIfNull(ledger);
        ArgumentNullException.ThrowIfNull(clock);
        ArgumentNullException.ThrowIfNull(options);
        _ledger = ledger;
        _clock = clock;
        _options = options;
    }

    /// <summary>Writes the bundle to <paramref name="destination"/> and signs its checkpoint with <paramref name="signer"/>.</summary>
    /// <param name="destination">Where the zip goes (a file, usually); left open.</param>
    /// <param name="request">What to export.</param>
    /// <param name="signer">The organisation's key for the checkpoint.</param>
    /// <param name="cancellationToken">Cancels the export; the destination then holds an incomplete zip.</param>
    /// <exception cref="BundleExportException">The chain is missing or empty, does not verify, gives a proof that fails against the root about to be
    /// signed (nothing is signed then), or the earlier checkpoint is not of this chain or not a prefix of it.</exception>
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

        VerifiedChain chain;
        try
        {
            chain = await VerifiedChain.OpenAsync(_ledger, chainId, cancellationToken).ConfigureAwait(false);
        }
        catch (LedgerNotVerifiedException ex)
        {
            throw new BundleExportException($"{ex.Message} Nothing was exported: run verify --db to see every finding.", ledgerFails: true);
        }

        await using (chain.ConfigureAwait(false))
        {
            using var activity = ComplianceKitDiagnostics.StartActivity(ComplianceKitActivityNames.Export, chainId);
            try
            {
                var result = await ExportAsync(destination, request, signer, chain, cancellationToken).ConfigureAwait(false);
                activity?.SetTag(ComplianceKitTagNames.Entries, result.Entries);
                return result;
            }
            catch (Exception ex)
            {
                ComplianceKitDiagnostics.Fail(activity, ex);
                throw;
            }
        }
    }

    private async Task<BundleExportResult> ExportAsync(Stream destination, BundleExportRequest request, ICmsSigner signer, VerifiedChain chain,
        CancellationToken cancellationToken)
    {
        var chainId = chain.ChainId;
        var head = chain.Head;
        if (head.Size == 0)
        {
            throw new BundleExportException($"Chain '{chainId}' has no entries to export.");
        }

        var previous = request.SinceCheckpoint is { } since ? await PreviousAsync(chain, since, cancellationToken).ConfigureAwait(false) : null;
        var recorded = await RecordedAnchorsAsync(chain, cancellationToken).ConfigureAwait(false);
        var anchors = request.TrustAnchors.Concat(recorded).ToList();
        // The newest checkpoint the chain records with co-signatures travels with the bundle (FORMAT.md 12.14).
        var cosigned = (await Anchoring.RecordedCheckpoints.ReadAsync(chain, cancellationToken).ConfigureAwait(false)).LastOrDefault(c => c.Cosignatures.Count > 0);
        var now = _clock.GetCurrentInstant();
        var createdAt = Instant.FromUnixTimeSeconds(now.ToUnixTimeSeconds());
        try
        {
            using var composer = new BundleComposer(destination, _options.Organization, chainId, head, createdAt, request.Scope, request.CompressEntries)
            {
                AdministrationRoots = request.AdministrationRoots,
                Anchors = cosigned is null ? request.Anchors : [.. request.Anchors, cosigned],
                RevocationData = request.RevocationData,
            };
            if (request.Scope.IsFull)
            {
                await foreach (var entry in chain.ReadAsync(0, cancellationToken).ConfigureAwait(false))
                {
                    await composer.AddEntryAsync(entry, null, cancellationToken).ConfigureAwait(false);
                }
            }
            else
            {
                foreach (var sequence in await SelectAsync(chain, request.Scope, cancellationToken).ConfigureAwait(false))
                {
                    var entry = await chain.GetEntryAsync(sequence, cancellationToken).ConfigureAwait(false)
                        ?? throw new BundleExportException($"Entry {sequence} of chain '{chainId}' vanished during the export.");
                    var proof = await chain.GetInclusionProofAsync(sequence, head.Size, cancellationToken).ConfigureAwait(false);
                    Require(MerkleProofVerifier.VerifyInclusion(MerkleHasher.HashLeaf(entry.EntryHash), proof, head.Root), $"the inclusion proof of entry {sequence}");
                    await composer.AddEntryAsync(entry, proof.Path, cancellationToken).ConfigureAwait(false);
                }
            }

            var checkpoint = await composer.CompleteAsync(
                async (size, ct) => (await ProvenConsistencyAsync(chain, size, null, ct).ConfigureAwait(false)).Path,
                previous, anchors, signer, cancellationToken).ConfigureAwait(false);
            return new BundleExportResult(checkpoint, composer.EntryCount, composer.ApprovalCount, request.Scope) { AnchorsCarried = composer.AnchorsCarried, RevocationListsCarried = composer.RevocationListsCarried, OcspResponsesCarried = composer.OcspResponsesCarried };
        }
        finally
        {
            foreach (var anchor in recorded)
            {
                anchor.Dispose();
            }
        }
    }

    /// <summary>
    /// A consistency proof from <paramref name="size"/> to the verified head, checked against the head's root (the one the
    /// checkpoint signs) and the root at <paramref name="size"/> (<paramref name="firstRoot"/>, or the ledger's), before it goes in.
    /// </summary>
    private static async Task<ConsistencyProof> ProvenConsistencyAsync(VerifiedChain chain, long size, byte[]? firstRoot, CancellationToken cancellationToken)
    {
        var proof = await chain.GetConsistencyProofAsync(size, chain.Size, cancellationToken).ConfigureAwait(false);
        var root = firstRoot ?? (await chain.GetTreeHeadAsync(size, cancellationToken).ConfigureAwait(false)).Root;
        Require(MerkleProofVerifier.VerifyConsistency(proof, root, chain.Head.Root), $"the consistency proof from size {size} to {chain.Size}");
        return proof;
    }

    /// <summary>Refuses the export, before anything is signed, when a proof from the store fails against the root to be signed.</summary>
    private static void Require(MerkleProofResult result, string what)
    {
        if (!result.IsValid)
        {
            throw new BundleExportException(
                $"The store gave {what} that does not verify against the root about to be signed ({result.Message}); its stored Merkle nodes are damaged. Nothing was signed: run verify --db.",
                ledgerFails: true);
        }
    }

    /// <summary>
    /// The entries a selective scope holds, plus the purge entries that account for their absent payloads and every checkpoint key entry
    /// (docs/FORMAT.md 12.16: a verifier follows the chain of keys from the one it pinned to the checkpoint's), ascending.
    /// </summary>
    private static async Task<List<long>> SelectAsync(VerifiedChain chain, BundleScope scope, CancellationToken cancellationToken)
    {
        var purges = new List<(long Sequence, List<(long First, long Last)> Ranges)>();
        await foreach (var entry in chain.ReadByTypeAsync([BundleFormat.PurgeEntryType], cancellationToken).ConfigureAwait(false))
        {
            if (PurgeRegistry.Read(entry) is { } purge)
            {
                purges.Add((entry.Sequence, purge.Ranges.Select(r => (r.First, r.Last)).ToList()));
            }
        }

        var chosen = new List<long>();
        var needed = new SortedSet<long>();
        await foreach (var entry in chain.ReadByTypeAsync(CheckpointKeyEntryTypes.All.ToArray(), cancellationToken).ConfigureAwait(false))
        {
            needed.Add(entry.Sequence);
        }

        var source = scope.EntryTypes.Count > 0 ? chain.ReadByTypeAsync(scope.EntryTypes, cancellationToken) : chain.ReadAsync(0, cancellationToken);
        await foreach (var entry in source.ConfigureAwait(false))
        {
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

    private async Task<ManifestPreviousCheckpoint> PreviousAsync(VerifiedChain chain, Checkpoint since, CancellationToken cancellationToken)
    {
        var chainId = chain.ChainId;
        var head = chain.Head;
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

        var then = await chain.GetTreeHeadAsync(since.TreeSize, cancellationToken).ConfigureAwait(false);
        if (!then.Root.AsSpan().SequenceEqual(since.Root))
        {
            throw new BundleExportException(
                $"Chain '{chainId}' at size {since.TreeSize} does not have the earlier checkpoint's root: the log was rewritten since.", contradictsCheckpoint: true);
        }

        var proof = await ProvenConsistencyAsync(chain, since.TreeSize, since.Root, cancellationToken).ConfigureAwait(false);
        return new ManifestPreviousCheckpoint(since.Origin, since.TreeSize, since.Root, proof.Path);
    }

    /// <summary>The trust anchors recorded in the chain (<c>trust.anchor.added</c> entries with a readable certificate).</summary>
    private static async Task<List<X509Certificate2>> RecordedAnchorsAsync(VerifiedChain chain, CancellationToken cancellationToken)
    {
        var anchors = new List<X509Certificate2>();
        await foreach (var entry in chain.ReadByTypeAsync([ApprovalEntryTypes.TrustAnchorAdded], cancellationToken).ConfigureAwait(false))
        {
            if (entry.Payload is null)
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
