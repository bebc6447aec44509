namespace ComplianceKit.Signing;

/// <summary>
/// The time-independent result of building a signer's chain against a policy: whether it ends at a trust anchor,
/// and the facts of each certificate (signer first, anchor last). Cached per signer certificate; immutable.
/// </summary>
internal sealed class ChainOutcome(bool isTrusted, string? problem, CertificateFacts[] elements)
{
    public bool IsTrusted { get; } = isTrusted;

    /// <summary>Why the chain is untrusted, from the chain status; null when trusted.</summary>
    public string? Problem { get; } = problem;

    /// <summary>The chain as built, signer first; for an untrusted chain, as far as it could be built.</summary>
    public IReadOnlyList<CertificateFacts> Elements { get; } = elements;

    public CertificateFacts Signer => Elements[0];
}
