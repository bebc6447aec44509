using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using ComplianceKit.Cli.Hosting;

namespace ComplianceKit.Cli.Files;

/// <summary>
/// Reads every certificate file a command takes (trust anchors, administration roots, a certificate to trust or grant, a witness,
/// a pinned checkpoint key): one size limit, one format rule (PEM with one or more <c>CERTIFICATE</c> blocks, or one DER
/// certificate), one set of messages.
/// </summary>
internal static class CertificateFile
{
    /// <summary>Every certificate in <paramref name="path"/>: a PEM file may hold several, a DER file holds one.</summary>
    /// <param name="path">The file named on the command line.</param>
    /// <param name="what">What the file is, for messages (for example <c>--witness</c> or <c>trust anchor file</c>).</param>
    /// <exception cref="UsageException">The file is missing, too large, neither PEM nor DER, or holds no certificate.</exception>
    public static X509Certificate2Collection ReadAll(string path, string what)
    {
        var bytes = InputFile.ReadAllBytes(path, what, InputFile.CertificateLimit);
        var certificates = new X509Certificate2Collection();
        try
        {
            if (LooksLikePem(bytes))
            {
                certificates.ImportFromPem(InputFile.DecodeText(bytes, path, what));
            }
            else
            {
                certificates.Add(X509CertificateLoader.LoadCertificate(bytes));
            }
        }
        catch (CryptographicException ex)
        {
            throw new UsageException($"{what} '{path}' is not a PEM or DER certificate ({ex.Message}).");
        }

        return certificates.Count > 0 ? certificates : throw new UsageException($"{what} '{path}' holds no PEM certificate (-----BEGIN CERTIFICATE-----).");
    }

    /// <summary>The one certificate in <paramref name="path"/>: a file that names a single party must not leave a choice between several.</summary>
    /// <exception cref="UsageException">As <see cref="ReadAll"/>, or the file holds more than one certificate.</exception>
    public static X509Certificate2 ReadOne(string path, string what)
    {
        var certificates = ReadAll(path, what);
        if (certificates.Count == 1)
        {
            return certificates[0];
        }

        foreach (var certificate in certificates)
        {
            certificate.Dispose();
        }

        throw new UsageException($"{what} '{path}' must hold exactly one certificate; it holds {certificates.Count}.");
    }

    // A DER certificate starts with a SEQUENCE tag (0x30); PEM is text, whose first byte is never 0x30 ('0') in any
    // certificate file a tool writes, and a PEM file that did start so would still fail to parse as DER, with a clear message.
    private static bool LooksLikePem(ReadOnlySpan<byte> bytes) => bytes.Length == 0 || bytes[0] != 0x30;
}
