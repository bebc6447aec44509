using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using ComplianceKit.Hashing;
using ComplianceKit.Merkle;
using ComplianceKit.Signing;
using NodaTime;

namespace ComplianceKit.Anchoring;

/// <summary>
/// A witness (C2SP tlog-witness model, docs/ANCHORING.md): keeps per origin the last checkpoint it accepted, in a file under its
/// state directory, and co-signs a new checkpoint only when the log's signature verifies and it is a consistent extension of that
/// one (the RFC 9162 consistency proof checks), refusing a rollback, a fork and an equal size with another root. The new state is
/// written (temporary file, flushed, renamed over the old) before the co-signature is made, so a crash at any point leaves the
/// old state or the new one, never a co-signature the state does not reflect. Every checkpoint it moves on from is appended to
/// <c>&lt;origin&gt;.accepted</c> first, so it can later prove a restore statement's restored-to checkpoint is a prefix of what it
/// accepted; it accepts a smaller or forked tree only with such a statement (<see cref="CosignAfterRestoreAsync"/>)
/// and records that it did in the same file.
/// </summary>
/// <remarks>Not thread-safe; one witness process per state directory.</remarks>
public sealed class CheckpointWitness
{
    private readonly string _state;
    private readonly CmsSignatureVerifier _logVerifier;
    private readonly ICmsSigner _key;
    private readonly IClock _clock;

    /// <summary>Creates a witness over <paramref name="stateDirectory"/> (created when missing).</summary>
    /// <param name="stateDirectory">Where the last accepted checkpoint of each origin is kept.</param>
    /// <param name="logVerifier">Verifies the log's (organisation's) signature against the witness's trust anchors.</param>
    /// <param name="witnessKey">The witness's own key, which co-signs.</param>
    /// <param name="clock">The co-signature's signing time.</param>
    public CheckpointWitness(string stateDirectory, CmsSignatureVerifier logVerifier, ICmsSigner witnessKey, IClock clock)
    {
        ArgumentException.ThrowIfNullOrEmpty(stateDirectory);
        ArgumentNullException.ThrowIfNull(logVerifier);
        ArgumentNullException.ThrowIfNull(witnessKey);
        ArgumentNullException.ThrowIfNull(clock);
        _state = Path.GetFullPath(stateDirectory);
        _logVerifier = logVerifier;
        _key = witnessKey;
        _clock = clock;
    }

    /// <summary>The checkpoint last accepted for <paramref name="origin"/>, or <see langword="null"/> when none was.</summary>
    /// <exception cref="FormatException">The state file is damaged.</exception>
    public Checkpoint? LastAccepted(string origin)
    {
        var file = StateFile(origin);
        return File.Exists(file) ? Checkpoint.Parse(File.ReadAllBytes(file)) : null;
    }

    /// <summary>Judges <paramref name="checkpoint"/> and co-signs it when it extends the last accepted one by <paramref name="consistencyProof"/>.</summary>
    /// <param name="checkpoint">The log's signed checkpoint.</param>
    /// <param name="consistencyProof">The RFC 9162 proof from the last accepted size to the checkpoint's (empty for a first or equal checkpoint).</param>
    /// <param name="cancellationToken">Cancels signing.</param>
    public Task<WitnessResult> CosignAsync(SignedCheckpoint checkpoint, IReadOnlyList<byte[]> consistencyProof, CancellationToken cancellationToken = default) =>
        CosignCoreAsync(checkpoint, consistencyProof, restore: null, cancellationToken);

    /// <summary>
    /// As <see cref="CosignAsync"/>, but with a restore statement
    /// (docs/ANCHORING.md, "Backups and restores"): the witness then co-signs a checkpoint smaller than, or forked from, the last one it
    /// accepted only when the statement is signed by the log's trusted key for the same origin, its lost size and root are exactly the
    /// last accepted checkpoint, its restored-to checkpoint is one this witness accepted before (so a prefix of what it accepted), and
    /// <paramref name="proofFromRestored"/> proves the new checkpoint extends the restored-to one. It records the restore in its history
    /// and moves its state to the new checkpoint. Otherwise it refuses as it would without a statement (Rollback, ConflictingRoot or Fork),
    /// saying why the statement was not accepted. Without a last accepted checkpoint the statement is not needed and not used.
    /// </summary>
    /// <param name="checkpoint">The log's signed checkpoint.</param>
    /// <param name="proofFromRestored">The RFC 9162 proof from the statement's restored-to size to the checkpoint's (empty when they are equal).</param>
    /// <param name="restore">The organisation's signed restore statement.</param>
    /// <param name="cancellationToken">Cancels signing.</param>
    public Task<WitnessResult> CosignAfterRestoreAsync(SignedCheckpoint checkpoint, IReadOnlyList<byte[]> proofFromRestored, SignedRestoreStatement restore,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(restore);
        return CosignCoreAsync(checkpoint, proofFromRestored, restore, cancellationToken);
    }

