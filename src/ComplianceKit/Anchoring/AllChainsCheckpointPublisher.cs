using ComplianceKit.Ledger;
using ComplianceKit.Merkle;
using ComplianceKit.Signing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using NodaTime;

namespace ComplianceKit.Anchoring;

/// <summary>
/// Takes one signed checkpoint over every chain of the ledger (docs/FORMAT.md 13.8) and publishes it: appends the heads of the
/// chains that grew to the heads log, signs the C2SP checkpoint of that log with the organisation's key, records both as a
/// <c>checkpoint.all-chains</c> entry in the chain <see cref="AllChainsCheckpoint.RecordingChainId"/>, gives every recorded one a
/// sink lacks to that sink, and asks the witnesses to co-sign the newest, with consistency proofs of the heads log.
/// </summary>
/// <remarks>Not thread-safe (like the ledger under it). A host with a chain per tenant or facility publishes and witnesses this one origin.</remarks>
public sealed class AllChainsCheckpointPublisher
{
    private const string Actor = "compliancekit-checkpoint";
    private readonly IComplianceLedger _ledger;
    private readonly IClock _clock;
    private readonly ComplianceKitOptions _options;
    private readonly IReadOnlyList<ICheckpointSink> _sinks;
    private readonly ILogger _logger;

    /// <summary>Creates a publisher over a ledger and the sinks checkpoints go to (none: checkpoints are only recorded).</summary>
    public AllChainsCheckpointPublisher(IComplianceLedger ledger, IClock clock, IOptions<ComplianceKitOptions> options, IEnumerable<ICheckpointSink> sinks,
        ILogger<AllChainsCheckpointPublisher>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(ledger);
        ArgumentNullException.ThrowIfNull(clock);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(sinks);
        _ledger = ledger;
        _clock = clock;
        _options = options.Value;
        _sinks = sinks.ToList();
        _logger = (ILogger?)logger ?? NullLogger.Instance;
    }

    /// <summary>Witnesses asked to co-sign each new all-chains checkpoint, as <see cref="CheckpointPublisher.Witnesses"/>; none by default.</summary>
    public IReadOnlyList<ICheckpointWitnessClient> Witnesses { get; init; } = [];

    /// <summary>How many distinct witnesses must co-sign the newest all-chains checkpoint for a run to be complete (default 0).</summary>
    public int WitnessesRequired { get; init; }

    /// <summary>Records an all-chains checkpoint now unless no chain grew since the last one; then publishes every pending one.</summary>
    public Task<CheckpointPublication> PublishAsync(ICmsSigner signer, CancellationToken cancellationToken = default) =>
        RunAsync(signer, schedule: null, cancellationToken);

    /// <summary>
    /// As <see cref="PublishAsync"/>, but records one only when <paramref name="schedule"/> says so, counting the entries every chain
    /// gained since the last all-chains checkpoint; pending publications are retried either way.
    /// </summary>
    public Task<CheckpointPublication> PublishIfDueAsync(ICmsSigner signer, CheckpointSchedule schedule, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(schedule);
        return RunAsync(signer, schedule, cancellationToken);
    }

    private async Task<CheckpointPublication> RunAsync(ICmsSigner signer, CheckpointSchedule? schedule, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(signer);
        const string recordingChain = AllChainsCheckpoint.RecordingChainId;
        var rounds = new List<(RecordedCheckpoint Recorded, IReadOnlyList<Checkpoint> Heads)>();
        var cosigned = new List<LedgerEntry>();
        await foreach (var entry in _ledger.ReadByTypeAsync(recordingChain, [CheckpointEntryTypes.AllChains, CheckpointEntryTypes.Cosigned], cancellationToken).ConfigureAwait(false))
        {
            if (entry.EntryType == CheckpointEntryTypes.Cosigned)
            {
                cosigned.Add(entry);
                continue;
            }

            var (signed, heads) = AllChainsCheckpointPayload.Read(entry);
            rounds.Add((new RecordedCheckpoint(recordingChain, entry.Sequence, entry.RecordedAt, signed), heads));
        }

        var log = AllChainsCheckpoint.HeadsLogOf(rounds.Select(r => (r.Recorded.Checkpoint, r.Heads))).ToList();
        if (rounds.Count > 0 && log.Count != rounds.Max(r => r.Recorded.Checkpoint.Checkpoint.TreeSize))
        {
            throw new InvalidOperationException($"The '{recordingChain}' chain's heads log has a gap at size {log.Count}: verify the ledger before publishing again.");
        }

        var covered = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var head in log)
        {
            covered[head.Origin] = head.TreeSize;
        }

