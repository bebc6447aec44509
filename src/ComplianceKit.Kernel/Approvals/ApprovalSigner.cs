namespace ComplianceKit.Approvals;

/// <summary>Who signed, as the statement states it.</summary>
/// <param name="Name">The signer's printed name (21 CFR 11.50(a)(1)).</param>
/// <param name="Role">The role the signer signs in, for example <c>Compliance Officer</c>.</param>
/// <param name="CertificateSha256">The SHA-256 fingerprint of the signer's certificate (DER), lower-case hex.</param>
public sealed record ApprovalSigner(string Name, string Role, string CertificateSha256);
