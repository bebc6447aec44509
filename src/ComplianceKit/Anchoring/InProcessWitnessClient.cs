namespace ComplianceKit.Anchoring;

/// <summary>Asks a <see cref="CheckpointWitness"/> in this process: the proof is taken from the size its state says it last accepted.</summary>
/// <remarks>Not thread-safe, like the witness: one request at a time (the publisher asks each witness once per run).</remarks>
public sealed class InProcessWitnessClient : ICheckpointWitnessClient
{
    private readonly CheckpointWitness _witness;

    /// <summary>Creates a client of <paramref name="witness"/>, named <paramref name="name"/> in reports.</summary>
    public InProcessWitnessClient(CheckpointWitness witness, string name)
    {
        ArgumentNullException.ThrowIfNull(witness);
        ArgumentException.ThrowIfNullOrEmpty(name);
        _witness = witness;
        Name = name;
    }

    /// <inheritdoc />
    public string Name { get; }

    /// <inheritdoc />
    public async Task<WitnessResult> AddCheckpointAsync(SignedCheckpoint checkpoint, Func<long, CancellationToken, Task<IReadOnlyList<byte[]>>> proofFrom,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(checkpoint);
        ArgumentNullException.ThrowIfNull(proofFrom);
        try
        {
            var last = _witness.LastAccepted(checkpoint.Checkpoint.Origin);
            IReadOnlyList<byte[]> proof = last is null || last.TreeSize == 0 || last.TreeSize >= checkpoint.Checkpoint.TreeSize
                ? []
                : await proofFrom(last.TreeSize, cancellationToken).ConfigureAwait(false);
            return await _witness.CosignAsync(checkpoint, proof, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or FormatException)
        {
            return new WitnessResult(null, null, $"{Name} did not answer: {ex.Message}");
        }
    }
}
