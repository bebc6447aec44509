namespace ComplianceKit.Anchoring;

/// <summary>What a witness answered: a co-signature, or a refusal with its kind and reason.</summary>
/// <param name="Cosignature">The witness's detached CMS signature over the checkpoint bytes, or <see langword="null"/> when refused.</param>
/// <param name="Refusal">Why it refused, or <see langword="null"/> when it co-signed.</param>
/// <param name="Message">One sentence for the report.</param>
public sealed record WitnessResult(byte[]? Cosignature, WitnessFindingKind? Refusal, string Message)
{
    /// <summary>Whether the witness co-signed.</summary>
    public bool IsCosigned => Cosignature is not null;

    /// <summary>The restore statement the witness accepted to co-sign a smaller or forked tree, or <see langword="null"/> when none was needed or given.</summary>
    public RestoreStatement? AcceptedRestore { get; init; }
}
