using NodaTime;

namespace ComplianceKit.Signing;

/// <summary>The time a signature is judged at, which time it is, why, and the timestamp check behind it.</summary>
internal sealed record SignatureTime(Instant At, SigningTimeBasis Basis, string Reason, TimestampVerificationResult? Timestamp);
