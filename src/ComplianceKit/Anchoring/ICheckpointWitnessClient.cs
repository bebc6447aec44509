namespace ComplianceKit.Anchoring;

/// <summary>
/// How the log asks one witness to co-sign a checkpoint (C2SP tlog-witness's add-checkpoint, docs/ANCHORING.md): the client
/// knows, or learns from the witness, the size the witness last accepted, asks <c>proofFrom</c> for the consistency proof from
/// that size, and returns the witness's answer. Implementations: <see cref="InProcessWitnessClient"/> (a
/// <see cref="CheckpointWitness"/> in this process) and <see cref="DirectoryWitnessClient"/> (a witness on another machine that
/// answers request files in a shared directory).
/// </summary>
public interface ICheckpointWitnessClient
{
    /// <summary>A name for reports and logs.</summary>
    string Name { get; }

    /// <summary>
    /// Asks the witness to co-sign <paramref name="checkpoint"/>. Returns its co-signature, its refusal (the kind and reason), or,
    /// when it did not answer, a result with neither (<see cref="WitnessResult.IsCosigned"/> false and no refusal); never throws
    /// for a witness that is down.
    /// </summary>
    /// <param name="checkpoint">The log's signed checkpoint.</param>
    /// <param name="proofFrom">The RFC 9162 consistency proof from a smaller tree size to the checkpoint's.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    Task<WitnessResult> AddCheckpointAsync(SignedCheckpoint checkpoint, Func<long, CancellationToken, Task<IReadOnlyList<byte[]>>> proofFrom,
        CancellationToken cancellationToken = default);
}
