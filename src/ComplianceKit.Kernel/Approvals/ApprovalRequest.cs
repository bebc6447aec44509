namespace ComplianceKit.Approvals;

/// <summary>What a signer is about to sign; the recorder adds the organisation, time, certificate and ledger head.</summary>
public sealed record ApprovalRequest
{
    /// <summary>What is approved.</summary>
    public required ApprovalSubject Subject { get; init; }

    /// <summary>SHA-256 of the artifact or statement approved, lower-case hex.</summary>
    public required string ArtifactSha256 { get; init; }

    /// <summary>The decision.</summary>
    public required ApprovalDecision Decision { get; init; }

    /// <summary>The conditions, required for <see cref="ApprovalDecision.ApprovedWithConditions"/>.</summary>
    public string? Conditions { get; init; }

    /// <summary>What the signature means; approval unless said otherwise.</summary>
    public SignatureMeaning Meaning { get; init; } = SignatureMeaning.Approval;

    /// <summary>The signer's printed name.</summary>
    public required string SignerName { get; init; }

    /// <summary>The role the signer signs in.</summary>
    public required string Role { get; init; }
}
