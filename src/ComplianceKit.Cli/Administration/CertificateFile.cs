using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using ComplianceKit.Cli.Hosting;

namespace ComplianceKit.Cli.Administration;

/// <summary>Reads the certificate a trust or role command is about (PEM or DER, public part only).</summary>
internal static class CertificateFile
{
    /// <exception cref="UsageException">The file is missing or holds no certificate.</exception>
    public static X509Certificate2 Load(string path, string what)
    {
        if (!File.Exists(path))
        {
            throw new UsageException($"{what} '{path}' does not exist.");
        }

        try
        {
            return X509CertificateLoader.LoadCertificateFromFile(path);
        }
        catch (CryptographicException ex)
        {
            throw new UsageException($"{what} '{path}' is not a PEM or DER certificate ({ex.Message}).");
        }
    }
}
