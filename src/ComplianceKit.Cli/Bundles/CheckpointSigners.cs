using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using ComplianceKit.Cli.Files;
using ComplianceKit.Cli.Hosting;
using ComplianceKit.Signing;

namespace ComplianceKit.Cli.Bundles;

/// <summary>Loads the organisation's checkpoint signer for <c>export</c>: a PFX, or PEM certificate and key files.</summary>
internal static class CheckpointSigners
{
    /// <summary>
    /// Loads <paramref name="certificatePath"/> (PKCS #12, or PEM with the key in <paramref name="keyPath"/> or in the same
    /// file); the password, if any, comes from the environment variable <paramref name="passwordVariable"/>, never the command line.
    /// </summary>
    /// <exception cref="SignerCertificateRejectedException">The certificate fails the signer policy; the command refuses (exit 1).</exception>
    public static X509CertificateSigner Load(string certificatePath, string? keyPath, string? passwordVariable)
    {
        // Read once under the limit here; the loaders below read the same, already bounded, files.
        var certificate = InputFile.ReadAllBytes(certificatePath, "signing certificate", InputFile.CertificateLimit);
        if (keyPath is not null)
        {
            InputFile.ReadAllBytes(keyPath, "signing key", InputFile.CertificateLimit);
        }

        string? password = null;
        if (passwordVariable is not null)
        {
            password = Environment.GetEnvironmentVariable(passwordVariable)
                ?? throw new UsageException($"--signing-password-env names '{passwordVariable}', which is not set.");
        }

        try
        {
            var isPem = certificate.AsSpan().IndexOf("-----BEGIN CERTIFICATE-----"u8) >= 0;
            return isPem
                ? X509CertificateSigner.FromPemFiles(certificatePath, keyPath ?? certificatePath, password)
                : X509CertificateSigner.FromPfxFile(certificatePath, password);
        }
        catch (Exception ex) when (ex is CryptographicException or (ArgumentException and not SignerCertificateRejectedException))
        {
            throw new UsageException($"the signing certificate cannot be loaded with its private key: {ex.Message}");
        }
    }

    /// <summary>The organisation that signs: <paramref name="given"/> (<c>--organization</c>), else the certificate's O=.</summary>
    /// <exception cref="UsageException">Neither names one.</exception>
    public static string OrganizationOf(X509Certificate2 certificate, string? given) =>
        given ?? OrganizationOf(certificate) ?? throw new UsageException("the signing certificate names no organisation (O=); give it with --organization.");

    /// <summary>The organisation (O=) the certificate names, if any.</summary>
    public static string? OrganizationOf(X509Certificate2 certificate) => OrganizationOf(certificate.SubjectName);

    /// <summary>The organisation (O=) a distinguished name names, if any.</summary>
    public static string? OrganizationOf(X500DistinguishedName distinguishedName)
    {
        foreach (var name in distinguishedName.EnumerateRelativeDistinguishedNames())
        {
            if (name.GetSingleElementType().Value == "2.5.4.10" && name.GetSingleElementValue() is { Length: > 0 } organization)
            {
                return organization;
            }
        }

        return null;
    }
}
