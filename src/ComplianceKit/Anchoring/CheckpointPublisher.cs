using ComplianceKit.Ledger;
using ComplianceKit.Signing;
using ComplianceKit.Telemetry;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using NodaTime;

namespace ComplianceKit.Anchoring;

/// <summary>
/// Takes signed checkpoints of a chain and publishes them (docs/FORMAT.md 13): signs the C2SP checkpoint of the chain's current
/// head with the organisation's key, records it in the chain as a <c>checkpoint.published</c> entry (so the history of
/// checkpoints is itself verified), then gives every recorded checkpoint a sink does not hold yet to that sink. A sink that
/// fails keeps its checkpoints pending: they are reported in the result and logged, and given again on the next run, since
/// what is pending is read from the chain itself, never from memory.
/// </summary>
/// <remarks>Not thread-safe (like the ledger under it); a host runs one publisher per scope.</remarks>
public sealed class CheckpointPublisher
{
    private const string Actor = "compliancekit-checkpoint";
    private static readonly string[] CheckpointTypes = [CheckpointEntryTypes.Published, CheckpointEntryTypes.Cosigned];
    private readonly IComplianceLedger _ledger;
    private readonly IClock _clock;
    private readonly ComplianceKitOptions _options;
    private readonly IReadOnlyList<ICheckpointSink> _sinks;
    private readonly ILogger _logger;

    /// <summary>Creates a publisher over a ledger and the sinks checkpoints go to (none: checkpoints are only recorded).</summary>
    public CheckpointPublisher(IComplianceLedger ledger, IClock clock, IOptions<ComplianceKitOptions> options, IEnumerable<ICheckpointSink> sinks,
        ILogger<CheckpointPublisher>? logger = null)
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

    /// <summary>
    /// Witnesses asked to co-sign each new checkpoint (docs/ANCHORING.md); their co-signatures are recorded as a
    /// <c>checkpoint.cosigned</c> entry and given to the sinks that keep co-signatures (<see cref="ICheckpointCosignatureSink"/>).
    /// None by default.
    /// </summary>
    public IReadOnlyList<ICheckpointWitnessClient> Witnesses { get; init; } = [];

    /// <summary>
    /// How many distinct witnesses must co-sign the newest checkpoint for a run to be complete (default 0); below it the run reports
    /// the missing co-signatures and the next run asks the witnesses again. At most <see cref="Witnesses"/>' count.
    /// </summary>
    public int WitnessesRequired { get; init; }

    /// <summary>
    /// The host's chain writers (<see cref="IChainWriter"/>, for example the group-commit access log): the checkpoint's
    /// entries for a chain one of them writes are appended through it, in its batches, instead of through the ledger, so
    /// publishing never contends with it for the chain's lock. None by default: every entry is appended through the ledger.
    /// The checkpoint is signed and the witnesses are asked before either append, never inside a transaction.
    /// </summary>
    public IReadOnlyList<IChainWriter> ChainWriters { get; init; } = [];

    /// <summary>
    /// Where the previous run's newest checkpoint is, so a run reads only the checkpoint entries past it (docs/ARCHITECTURE.md,
    /// "Anchoring"); <see langword="null"/>: read them all. Held in memory by the publishing service between runs, never stored:
    /// a run trusts it only while the entry it names is still in the chain with the same hash.
    /// </summary>
    internal CheckpointReadMark? ReadMark { get; set; }

    /// <summary>
    /// Records a checkpoint of the chain's current head now, unless nothing but checkpoints was appended since the last one; then
    /// publishes every pending checkpoint to every sink.
    /// </summary>
    public Task<CheckpointPublication> PublishAsync(string chainId, ICmsSigner signer, CancellationToken cancellationToken = default) =>
        RunAsync(chainId, signer, schedule: null, cancellationToken);

    /// <summary>As <see cref="PublishAsync"/>, but records a checkpoint only when <paramref name="schedule"/> says one is due; pending publications are retried either way.</summary>
    public Task<CheckpointPublication> PublishIfDueAsync(string chainId, ICmsSigner signer, CheckpointSchedule schedule, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(schedule);
        return RunAsync(chainId, signer, schedule, cancellationToken);
    }

    /// <summary>
    /// The newest checkpoint recorded in the chain, or <see langword="null"/> when none was: what a health check compares with the
    /// clock and a dashboard shows. Read as stored; <c>verify</c> judges whether the chain holding it is intact.
    /// </summary>
    public async Task<RecordedCheckpoint?> GetNewestAsync(string chainId, CancellationToken cancellationToken = default)
    {
        var all = await ReadRecordedAsync(chainId, cancellationToken).ConfigureAwait(false);
        return all.Count == 0 ? null : all[^1];
    }

