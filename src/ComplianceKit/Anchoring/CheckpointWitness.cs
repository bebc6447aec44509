using ComplianceKit.Bundles;
using ComplianceKit.Merkle;
using ComplianceKit.Signing;
using NodaTime;

namespace ComplianceKit.Anchoring;

/// <summary>
/// A witness (C2SP tlog-witness model, docs/ANCHORING.md): keeps per origin the last checkpoint it accepted, in a file under its
/// state directory, and co-signs a new checkpoint only when the log's signature verifies and it is a consistent extension of that
/// one (the RFC 9162 consistency proof checks), refusing a rollback, a fork and an equal size with another root. The new state is
/// written (temporary file, flushed, renamed over the old) before the co-signature is made, so a crash at any point leaves the
/// old state or the new one, never a co-signature the state does not reflect.
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
    public async Task<WitnessResult> CosignAsync(SignedCheckpoint checkpoint, IReadOnlyList<byte[]> consistencyProof, CancellationToken cancellationToken = default)
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
            Persist(next.Origin, bytes);
        }

        var now = Instant.FromUnixTimeSeconds(_clock.GetCurrentInstant().ToUnixTimeSeconds());
        var cosignature = await _key.SignDetachedAsync(bytes, now, cancellationToken).ConfigureAwait(false);
        return new WitnessResult(cosignature, null, $"{next.Origin}: co-signed size {next.TreeSize}.");
    }

    private static WitnessResult Refuse(WitnessFindingKind kind, string message) => new(null, kind, message);

    private string StateFile(string origin) => Path.Combine(_state, DirectoryCheckpointSink.FolderOf(origin) + ".checkpoint");

    private void Persist(string origin, byte[] bytes)
    {
        Directory.CreateDirectory(_state);
        var file = StateFile(origin);
        var temporary = file + ".tmp-" + Guid.NewGuid().ToString("N");
        using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None))
        {
            stream.Write(bytes);
            stream.Flush(flushToDisk: true);
        }

        File.Move(temporary, file, overwrite: true);
    }
}
