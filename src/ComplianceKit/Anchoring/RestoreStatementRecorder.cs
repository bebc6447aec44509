using ComplianceKit.Ledger;
using ComplianceKit.Signing;
using Microsoft.Extensions.Options;
using NodaTime;

namespace ComplianceKit.Anchoring;

/// <summary>
/// Records the signed restore statement a restored database needs before witnesses accept its checkpoints again (docs/ANCHORING.md,
/// "Backups and restores"). From the chain as verified and the checkpoints published to the sinks (signatures verified) it works out
/// what was lost: the newest checkpoint of the sinks' current history, which the chain no longer extends, and the newest published
/// checkpoint the chain still extends, which it was restored to. It signs that statement with the organisation's key, records it as a
/// <c>checkpoint.restored</c> entry and publishes it to every sink. It refuses, writing nothing, when the chain does not verify, when
/// nothing published was lost, when no published checkpoint is a prefix of the chain, or when the sinks disagree on what they hold.
/// </summary>
/// <remarks>Not thread-safe (like the ledger under it).</remarks>
public sealed class RestoreStatementRecorder
{
    private const string Actor = "compliancekit-checkpoint";
    private readonly IComplianceLedger _ledger;
    private readonly IClock _clock;
    private readonly ComplianceKitOptions _options;

    /// <summary>Creates a recorder over a ledger; the organisation in <paramref name="options"/> names the origin, as for checkpoints.</summary>
    public RestoreStatementRecorder(IComplianceLedger ledger, IClock clock, IOptions<ComplianceKitOptions> options)
    {
        ArgumentNullException.ThrowIfNull(ledger);
        ArgumentNullException.ThrowIfNull(clock);
        ArgumentNullException.ThrowIfNull(options);
        _ledger = ledger;
        _clock = clock;
        _options = options.Value;
    }

    /// <summary>Records and publishes the restore statement of <paramref name="chainId"/>, or says why not.</summary>
    /// <param name="chainId">The restored chain.</param>
    /// <param name="sinks">The sinks its checkpoints were published to (at least one); the statement is published to each.</param>
    /// <param name="trust">Verifies the organisation's signatures on the published checkpoints; others are ignored.</param>
    /// <param name="signer">The organisation's key, as for checkpoints.</param>
    /// <param name="cancellationToken">Cancels the reads, signing and writes.</param>
    public async Task<RestoreRecording> RecordAsync(string chainId, IReadOnlyList<DirectoryCheckpointSink> sinks, CmsSignatureVerifier trust, ICmsSigner signer,
        CancellationToken cancellationToken = default)
    {
        LedgerLimits.ValidateChainId(chainId);
        ArgumentNullException.ThrowIfNull(sinks);
        ArgumentNullException.ThrowIfNull(trust);
        ArgumentNullException.ThrowIfNull(signer);
        if (sinks.Count == 0)
        {
            throw new ArgumentException("A restore statement is published to the sinks the checkpoints were; give at least one.", nameof(sinks));
        }

        var verification = await _ledger.VerifyAsync(chainId, cancellationToken).ConfigureAwait(false);
        if (!verification.IsValid)
        {
            return Refused($"chain '{chainId}' does not verify, so nothing about it is decided: {verification}");
        }

        var origin = Checkpoint.OriginFor(_options.Organization, chainId);
        var histories = sinks.Select(s => PublishedHistory.Read(s.Directory, origin, trust)).ToList();
        var lost = histories[0].Newest;
        if (lost is null)
        {
            return Refused($"{sinks[0].Directory} holds no checkpoint of {origin} since its last restore: nothing published can have been lost.");
        }

        if (histories.FirstOrDefault(h => h.Newest is null || !SameHead(h.Newest, lost)) is { } other)
        {
            return Refused($"the sinks disagree: {histories[0].Directory} holds size {lost.TreeSize} as the newest checkpoint of {origin}, {other.Directory} "
                + $"{(other.Newest is null ? "none" : $"size {other.Newest.TreeSize}")}; publish the pending checkpoints first.");
        }

        var size = verification.TreeHead.Size;
        if (size >= lost.TreeSize && await RootMatchesAsync(chainId, lost, cancellationToken).ConfigureAwait(false))
        {
            return Refused($"chain '{chainId}' still extends the newest published checkpoint (size {lost.TreeSize}): nothing published was lost, no statement is needed.");
        }

        Checkpoint? restoredTo = null;
        foreach (var prefix in histories.SelectMany(h => h.Prefixes).Where(c => c.TreeSize < lost.TreeSize && c.TreeSize <= size).OrderByDescending(c => c.TreeSize))
        {
            if (await RootMatchesAsync(chainId, prefix, cancellationToken).ConfigureAwait(false))
            {
                restoredTo = prefix;
                break;
            }
        }

        if (restoredTo is null)
        {
            return Refused($"no checkpoint published of {origin} below size {lost.TreeSize} is a prefix of chain '{chainId}' (size {size}): "
                + "the backup is older than every published checkpoint, or it is not a backup of this history.");
        }

        return await RecordAsync(chainId, new RestoreStatement(restoredTo, lost), sinks, signer, cancellationToken).ConfigureAwait(false);
    }

