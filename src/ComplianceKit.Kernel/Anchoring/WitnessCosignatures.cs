using System.Security.Cryptography.X509Certificates;
using ComplianceKit.Approvals;
using ComplianceKit.Signing;

namespace ComplianceKit.Anchoring;

/// <summary>
/// Counts the witnesses that co-signed a checkpoint (docs/FORMAT.md 13.4): a co-signature is a detached CMS signature over the
/// checkpoint's exact bytes by a witness's key; it counts when it is intact and its signer certificate is one the auditor pinned
/// (by its SHA-256), each witness once.
/// </summary>
public static class WitnessCosignatures
{
    /// <summary>How many distinct pinned <paramref name="witnesses"/> signed <paramref name="checkpointBytes"/> among <paramref name="cosignatures"/>.</summary>
    public static int Count(byte[] checkpointBytes, IEnumerable<byte[]> cosignatures, IReadOnlyCollection<X509Certificate2> witnesses)
    {
        ArgumentNullException.ThrowIfNull(checkpointBytes);
        ArgumentNullException.ThrowIfNull(cosignatures);
        ArgumentNullException.ThrowIfNull(witnesses);
        var pinned = witnesses.Select(CertificateFingerprint.Of).ToHashSet(StringComparer.Ordinal);
        var counted = new HashSet<string>(StringComparer.Ordinal);
        foreach (var cosignature in cosignatures)
        {
            if (SignerOf(checkpointBytes, cosignature) is { } signer && pinned.Contains(signer))
            {
                counted.Add(signer);
            }
        }

        return counted.Count;
    }

    /// <summary>The SHA-256 of the certificate that made an intact <paramref name="cosignature"/> over <paramref name="checkpointBytes"/>, or <see langword="null"/>.</summary>
    public static string? SignerOf(byte[] checkpointBytes, byte[] cosignature)
    {
        ArgumentNullException.ThrowIfNull(checkpointBytes);
        ArgumentNullException.ThrowIfNull(cosignature);
        var result = IntegrityOnlySignatureCheck.Verify(checkpointBytes, cosignature);
        return IntegrityOnlySignatureCheck.IsIntact(result) && result.SignerCertificate is { } certificate ? CertificateFingerprint.Of(certificate) : null;
    }
}