    private async Task<WitnessResult> CosignCoreAsync(SignedCheckpoint checkpoint, IReadOnlyList<byte[]> consistencyProof, SignedRestoreStatement? restore,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(checkpoint);
        ArgumentNullException.ThrowIfNull(consistencyProof);
        var next = checkpoint.Checkpoint;
        var bytes = next.ToBytes();
        var signature = _logVerifier.Verify(bytes, checkpoint.Signature);
        if (!signature.IsValid)
        {
            return Refuse(WitnessFindingKind.SignatureInvalid, $"The log's signature over {next.Origin} at size {next.TreeSize} does not verify ({signature.Status}): {signature.Message}");
        }

        var last = LastAccepted(next.Origin);
        if (restore is not null && last is not null && !IsSame(next, last))
        {
            return await CosignRestoredAsync(next, bytes, consistencyProof, restore, last, cancellationToken).ConfigureAwait(false);
        }

        if (last is not null)
        {
            if (next.TreeSize < last.TreeSize)
            {
                return Refuse(WitnessFindingKind.Rollback, $"{next.Origin}: size {next.TreeSize} is below the size {last.TreeSize} this witness accepted.");
            }

            if (next.TreeSize == last.TreeSize && !next.Root.AsSpan().SequenceEqual(last.Root))
            {
                return Refuse(WitnessFindingKind.ConflictingRoot, $"{next.Origin}: size {next.TreeSize} has another root than the one this witness accepted at that size.");
            }

            if (next.TreeSize > last.TreeSize)
            {
                var proof = MerkleProofVerifier.VerifyConsistency(new ConsistencyProof(last.TreeSize, next.TreeSize, consistencyProof), last.Root, next.Root);
                if (!proof.IsValid)
                {
                    return Refuse(WitnessFindingKind.Fork, $"{next.Origin}: size {next.TreeSize} does not extend size {last.TreeSize} this witness accepted: {proof.Message}");
                }
            }
        }

        if (last is null || next.TreeSize > last.TreeSize)
        {
            Persist(next.Origin, bytes, last, restoreLine: null);
        }

        var now = Instant.FromUnixTimeSeconds(_clock.GetCurrentInstant().ToUnixTimeSeconds());
        var cosignature = await _key.SignDetachedAsync(bytes, now, cancellationToken).ConfigureAwait(false);
        return new WitnessResult(cosignature, null, $"{next.Origin}: co-signed size {next.TreeSize}.");
    }

    /// <summary>
    /// The tree heads this witness accepted for <paramref name="origin"/> before its last accepted one and can still vouch for: every
    /// one it moved on from, less those above the restored-to size of a restore it accepted later. Its last accepted one is
    /// <see cref="LastAccepted"/>.
    /// </summary>
    public IReadOnlyList<MerkleTreeHead> AcceptedPrefixes(string origin)
    {
        var file = HistoryFile(origin);
        var heads = new List<MerkleTreeHead>();
        if (!File.Exists(file))
        {
            return heads;
        }

        var text = File.ReadAllText(file, Encoding.UTF8);
        // A line cut by a crash has no line feed: it was never complete, so it does not count.
        foreach (var line in text[..(text.LastIndexOf('\n') + 1)].Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var fields = line.Split(' ');
            if (fields is ["accepted", var size, var root])
            {
                heads.Add(new MerkleTreeHead(long.Parse(size, NumberStyles.None, CultureInfo.InvariantCulture), Convert.FromBase64String(root)));
            }
            else if (fields is ["restore", var restoredTo, _, _, _, _])
            {
                var kept = long.Parse(restoredTo, NumberStyles.None, CultureInfo.InvariantCulture);
                heads.RemoveAll(h => h.Size > kept);
            }
        }

        return heads;
    }

    private async Task<WitnessResult> CosignRestoredAsync(Checkpoint next, byte[] bytes, IReadOnlyList<byte[]> proofFromRestored, SignedRestoreStatement restore,
        Checkpoint last, CancellationToken cancellationToken)
    {
        var kind = next.TreeSize < last.TreeSize ? WitnessFindingKind.Rollback
            : next.TreeSize == last.TreeSize ? WitnessFindingKind.ConflictingRoot : WitnessFindingKind.Fork;
        var why = JudgeRestore(next, proofFromRestored, restore, last);
        if (why is not null)
        {
            return Refuse(kind, $"{next.Origin}: size {next.TreeSize} does not extend size {last.TreeSize} this witness accepted, and the restore statement is not accepted: {why}");
        }

        var statement = restore.Statement;
        var digest = Hex.Format(SHA256.HashData(statement.ToBytes()));
        Persist(next.Origin, bytes, last, $"restore {statement.RestoredTo.TreeSize} {Convert.ToBase64String(statement.RestoredTo.Root)} {statement.Lost.TreeSize} "
            + $"{Convert.ToBase64String(statement.Lost.Root)} {digest}\n");
        var now = Instant.FromUnixTimeSeconds(_clock.GetCurrentInstant().ToUnixTimeSeconds());
        var cosignature = await _key.SignDetachedAsync(bytes, now, cancellationToken).ConfigureAwait(false);
        return new WitnessResult(cosignature, null,
            $"{next.Origin}: co-signed size {next.TreeSize} after a restore to size {statement.RestoredTo.TreeSize}; entries {statement.RestoredTo.TreeSize}..{last.TreeSize - 1} of the history this witness accepted are lost.")
        {
            AcceptedRestore = statement,
        };
    }

