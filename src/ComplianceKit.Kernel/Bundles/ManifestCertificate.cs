namespace ComplianceKit.Bundles;

/// <summary>A certificate the manifest names: its SHA-256 fingerprint, subject and the member holding it (PEM).</summary>
/// <param name="CertificateSha256">SHA-256 over the DER certificate, lower-case hex.</param>
/// <param name="Subject">The subject distinguished name, as .NET formats it.</param>
/// <param name="File">The member holding the certificate as PEM.</param>
public sealed record ManifestCertificate(string CertificateSha256, string Subject, string File);
