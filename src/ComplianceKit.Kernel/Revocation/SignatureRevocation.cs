using NodaTime;

namespace ComplianceKit.Revocation;

/// <summary>The revocation verdict on the certificate of one signature in a bundle, judged offline from the bundle's <c>revocation/</c> files.</summary>
public sealed record SignatureRevocation
{
    /// <summary>
    /// The bundle member holding the signature (<c>checkpoint.p7s</c>, <c>approvals/&lt;seq&gt;.p7s</c>, <c>anchors/&lt;n&gt;.p7s</c>), or
    /// <c>entries.jsonl</c> for signed evidence, whose signature is inside its entry's payload (<see cref="Sequence"/>).
    /// </summary>
    public required string SignatureFile { get; init; }

    /// <summary>The entry whose payload holds the signature (signed evidence), or null when the signature is a member of its own.</summary>
    public long? Sequence { get; init; }

    /// <summary>The signer certificate's subject.</summary>
    public required string SignerSubject { get; init; }

    /// <summary>The time judged at: the signature's trusted time (its verified timestamp's, else its claimed signing time).</summary>
    public required Instant JudgedAt { get; init; }

    /// <summary>The verdict.</summary>
    public required RevocationStatus Status { get; init; }

    /// <summary>The <c>revocation/</c> member the verdict rests on, or null when none applied.</summary>
    public string? EvidenceFile { get; init; }

    /// <summary>The verdict in words, for reports.</summary>
    public required string Message { get; init; }
}
