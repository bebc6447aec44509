using ComplianceKit.Anchoring;

namespace ComplianceKit.Benchmarks.Anchoring.Phases;

/// <summary>
/// A witness client timed as <c>witness: whole</c>, with the consistency proof it asks the log for timed apart as <c>witness: proof
/// (ledger)</c> (<see cref="PhaseTimings"/>); the witness's own key is timed by a <see cref="TimedSigner"/>.
/// </summary>
internal sealed class TimedWitnessClient(ICheckpointWitnessClient inner) : ICheckpointWitnessClient
{
    public string Name => inner.Name;

    public Task<WitnessResult> AddCheckpointAsync(SignedCheckpoint checkpoint, Func<long, CancellationToken, Task<IReadOnlyList<byte[]>>> proofFrom,
        CancellationToken cancellationToken = default) =>
        PhaseTimings.TimeAsync("witness: whole", () => inner.AddCheckpointAsync(checkpoint,
            (size, ct) => PhaseTimings.TimeAsync("witness: proof (ledger)", () => proofFrom(size, ct)), cancellationToken));
}
