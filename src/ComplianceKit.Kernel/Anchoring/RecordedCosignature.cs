namespace ComplianceKit.Anchoring;

/// <summary>One witness's co-signature as a <c>checkpoint.cosigned</c> entry records it.</summary>
public sealed record RecordedCosignature
{
    /// <summary>The SHA-256 (lowercase hex) of the witness certificate that made it.</summary>
    public required string Witness { get; init; }

    /// <summary>Base64 of the witness's detached CMS signature (DER) over the checkpoint's exact bytes.</summary>
    public required string Cosignature { get; init; }
}