    /// <summary>Every checkpoint recorded in the chain, in sequence order.</summary>
    public async Task<IReadOnlyList<RecordedCheckpoint>> ReadRecordedAsync(string chainId, CancellationToken cancellationToken = default)
    {
        LedgerLimits.ValidateChainId(chainId);
        var recorded = new List<RecordedCheckpoint>();
        await foreach (var entry in _ledger.ReadByTypeAsync(chainId, [CheckpointEntryTypes.Published], cancellationToken).ConfigureAwait(false))
        {
            recorded.Add(new RecordedCheckpoint(chainId, entry.Sequence, entry.RecordedAt, SignedCheckpoint.FromEntry(entry)));
        }

        return recorded;
    }

    private async Task<CheckpointPublication> RunAsync(string chainId, ICmsSigner signer, CheckpointSchedule? schedule, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(signer);
        using var activity = ComplianceKitDiagnostics.StartActivity(ComplianceKitActivityNames.Checkpoint, chainId);
        try
        {
            var publication = await RunCoreAsync(chainId, signer, schedule, cancellationToken).ConfigureAwait(false);
            Describe(activity, publication);
            return publication;
        }
        catch (Exception ex)
        {
            ComplianceKitDiagnostics.Fail(activity, ex);
            throw;
        }
    }

    private static void Describe(System.Diagnostics.Activity? activity, CheckpointPublication publication)
    {
        // Entries: the size the newest checkpoint covers; status: what this run did.
        activity?.SetTag(ComplianceKitTagNames.Entries, publication.Newest?.Checkpoint.Checkpoint.TreeSize ?? 0);
        activity?.SetTag(ComplianceKitTagNames.Status, !publication.IsComplete ? "Pending" : publication.Recorded is null ? "UpToDate" : "Recorded");
        if (!publication.IsComplete)
        {
            activity?.SetStatus(System.Diagnostics.ActivityStatusCode.Error, "Pending");
        }
    }

    private async Task<CheckpointPublication> RunCoreAsync(string chainId, ICmsSigner signer, CheckpointSchedule? schedule, CancellationToken cancellationToken)
    {
        var origin = Checkpoint.OriginFor(_options.Organization, chainId);
        var (held, unreadable) = await CheckpointSinkPublishing.AskAsync(_sinks, origin, cancellationToken).ConfigureAwait(false);
        var (recordedEntries, cosigned) = await ReadCheckpointEntriesAsync(chainId, held, cancellationToken).ConfigureAwait(false);
        var recorded = recordedEntries.Select(e => new RecordedCheckpoint(chainId, e.Sequence, e.RecordedAt, SignedCheckpoint.FromEntry(e))).ToList();
        var newestEntry = recordedEntries.Count == 0 ? null : recordedEntries[^1];

        var head = await _ledger.GetTreeHeadAsync(chainId, cancellationToken: cancellationToken).ConfigureAwait(false);
        var last = recorded.Count == 0 ? null : recorded[^1];

        // The entries past the size the last checkpoint covers, less those recording checkpoints or co-signatures (not news by
        // themselves). Counted from the size, not from the checkpoint's own entry: other writers' entries may land between the two.
        var covered = last?.Checkpoint.Checkpoint.TreeSize ?? 0;
        var newEntries = head.Size - covered - recorded.Count(r => r.Sequence >= covered) - cosigned.Count(c => c.Sequence >= covered);
        var now = _clock.GetCurrentInstant();
        RecordedCheckpoint? made = null;
        if (schedule is null ? newEntries > 0 : schedule.IsDue(newEntries, last?.RecordedAt, now))
        {
            (made, newestEntry) = await RecordAsync(chainId, signer, head.Size, now, cancellationToken).ConfigureAwait(false);
            recorded.Add(made);
        }

        var newest = recorded.Count == 0 ? null : recorded[^1];
        if (newest is null)
        {
            ReadMark = null;
            return new CheckpointPublication(made, null, new Dictionary<string, int>(), []) { WitnessesRequired = WitnessesRequired };
        }

        ReadMark = new CheckpointReadMark(newestEntry!.Sequence, newestEntry.EntryHash, newest.Checkpoint.Checkpoint.TreeSize);
        var failures = unreadable.Select(u => CheckpointSinkPublishing.Fail(_logger, u.Sink, newest, u.Error)).ToList();
        var published = await CheckpointSinkPublishing.PublishPendingAsync(_sinks, recorded, held, failures, _logger, cancellationToken).ConfigureAwait(false);
        var cosigning = Cosigning();
        var (cosignatures, witnessFailures) = await cosigning.RunAsync(newest, made is not null, cosigned, _sinks, failures, cancellationToken).ConfigureAwait(false);
        return new CheckpointPublication(made, newest, published, failures)
        {
            Cosignatures = cosignatures, WitnessesRequired = WitnessesRequired, WitnessFailures = witnessFailures,
        };
    }

