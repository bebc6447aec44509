
namespace ComplianceKit.Anchoring;

/// <summary>
/// A checkpoint sink that also keeps witness co-signatures beside the checkpoints it holds (append-only like the checkpoints:
/// the same co-signature again succeeds without change).
/// </summary>
public interface ICheckpointCosignatureSink : ICheckpointSink
{
    /// <summary>Stores <paramref name="cosignature"/>, made by the witness whose certificate's SHA-256 is <paramref name="witnessSha256"/>, beside <paramref name="checkpoint"/>.</summary>
    /// <exception cref="CheckpointSinkException">The sink does not hold the checkpoint, or could not store the co-signature.</exception>
    Task PublishCosignatureAsync(Checkpoint checkpoint, string witnessSha256, byte[] cosignature, CancellationToken cancellationToken = default);
}
