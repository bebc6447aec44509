using ComplianceKit.Anchoring;

namespace ComplianceKit.Tests.Anchoring.Hosting;

/// <summary>A sink over a directory that refuses its first <c>failures</c> writes as an unreachable store would.</summary>
internal sealed class FlakySink(string directory, int failures) : ICheckpointSink
{
    private readonly DirectoryCheckpointSink _inner = new(directory);
    private int _attempts;

    public string Name => "flaky:" + _inner.Name;

    public int Attempts => Volatile.Read(ref _attempts);

    public Task PublishAsync(SignedCheckpoint checkpoint, CancellationToken cancellationToken = default) =>
        Interlocked.Increment(ref _attempts) <= failures
            ? throw new CheckpointSinkException("The store is unreachable.")
            : _inner.PublishAsync(checkpoint, cancellationToken);

    public Task<long?> GetNewestTreeSizeAsync(string origin, CancellationToken cancellationToken = default) => _inner.GetNewestTreeSizeAsync(origin, cancellationToken);
}