    private async Task<RestoreRecording> RecordAsync(string chainId, RestoreStatement statement, IReadOnlyList<DirectoryCheckpointSink> sinks, ICmsSigner signer,
        CancellationToken cancellationToken)
    {
        var signingTime = Instant.FromUnixTimeSeconds(_clock.GetCurrentInstant().ToUnixTimeSeconds());
        var signed = new SignedRestoreStatement(statement, await signer.SignDetachedAsync(statement.ToBytes(), signingTime, cancellationToken).ConfigureAwait(false));
        var draft = new EntryDraft(CheckpointEntryTypes.Restored, $"restore:{statement.RestoredTo.TreeSize}-{statement.Lost.TreeSize}", Actor,
            signed.ToPayload().ToCanonicalBytes(), signingTime);
        var receipt = await _ledger.AppendAsync(chainId, [draft], cancellationToken).ConfigureAwait(false);
        var failures = new List<CheckpointSinkFailure>();
        foreach (var sink in sinks)
        {
            try
            {
                await sink.PublishRestoreAsync(signed, cancellationToken).ConfigureAwait(false);
            }
            catch (CheckpointSinkException ex)
            {
                failures.Add(new CheckpointSinkFailure(sink.Name, statement.Lost.TreeSize, ex.Message, ex.IsConflict));
            }
        }

        return new RestoreRecording(signed, receipt.Entries[0].Sequence, null, failures);
    }

    private async Task<bool> RootMatchesAsync(string chainId, Checkpoint checkpoint, CancellationToken cancellationToken) =>
        (await _ledger.GetTreeHeadAsync(chainId, checkpoint.TreeSize, cancellationToken).ConfigureAwait(false)).Root.AsSpan().SequenceEqual(checkpoint.Root);

    private static bool SameHead(Checkpoint a, Checkpoint b) => a.TreeSize == b.TreeSize && a.Root.AsSpan().SequenceEqual(b.Root);

    private static RestoreRecording Refused(string why) => new(null, null, why, []);

    /// <summary>What one sink holds of an origin: its current history's newest checkpoint and the checkpoints that are prefixes of that history.</summary>
    private sealed record PublishedHistory(string Directory, Checkpoint? Newest, IReadOnlyList<Checkpoint> Prefixes)
    {
        public static PublishedHistory Read(string directory, string origin, CmsSignatureVerifier trust)
        {
            var restores = DirectoryCheckpointSink.ReadRestores(directory).Where(r => r.Statement.Statement.Origin == origin).ToList();
            var epoch = restores.Count == 0 ? 0 : restores.Max(r => r.Epoch);
            var signed = DirectoryCheckpointSink.ReadAll(directory)
                .Where(s => s.Checkpoint.Checkpoint.Origin == origin && trust.Verify(s.Checkpoint.Checkpoint.ToBytes(), s.Checkpoint.Signature).IsValid)
                .ToList();
            // A checkpoint of an earlier history is still a prefix when no later restore cut below it.
            var prefixes = signed.Where(s => s.Epoch == epoch || restores.Where(r => r.Epoch > s.Epoch).All(r => s.Checkpoint.Checkpoint.TreeSize <= r.Statement.Statement.RestoredTo.TreeSize))
                .Select(s => s.Checkpoint.Checkpoint).ToList();
            var newest = signed.Where(s => s.Epoch == epoch).Select(s => s.Checkpoint.Checkpoint).MaxBy(c => c.TreeSize);
            return new PublishedHistory(directory, newest, prefixes);
        }
    }
}
