namespace ComplianceKit.Anchoring;

/// <summary>One request a witness answered through <see cref="WitnessExchange"/>.</summary>
/// <param name="Request">The request file.</param>
/// <param name="Result">The answer: a co-signature, a refusal, or neither (a malformed request, or another old size).</param>
/// <param name="AcceptedSize">When the request's old size was not the witness's: the size it accepted last; otherwise <see langword="null"/>.</param>
public sealed record WitnessExchangeAnswer(string Request, WitnessResult Result, long? AcceptedSize);
