using ComplianceKit.Approvals;
using ComplianceKit.Ledger;
using ComplianceKit.Telemetry;
using Microsoft.Extensions.Logging;

namespace ComplianceKit.Anchoring;

/// <summary>
/// The publisher's witness step: asks the witnesses to co-sign the newest checkpoint, records the new co-signatures as a
/// <c>checkpoint.cosigned</c> entry, and gives every recorded co-signature of it to the sinks that keep co-signatures.
/// </summary>
/// <param name="ledger">Gives the consistency proofs the witnesses ask for.</param>
/// <param name="append">Appends the co-signatures' entry (through the chain's writer when the host has one).</param>
/// <param name="witnesses">The witnesses asked.</param>
/// <param name="required">How many co-signatures make the quorum.</param>
/// <param name="logger">Receives missing co-signatures.</param>
/// <param name="proofs">
/// The consistency proof (from size, to size) of the log the checkpoint is of, when that is not its recording chain (the heads log of
/// an all-chains checkpoint, docs/FORMAT.md 13.8); <see langword="null"/>: the recording chain's, from <paramref name="ledger"/>.
/// </param>
internal sealed partial class CheckpointCosigning(IComplianceLedger ledger, Func<string, EntryDraft, CancellationToken, Task<LedgerEntry>> append,
    IReadOnlyList<ICheckpointWitnessClient> witnesses, int required, ILogger logger, Func<long, long, CancellationToken, Task<IReadOnlyList<byte[]>>>? proofs = null)
{
    private const string Actor = "compliancekit-checkpoint";

    public int Required => required;

    /// <summary>The co-signatures recorded for the checkpoint whose entry is <paramref name="checkpointSequence"/>, by witness certificate SHA-256.</summary>
    public static Dictionary<string, byte[]> RecordedFor(IEnumerable<LedgerEntry> cosignedEntries, long checkpointSequence)
    {
        var recorded = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        foreach (var entry in cosignedEntries)
        {
            var payload = CheckpointCosignedPayload.FromEntry(entry);
            if (payload.CheckpointSequence == checkpointSequence)
            {
                foreach (var cosignature in payload.Cosignatures)
                {
                    recorded.TryAdd(cosignature.Witness, Convert.FromBase64String(cosignature.Cosignature));
                }
            }
        }

        return recorded;
    }

    /// <summary>
    /// Asks the witnesses when <paramref name="newest"/> has fewer recorded co-signatures than there are witnesses and it is new
    /// (<paramref name="fresh"/>) or below the quorum; records what they gave; publishes the recorded ones to the sinks.
    /// </summary>
    public async Task<(int Cosignatures, List<WitnessFailure> Failures)> RunAsync(RecordedCheckpoint newest, bool fresh, IReadOnlyList<LedgerEntry> cosignedEntries,
        IEnumerable<ICheckpointSink> sinks, List<CheckpointSinkFailure> sinkFailures, CancellationToken cancellationToken)
    {
        var recorded = RecordedFor(cosignedEntries, newest.Sequence);
        var failures = new List<WitnessFailure>();
        if (witnesses.Count > 0 && recorded.Count < witnesses.Count && (fresh || recorded.Count < required))
        {
            var gathered = await AskAsync(newest, failures, cancellationToken).ConfigureAwait(false);
            var added = gathered.Where(g => !recorded.ContainsKey(g.Key)).OrderBy(g => g.Key, StringComparer.Ordinal).ToList();
            if (added.Count > 0)
            {
                await RecordAsync(newest, added, cancellationToken).ConfigureAwait(false);
                foreach (var (witness, cosignature) in added)
                {
                    recorded[witness] = cosignature;
                }
            }
        }

        if (recorded.Count < required)
        {
            LogBelowQuorum(newest.ChainId, newest.Checkpoint.Checkpoint.TreeSize, recorded.Count, required, string.Join("; ", failures.Select(f => $"{f.Witness}: {f.Message}")));
            ComplianceKitDiagnostics.CheckpointFailures.Add(1, ComplianceKitDiagnostics.ChainTag(newest.ChainId), new(ComplianceKitTagNames.Status, "WitnessMissing"));
        }

        await PublishAsync(newest, recorded, sinks, sinkFailures, cancellationToken).ConfigureAwait(false);
        return (recorded.Count, failures);
    }

    private async Task<Dictionary<string, byte[]>> AskAsync(RecordedCheckpoint newest, List<WitnessFailure> failures, CancellationToken cancellationToken)
    {
        var checkpoint = newest.Checkpoint;
        var bytes = checkpoint.Checkpoint.ToBytes();
        async Task<IReadOnlyList<byte[]>> ProofFrom(long size, CancellationToken ct) => proofs is not null
            ? await proofs(size, checkpoint.Checkpoint.TreeSize, ct).ConfigureAwait(false)
            : (await ledger.GetConsistencyProofAsync(newest.ChainId, size, checkpoint.Checkpoint.TreeSize, ct).ConfigureAwait(false)).Path;

        // Asked together, so one slow witness does not hold up the others' answers.
        var answers = await Task.WhenAll(witnesses.Select(async w =>
        {
            try
            {
                return (Witness: w, Result: await w.AddCheckpointAsync(checkpoint, ProofFrom, cancellationToken).ConfigureAwait(false));
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                return (Witness: w, Result: new WitnessResult(null, null, $"{w.Name} failed: {ex.Message}"));
            }
        })).ConfigureAwait(false);

        var gathered = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        foreach (var (witness, result) in answers)
        {
            // Only a co-signature that verifies over these bytes is kept; whose it is comes from its own certificate.
            if (result.Cosignature is { } cosignature && WitnessCosignatures.SignerOf(bytes, cosignature) is { } signer)
            {
                gathered.TryAdd(signer, cosignature);
                continue;
            }

            var failure = new WitnessFailure(witness.Name, result.Refusal, result.IsCosigned ? $"{witness.Name}'s co-signature does not verify." : result.Message);
            failures.Add(failure);
            LogWitnessMissing(newest.ChainId, checkpoint.Checkpoint.TreeSize, witness.Name, failure.Refusal?.ToString() ?? "NoAnswer", failure.Message);
        }

        return gathered;
    }

    private async Task RecordAsync(RecordedCheckpoint newest, List<KeyValuePair<string, byte[]>> added, CancellationToken cancellationToken)
    {
        var payload = new CheckpointCosignedPayload
        {
            CheckpointSequence = newest.Sequence, TreeSize = newest.Checkpoint.Checkpoint.TreeSize,
            Cosignatures = added.Select(a => new RecordedCosignature { Witness = a.Key, Cosignature = Convert.ToBase64String(a.Value) }).ToList(),
        };
        var draft = new EntryDraft(CheckpointEntryTypes.Cosigned, $"checkpoint:{newest.Checkpoint.Checkpoint.TreeSize}", Actor, payload.ToCanonicalBytes(), newest.RecordedAt);
        await append(newest.ChainId, draft, cancellationToken).ConfigureAwait(false);
    }

    private static async Task PublishAsync(RecordedCheckpoint newest, Dictionary<string, byte[]> recorded, IEnumerable<ICheckpointSink> sinks,
        List<CheckpointSinkFailure> sinkFailures, CancellationToken cancellationToken)
    {
        var size = newest.Checkpoint.Checkpoint.TreeSize;
        foreach (var sink in sinks.OfType<ICheckpointCosignatureSink>())
        {
            // A sink that did not take the checkpoint cannot take its co-signatures; they follow once it does.
            if (sinkFailures.Any(f => f.Sink == sink.Name))
            {
                continue;
            }

            foreach (var (witness, cosignature) in recorded)
            {
                try
                {
                    await sink.PublishCosignatureAsync(newest.Checkpoint.Checkpoint, witness, cosignature, cancellationToken).ConfigureAwait(false);
                }
                catch (CheckpointSinkException ex)
                {
                    sinkFailures.Add(new CheckpointSinkFailure(sink.Name, size, ex.Message, ex.IsConflict));
                    break;
                }
            }
        }
    }

    [LoggerMessage(EventId = ComplianceKitEventIds.CheckpointWitnessMissing, Level = LogLevel.Warning,
        Message = "Witness {Witness} did not co-sign the checkpoint of chain '{ChainId}' at size {TreeSize} ({Refusal}): {Reason}")]
    private partial void LogWitnessMissing(string chainId, long treeSize, string witness, string refusal, string reason);

    [LoggerMessage(EventId = ComplianceKitEventIds.CheckpointBelowQuorum, Level = LogLevel.Error,
        Message = "The checkpoint of chain '{ChainId}' at size {TreeSize} has {Cosignatures} of the {Required} witness co-signatures required; it is asked again. {Reasons}")]
    private partial void LogBelowQuorum(string chainId, long treeSize, int cosignatures, int required, string reasons);
}
