using System.Security.Cryptography;
using System.Text;

namespace ComplianceKit.Bundles;

/// <summary>Reads the DER of every <c>CERTIFICATE</c> block of a PEM member, refusing any other block, without trusting or decoding the certificates.</summary>
internal static class PemCertificates
{
    /// <summary>The SHA-256 (lower-case hex) of each certificate's DER, in file order.</summary>
    /// <exception cref="FormatException">The bytes are not ASCII PEM of certificates only.</exception>
    public static List<string> Fingerprints(byte[] pem)
    {
        var text = Encoding.ASCII.GetString(pem);
        if (pem.Any(b => b > 0x7F))
        {
            throw new FormatException("it is not ASCII PEM");
        }

        var fingerprints = new List<string>();
        var rest = text.AsSpan();
        while (PemEncoding.TryFind(rest, out var fields))
        {
            if (!rest[fields.Label].SequenceEqual("CERTIFICATE"))
            {
                throw new FormatException($"it holds a '{rest[fields.Label]}' block, not only certificates");
            }

            var der = Convert.FromBase64String(rest[fields.Base64Data].ToString());
            fingerprints.Add(Convert.ToHexStringLower(SHA256.HashData(der)));
            rest = rest[fields.Location.End..];
        }

        return fingerprints;
    }
}