        // The heads of the chains that grew since their last head, in ordinal order of chain id (the recording chain is left out).
        var grown = new List<Checkpoint>();
        long newEntries = 0;
        foreach (var chain in (await _ledger.GetChainIdsAsync(cancellationToken).ConfigureAwait(false)).Where(c => c != recordingChain).Order(StringComparer.Ordinal))
        {
            var head = await _ledger.GetTreeHeadAsync(chain, cancellationToken: cancellationToken).ConfigureAwait(false);
            var origin = Checkpoint.OriginFor(_options.Organization, chain);
            var before = covered.GetValueOrDefault(origin);
            if (head.Size > before)
            {
                grown.Add(new Checkpoint(origin, head.Size, head.Root));
                newEntries += head.Size - before;
            }
        }

        var now = _clock.GetCurrentInstant();
        var recorded = rounds.Select(r => r.Recorded).ToList();
        RecordedCheckpoint? made = null;
        if (schedule is null ? grown.Count > 0 : schedule.IsDue(newEntries, recorded.LastOrDefault()?.RecordedAt, now))
        {
            log.AddRange(grown);
            made = await RecordAsync(signer, log, grown, now, cancellationToken).ConfigureAwait(false);
            recorded.Add(made);
        }

        var (published, failures) = await CheckpointSinkPublishing.PublishPendingAsync(_sinks, recorded, _logger, cancellationToken).ConfigureAwait(false);
        if (recorded.Count == 0)
        {
            return new CheckpointPublication(null, null, published, failures) { WitnessesRequired = WitnessesRequired };
        }

        ArgumentOutOfRangeException.ThrowIfNegative(WitnessesRequired);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(WitnessesRequired, Witnesses.Count);
        var tree = AllChainsCheckpoint.TreeOf(log);
        var cosigning = new CheckpointCosigning(_ledger, AppendAsync, Witnesses, WitnessesRequired, _logger,
            async (from, to, ct) => (await MerkleProofBuilder.BuildConsistencyAsync(tree, from, to, ct).ConfigureAwait(false)).Path);
        var (cosignatures, witnessFailures) = await cosigning.RunAsync(recorded[^1], made is not null, cosigned, _sinks, failures, cancellationToken).ConfigureAwait(false);
        return new CheckpointPublication(made, recorded[^1], published, failures)
        {
            Cosignatures = cosignatures, WitnessesRequired = WitnessesRequired, WitnessFailures = witnessFailures,
        };
    }

    private async Task<RecordedCheckpoint> RecordAsync(ICmsSigner signer, List<Checkpoint> log, List<Checkpoint> grown, Instant now, CancellationToken cancellationToken)
    {
        var checkpoint = new Checkpoint(AllChainsCheckpoint.OriginFor(_options.Organization), log.Count, AllChainsCheckpoint.TreeOf(log).ComputeRoot());
        var signingTime = Instant.FromUnixTimeSeconds(now.ToUnixTimeSeconds());
        var signature = await signer.SignDetachedAsync(checkpoint.ToBytes(), signingTime, cancellationToken).ConfigureAwait(false);
        var signed = new SignedCheckpoint(checkpoint, signature);
        var payload = new AllChainsCheckpointPayload
        {
            Checkpoint = Convert.ToBase64String(checkpoint.ToBytes()), Signature = Convert.ToBase64String(signature),
            Heads = grown.Select(h => Convert.ToBase64String(h.ToBytes())).ToList(),
        };
        var draft = new EntryDraft(CheckpointEntryTypes.AllChains, $"checkpoint:{checkpoint.TreeSize}", Actor, payload.ToCanonicalBytes(), signingTime);
        var entry = await AppendAsync(AllChainsCheckpoint.RecordingChainId, draft, cancellationToken).ConfigureAwait(false);
        return new RecordedCheckpoint(AllChainsCheckpoint.RecordingChainId, entry.Sequence, entry.RecordedAt, signed);
    }

    private async Task<LedgerEntry> AppendAsync(string chainId, EntryDraft draft, CancellationToken cancellationToken) =>
        (await _ledger.AppendAsync(chainId, [draft], cancellationToken).ConfigureAwait(false)).Entries[0];
}