    /// <summary>Why a restore statement does not let <paramref name="next"/> follow <paramref name="last"/>, or <see langword="null"/> when it does.</summary>
    private string? JudgeRestore(Checkpoint next, IReadOnlyList<byte[]> proofFromRestored, SignedRestoreStatement restore, Checkpoint last)
    {
        var statement = restore.Statement;
        var signature = _logVerifier.Verify(statement.ToBytes(), restore.Signature);
        if (!signature.IsValid)
        {
            return $"its signature does not verify against this witness's trust anchors ({signature.Status}): {signature.Message}";
        }

        if (statement.Origin != next.Origin)
        {
            return $"it is about {statement.Origin}, not {next.Origin}.";
        }

        if (!IsSame(statement.Lost, last))
        {
            return $"it says the history up to size {statement.Lost.TreeSize} (root {Hex.Format(statement.Lost.Root)}) was lost, but this witness last accepted size {last.TreeSize} (root {Hex.Format(last.Root)}).";
        }

        var restoredTo = statement.RestoredTo;
        if (!AcceptedPrefixes(next.Origin).Any(h => h.Size == restoredTo.TreeSize && h.Root.AsSpan().SequenceEqual(restoredTo.Root)))
        {
            return $"this witness never accepted its restored-to checkpoint (size {restoredTo.TreeSize}, root {Hex.Format(restoredTo.Root)}), so it cannot prove it is a prefix of what it accepted.";
        }

        if (next.TreeSize < restoredTo.TreeSize || (next.TreeSize == restoredTo.TreeSize && !IsSame(next, restoredTo)))
        {
            return $"size {next.TreeSize} is not the restored-to checkpoint (size {restoredTo.TreeSize}) or an extension of it.";
        }

        if (next.TreeSize > restoredTo.TreeSize)
        {
            var proof = MerkleProofVerifier.VerifyConsistency(new ConsistencyProof(restoredTo.TreeSize, next.TreeSize, proofFromRestored), restoredTo.Root, next.Root);
            if (!proof.IsValid)
            {
                return $"size {next.TreeSize} does not extend the restored-to size {restoredTo.TreeSize}: {proof.Message}";
            }
        }

        return null;
    }

    private static bool IsSame(Checkpoint a, Checkpoint b) => a.TreeSize == b.TreeSize && a.Root.AsSpan().SequenceEqual(b.Root);

    private static WitnessResult Refuse(WitnessFindingKind kind, string message) => new(null, kind, message);

    private string StateFile(string origin) => Path.Combine(_state, DirectoryCheckpointSink.FolderOf(origin) + ".checkpoint");

    private string HistoryFile(string origin) => Path.Combine(_state, DirectoryCheckpointSink.FolderOf(origin) + ".accepted");

    /// <summary>
    /// Moves the state to <paramref name="bytes"/>: first the checkpoint it moves on from (and a restore, if one) is appended to the
    /// history, flushed, then the state file is replaced; a crash between leaves a history line for a checkpoint that was accepted.
    /// </summary>
    private void Persist(string origin, byte[] bytes, Checkpoint? previous, string? restoreLine)
    {
        Directory.CreateDirectory(_state);
        var history = new StringBuilder();
        if (previous is not null)
        {
            history.Append(CultureInfo.InvariantCulture, $"accepted {previous.TreeSize} {Convert.ToBase64String(previous.Root)}\n");
        }

        history.Append(restoreLine);
        if (history.Length > 0)
        {
            AppendHistory(origin, history.ToString());
        }

        var file = StateFile(origin);
        var temporary = file + ".tmp-" + Guid.NewGuid().ToString("N");
        using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None))
        {
            stream.Write(bytes);
            stream.Flush(flushToDisk: true);
        }

        File.Move(temporary, file, overwrite: true);
    }

    private void AppendHistory(string origin, string lines)
    {
        using var stream = new FileStream(HistoryFile(origin), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.Read);
        // A line cut by a crash is closed first, so the next line stays whole.
        var cut = stream.Length > 0 && ReadLastByte(stream) != (byte)'\n';
        stream.Seek(0, SeekOrigin.End);
        stream.Write(Encoding.UTF8.GetBytes((cut ? "\n" : "") + lines));
        stream.Flush(flushToDisk: true);
    }

    private static int ReadLastByte(FileStream stream)
    {
        stream.Seek(-1, SeekOrigin.End);
        return stream.ReadByte();
    }
}
