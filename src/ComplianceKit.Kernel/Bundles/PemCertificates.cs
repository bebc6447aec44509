using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using ComplianceKit.Signing;

namespace ComplianceKit.Bundles;

/// <summary>Reads the DER of every <c>CERTIFICATE</c> block of a PEM member, refusing any other block, without trusting or decoding the certificates.</summary>
internal static class PemCertificates
{
    /// <summary>The SHA-256 (lower-case hex) of each certificate's DER, in file order.</summary>
    /// <exception cref="FormatException">The bytes are not ASCII PEM of certificates only.</exception>
    public static List<string> Fingerprints(byte[] pem) => Ders(pem).Select(der => Convert.ToHexStringLower(SHA256.HashData(der))).ToList();

    /// <summary>The certificates, in file order (the administration roots a bundle declares, to judge its administrative entries with).</summary>
    /// <exception cref="FormatException">The bytes are not ASCII PEM of certificates only, or a block is not a certificate.</exception>
    public static List<X509Certificate2> Read(byte[] pem)
    {
        try
        {
            return Ders(pem).Select(Load).ToList();
        }
        catch (CryptographicException ex)
        {
            throw new FormatException($"a block is not a certificate ({ex.Message})", ex);
        }
    }

    // .NET decodes a certificate's fields lazily, so a damaged validity or name would throw later, inside the verifier: read
    // them all now, while the damage is still this member's.
    private static X509Certificate2 Load(byte[] der)
    {
        var certificate = X509CertificateLoader.LoadCertificate(der);
        _ = CertificateFacts.From(certificate);
        return certificate;
    }

    private static List<byte[]> Ders(byte[] pem)
    {
        var text = Encoding.ASCII.GetString(pem);
        if (pem.Any(b => b > 0x7F))
        {
            throw new FormatException("it is not ASCII PEM");
        }

        var ders = new List<byte[]>();
        var rest = text.AsSpan();
        while (PemEncoding.TryFind(rest, out var fields))
        {
            if (!rest[fields.Label].SequenceEqual("CERTIFICATE"))
            {
                throw new FormatException($"it holds a '{rest[fields.Label]}' block, not only certificates");
            }

            ders.Add(Convert.FromBase64String(rest[fields.Base64Data].ToString()));
            rest = rest[fields.Location.End..];
        }

        return ders;
    }
}
