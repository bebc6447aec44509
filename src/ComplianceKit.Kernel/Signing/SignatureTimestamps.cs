using System.Security.Cryptography;
using System.Security.Cryptography.Pkcs;

namespace ComplianceKit.Signing;

/// <summary>
/// The RFC 3161 timestamp token of a CMS signature, as CAdES-T carries it: the <c>id-aa-signatureTimeStampToken</c>
/// unsigned attribute (1.2.840.113549.1.9.16.2.14, RFC 3161 appendix A) of the one SignerInfo, whose value is the token
/// (a DER ContentInfo of a SignedData over a TSTInfo) and whose message imprint is the hash of the SignerInfo's signature
/// value (the contents of its <c>signature</c> OCTET STRING). Pure; thread-safe.
/// </summary>
/// <remarks>
/// An unsigned attribute is outside what the signer signed, so adding one leaves the signature valid: the same bytes
/// verify with <see cref="CmsSignatureVerifier"/> and with <c>openssl cms -verify</c> before and after.
/// </remarks>
public static class SignatureTimestamps
{
    /// <summary>id-aa-signatureTimeStampToken.</summary>
    public const string AttributeOid = "1.2.840.113549.1.9.16.2.14";

    /// <summary>The signature value the timestamp's message imprint must cover: the one SignerInfo's <c>signature</c> octets.</summary>
    /// <param name="detachedCms">A DER CMS SignedData with exactly one SignerInfo.</param>
    /// <exception cref="FormatException">The bytes are not such a SignedData.</exception>
    public static byte[] SignatureValue(byte[] detachedCms) => SignerOf(Decode(detachedCms)).GetSignature();

    /// <summary>
    /// Returns <paramref name="detachedCms"/> with <paramref name="token"/> added as the signatureTimeStampToken unsigned
    /// attribute of its one SignerInfo. The signed attributes, the signature value and the certificates are unchanged.
    /// </summary>
    /// <param name="detachedCms">A DER CMS SignedData with exactly one SignerInfo and no timestamp token yet.</param>
    /// <param name="token">The DER TimeStampToken (a ContentInfo).</param>
    /// <exception cref="FormatException">The signature is not such a SignedData, or already carries a timestamp token.</exception>
    public static byte[] Attach(byte[] detachedCms, byte[] token)
    {
        ArgumentNullException.ThrowIfNull(token);
        var cms = Decode(detachedCms);
        var signer = SignerOf(cms);
        if (FindIn(signer) is not null)
        {
            throw new FormatException("The signature already carries a timestamp token.");
        }

        signer.AddUnsignedAttribute(new AsnEncodedData(new Oid(AttributeOid), token));
        return cms.Encode();
    }

    /// <summary>The DER timestamp token the signature carries, or <see langword="null"/> when it carries none.</summary>
    /// <param name="detachedCms">A DER CMS SignedData with exactly one SignerInfo.</param>
    /// <exception cref="FormatException">The bytes are not such a SignedData, or carry the attribute more than once or with more than one value.</exception>
    public static byte[]? Find(byte[] detachedCms) => FindIn(SignerOf(Decode(detachedCms)));

    internal static byte[]? FindIn(SignerInfo signer)
    {
        byte[]? found = null;
        foreach (var attribute in signer.UnsignedAttributes)
        {
            if (attribute.Oid.Value != AttributeOid)
            {
                continue;
            }

            if (found is not null || attribute.Values.Count != 1)
            {
                throw new FormatException("The signatureTimeStampToken attribute must occur once with one value.");
            }

            found = attribute.Values[0].RawData;
        }

        return found;
    }

    private static SignedCms Decode(byte[] detachedCms)
    {
        ArgumentNullException.ThrowIfNull(detachedCms);
        var cms = new SignedCms();
        try
        {
            cms.Decode(detachedCms);
            return cms;
        }
        catch (CryptographicException e)
        {
            throw new FormatException($"The signature is not a DER CMS SignedData: {e.Message}", e);
        }
    }

    private static SignerInfo SignerOf(SignedCms cms) => cms.SignerInfos.Count == 1
        ? cms.SignerInfos[0]
        : throw new FormatException($"The signature has {cms.SignerInfos.Count} signers; exactly one is required.");
}
