namespace ComplianceKit.Anchoring;

/// <summary>
/// Somewhere outside the database that keeps published checkpoints where the database's operator cannot rewrite them
/// (a directory on WORM storage or another machine, an object-locked bucket, a SIEM). Implementations must be append-only:
/// publishing the same checkpoint again succeeds without change; publishing another checkpoint of the same origin and size
/// is refused with <see cref="CheckpointSinkException"/>, never written over the first.
/// </summary>
public interface ICheckpointSink
{
    /// <summary>A name for reports and logs (for example the directory).</summary>
    string Name { get; }

    /// <summary>Stores <paramref name="checkpoint"/> durably; returns only once it survives a crash of this process.</summary>
    /// <exception cref="CheckpointSinkException">The sink refused it (another checkpoint of that size is there) or could not store it.</exception>
    Task PublishAsync(SignedCheckpoint checkpoint, CancellationToken cancellationToken = default);

    /// <summary>The largest tree size the sink holds for <paramref name="origin"/>, or <see langword="null"/> when it holds none.</summary>
    /// <exception cref="CheckpointSinkException">The sink cannot be read.</exception>
    Task<long?> GetNewestTreeSizeAsync(string origin, CancellationToken cancellationToken = default);
}