    /// <summary>
    /// The chain's <c>checkpoint.published</c> and <c>checkpoint.cosigned</c> entries a run needs: those from the size the last run's
    /// newest checkpoint covers (or the lowest size a sink holds, when below it) on, when that checkpoint's entry is still in the
    /// chain with the same hash; every one of them otherwise (the first run, a restore, another history).
    /// </summary>
    private async Task<(List<LedgerEntry> Recorded, List<LedgerEntry> Cosigned)> ReadCheckpointEntriesAsync(string chainId,
        Dictionary<ICheckpointSink, long?> held, CancellationToken cancellationToken)
    {
        var from = ReadMark is { } mark && held.Values.All(h => h is not null) ? held.Values.Aggregate(mark.CoveredSize, (m, h) => Math.Min(m, h!.Value)) : 0;
        var read = await ReadCheckpointEntriesAsync(chainId, from, cancellationToken).ConfigureAwait(false);
        var stillThere = from == 0 || read.Recorded.Exists(e => e.Sequence == ReadMark!.Sequence && e.EntryHash.AsSpan().SequenceEqual(ReadMark.EntryHash));
        return stillThere ? read : await ReadCheckpointEntriesAsync(chainId, 0, cancellationToken).ConfigureAwait(false);
    }

    private async Task<(List<LedgerEntry> Recorded, List<LedgerEntry> Cosigned)> ReadCheckpointEntriesAsync(string chainId, long from, CancellationToken cancellationToken)
    {
        var recorded = new List<LedgerEntry>();
        var cosigned = new List<LedgerEntry>();
        await foreach (var entry in _ledger.ReadByTypeFromAsync(chainId, CheckpointTypes, from, cancellationToken).ConfigureAwait(false))
        {
            (entry.EntryType == CheckpointEntryTypes.Published ? recorded : cosigned).Add(entry);
        }

        return (recorded, cosigned);
    }

    private CheckpointCosigning Cosigning()
    {
        ArgumentOutOfRangeException.ThrowIfNegative(WitnessesRequired);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(WitnessesRequired, Witnesses.Count);
        return new CheckpointCosigning(_ledger, AppendAsync, Witnesses, WitnessesRequired, _logger);
    }

    private async Task<(RecordedCheckpoint Recorded, LedgerEntry Entry)> RecordAsync(string chainId, ICmsSigner signer, long size, Instant now, CancellationToken cancellationToken)
    {
        var head = await _ledger.GetTreeHeadAsync(chainId, size, cancellationToken).ConfigureAwait(false);
        var checkpoint = new Checkpoint(Checkpoint.OriginFor(_options.Organization, chainId), head.Size, head.Root);
        var signingTime = Instant.FromUnixTimeSeconds(now.ToUnixTimeSeconds());
        var signature = await signer.SignDetachedAsync(checkpoint.ToBytes(), signingTime, cancellationToken).ConfigureAwait(false);
        var signed = new SignedCheckpoint(checkpoint, signature);
        var draft = new EntryDraft(CheckpointEntryTypes.Published, $"checkpoint:{head.Size}", Actor, signed.ToPayload().ToCanonicalBytes(), signingTime);
        var entry = await AppendAsync(chainId, draft, cancellationToken).ConfigureAwait(false);
        return (new RecordedCheckpoint(chainId, entry.Sequence, entry.RecordedAt, signed), entry);
    }

    /// <summary>Appends one of the publisher's entries: through the chain's writer when the host has one, else through the ledger.</summary>
    private async Task<LedgerEntry> AppendAsync(string chainId, EntryDraft draft, CancellationToken cancellationToken)
    {
        if (ChainWriters.FirstOrDefault(w => string.Equals(w.ChainId, chainId, StringComparison.Ordinal)) is { } writer)
        {
            return await writer.AppendAsync(draft, cancellationToken).ConfigureAwait(false);
        }

        var receipt = await _ledger.AppendAsync(chainId, [draft], cancellationToken).ConfigureAwait(false);
        return receipt.Entries[0];
    }
}
