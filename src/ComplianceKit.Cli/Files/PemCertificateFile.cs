using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using ComplianceKit.Cli.Hosting;

namespace ComplianceKit.Cli.Files;

/// <summary>Reads a file of PEM certificates a command trusts or pins (trust anchors, the administration root): one rule for every such file.</summary>
internal static class PemCertificateFile
{
    /// <summary>Every <c>CERTIFICATE</c> block in <paramref name="path"/>.</summary>
    /// <exception cref="UsageException">The file is missing, too large, not PEM, or holds no certificate.</exception>
    public static X509Certificate2Collection Read(string path, string what)
    {
        var pem = InputFile.ReadAllText(path, what, InputFile.CertificateLimit);
        var certificates = new X509Certificate2Collection();
        try
        {
            certificates.ImportFromPem(pem);
        }
        catch (CryptographicException ex)
        {
            throw new UsageException($"{what} '{path}' is not a PEM certificate file ({ex.Message}).");
        }

        return certificates.Count > 0 ? certificates : throw new UsageException($"{what} '{path}' holds no PEM certificate (-----BEGIN CERTIFICATE-----).");
    }
}
