namespace ComplianceKit.Bundles;

/// <summary>An approval the manifest lists, by the sequence of its <c>approval.signed</c> entry.</summary>
/// <param name="Sequence">The approval entry's sequence.</param>
/// <param name="StatementFile">The member holding the canonical statement bytes.</param>
/// <param name="SignatureFile">The member holding the detached CMS signature (DER).</param>
/// <param name="SignerCertificateFile">The member holding the signer certificate (PEM), if the signature carries one.</param>
/// <param name="LedgerHeadProof">
/// The RFC 9162 consistency proof from the ledger head the statement names to the checkpoint, or
/// <see langword="null"/> when the statement names another chain or a later size.
/// </param>
public sealed record ManifestApproval(long Sequence, string StatementFile, string SignatureFile, string? SignerCertificateFile,
    IReadOnlyList<byte[]>? LedgerHeadProof);
