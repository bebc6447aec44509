using NodaTime;

namespace ComplianceKit.CheckpointKeys;

/// <summary>One key of the chain of checkpoint keys and when it is the checkpoint key.</summary>
/// <param name="CertificateSha256">The key's certificate fingerprint.</param>
/// <param name="From">From when it signs checkpoints (<see langword="null"/>: the first key of the chain, from the start).</param>
/// <param name="Until">When a rotation replaced it (<see langword="null"/>: it is the key in force).</param>
/// <param name="RotationSequence">The sequence of the rotation that made it the key, or <see langword="null"/> for the first key.</param>
public sealed record CheckpointKeyPeriod(string CertificateSha256, Instant? From, Instant? Until, long? RotationSequence);
