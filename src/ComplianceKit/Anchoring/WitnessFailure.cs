namespace ComplianceKit.Anchoring;

/// <summary>A witness that did not co-sign the newest checkpoint when asked.</summary>
/// <param name="Witness">The witness client's name.</param>
/// <param name="Refusal">Its refusal, or <see langword="null"/> when it did not answer (down, unreachable, too slow) or its answer did not verify.</param>
/// <param name="Message">Why, in one sentence.</param>
public sealed record WitnessFailure(string Witness, WitnessFindingKind? Refusal, string Message);
