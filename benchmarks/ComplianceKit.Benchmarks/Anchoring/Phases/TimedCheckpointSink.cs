using ComplianceKit.Anchoring;

namespace ComplianceKit.Benchmarks.Anchoring.Phases;

/// <summary>A sink whose calls are timed as phases <c>sink: ...</c> (<see cref="PhaseTimings"/>).</summary>
internal sealed class TimedCheckpointSink(ICheckpointCosignatureSink inner) : ICheckpointCosignatureSink
{
    public string Name => inner.Name;

    public Task PublishAsync(SignedCheckpoint checkpoint, CancellationToken cancellationToken = default) =>
        PhaseTimings.TimeAsync("sink: publish checkpoint", () => inner.PublishAsync(checkpoint, cancellationToken));

    public Task<long?> GetNewestTreeSizeAsync(string origin, CancellationToken cancellationToken = default) =>
        PhaseTimings.TimeAsync("sink: newest tree size", () => inner.GetNewestTreeSizeAsync(origin, cancellationToken));

    public Task PublishCosignatureAsync(Checkpoint checkpoint, string witnessSha256, byte[] cosignature, CancellationToken cancellationToken = default) =>
        PhaseTimings.TimeAsync("sink: publish co-signature", () => inner.PublishCosignatureAsync(checkpoint, witnessSha256, cosignature, cancellationToken));
}
