using System.Formats.Asn1;
using System.Security.Cryptography;
using ComplianceKit.Signing;

namespace ComplianceKit.Bundles;

/// <summary>
/// Checks that a checkpoint signature is strict DER in exactly the shape <see cref="ICmsSigner"/> documents.
/// A detached signature cannot cover its own bytes; holding its unsigned parts (versions, algorithm
/// identifiers, the certificate set, the absence of CRLs and unsigned attributes) to one encoding means a
/// changed byte there is refused, not ignored. The one unsigned attribute the shape admits is a single
/// signatureTimeStampToken (docs/FORMAT.md 12.13), which only a version 2 bundle may carry: the caller judges that once the
/// manifest says the version.
/// </summary>
internal static class StrictCmsShape
{
    private const string SignedData = "1.2.840.113549.1.7.2";
    private const string Data = "1.2.840.113549.1.7.1";
    private const string Sha256 = "2.16.840.1.101.3.4.2.1";
    private const string Sha384 = "2.16.840.1.101.3.4.2.2";
    private const string Sha512 = "2.16.840.1.101.3.4.2.3";
    private const string ContentTypeAttribute = "1.2.840.113549.1.9.3";
    private const string MessageDigestAttribute = "1.2.840.113549.1.9.4";
    private const string SigningTimeAttribute = "1.2.840.113549.1.9.5";

    private static readonly Dictionary<string, (bool Rsa, string? Digest)> SignatureAlgorithms = new(StringComparer.Ordinal)
    {
        ["1.2.840.113549.1.1.1"] = (true, null),
        ["1.2.840.113549.1.1.11"] = (true, Sha256),
        ["1.2.840.113549.1.1.12"] = (true, Sha384),
        ["1.2.840.113549.1.1.13"] = (true, Sha512),
        ["1.2.840.10045.2.1"] = (false, null),
        ["1.2.840.10045.4.3.2"] = (false, Sha256),
        ["1.2.840.10045.4.3.3"] = (false, Sha384),
        ["1.2.840.10045.4.3.4"] = (false, Sha512),
    };

    /// <summary>Returns what departs from the documented shape, or <see langword="null"/> when the bytes have it.</summary>
    /// <param name="der">The checkpoint signature.</param>
    /// <param name="timestamped">Whether the signer carries a signatureTimeStampToken unsigned attribute (allowed in version 2 only).</param>
    public static string? Check(ReadOnlyMemory<byte> der, out bool timestamped)
    {
        timestamped = false;
        try
        {
            timestamped = CheckCore(der);
            return null;
        }
        catch (Exception ex) when (ex is AsnContentException or CryptographicException or FormatException)
        {
            return ex.Message;
        }
    }

    private static bool CheckCore(ReadOnlyMemory<byte> der)
    {
        var contentInfo = new AsnReader(der, AsnEncodingRules.DER);
        var outer = contentInfo.ReadSequence();
        contentInfo.ThrowIfNotEmpty();
        Expect(outer.ReadObjectIdentifier() == SignedData, "the content type is not signedData");
        var explicitContent = outer.ReadSequence(new Asn1Tag(TagClass.ContextSpecific, 0));
        outer.ThrowIfNotEmpty();
        var signedData = explicitContent.ReadSequence();
        explicitContent.ThrowIfNotEmpty();

        Expect(ReadSmallInteger(signedData) == 1, "the SignedData version is not 1");
        var digestAlgorithms = signedData.ReadSetOf();
        var digestAlgorithm = digestAlgorithms.ReadEncodedValue();
        Expect(!digestAlgorithms.HasData, "there is more than one digest algorithm");
        var digestOid = ReadDigestAlgorithm(digestAlgorithm);

        var encapsulated = signedData.ReadSequence();
        Expect(encapsulated.ReadObjectIdentifier() == Data, "the encapsulated content type is not id-data");
        Expect(!encapsulated.HasData, "the signature is not detached: it encapsulates content");

        var certificates = signedData.ReadSetOf(new Asn1Tag(TagClass.ContextSpecific, 0, isConstructed: true));
        certificates.ReadSequence();
        Expect(!certificates.HasData, "it carries more than the signer certificate");

        var signerInfos = signedData.ReadSetOf();
        Expect(!signedData.HasData, "it carries certificate revocation lists or other fields after the signer infos");
        var signerInfo = signerInfos.ReadSequence();
        Expect(!signerInfos.HasData, "it has more than one signer");

        Expect(ReadSmallInteger(signerInfo) == 1, "the SignerInfo version is not 1 (issuer and serial number)");
        var sid = signerInfo.ReadSequence();
        sid.ReadSequence();
        sid.ReadIntegerBytes();
        sid.ThrowIfNotEmpty();
        Expect(signerInfo.ReadEncodedValue().Span.SequenceEqual(digestAlgorithm.Span), "the signer's digest algorithm differs from the SignedData's");

        var attributes = signerInfo.ReadSetOf(new Asn1Tag(TagClass.ContextSpecific, 0, isConstructed: true));
        var seen = new HashSet<string>(StringComparer.Ordinal);
        while (attributes.HasData)
        {
            var attribute = attributes.ReadSequence();
            var oid = attribute.ReadObjectIdentifier();
            Expect(oid is ContentTypeAttribute or MessageDigestAttribute or SigningTimeAttribute && seen.Add(oid),
                $"the signed attributes are not exactly content-type, message-digest and signing-time ({oid})");
            var values = attribute.ReadSetOf(); // the values are signed; their DER order is checked here
            var value = values.ReadEncodedValue();
            Expect(!values.HasData, $"the signed attribute {oid} has more than one value");
            if (oid == SigningTimeAttribute)
            {
                CheckSigningTime(value);
            }

            attribute.ThrowIfNotEmpty();
        }

        Expect(seen.Count == 3, "the signed attributes are not exactly content-type, message-digest and signing-time");

        var signatureAlgorithm = signerInfo.ReadSequence();
        var signatureOid = signatureAlgorithm.ReadObjectIdentifier();
        Expect(SignatureAlgorithms.TryGetValue(signatureOid, out var algorithm), $"the signature algorithm {signatureOid} is not RSA or ECDSA");
        Expect(algorithm.Digest is null || algorithm.Digest == digestOid, "the signature algorithm names another digest than the digest algorithm");
        if (signatureAlgorithm.HasData)
        {
            Expect(algorithm.Rsa, "ECDSA signature algorithm parameters must be absent");
            signatureAlgorithm.ReadNull();
        }

        signatureAlgorithm.ThrowIfNotEmpty();
        Expect(signerInfo.ReadOctetString().Length > 0, "the signature value is empty");
        var timestamped = signerInfo.HasData && ReadTimestampAttribute(signerInfo);
        Expect(!signerInfo.HasData, "the signer has unsigned attributes");
        return timestamped;
    }

    /// <summary>The unsigned attributes, when present, are exactly one signatureTimeStampToken with one value (a ContentInfo, judged by the timestamp check).</summary>
    private static bool ReadTimestampAttribute(AsnReader signerInfo)
    {
        var unsigned = signerInfo.ReadSetOf(new Asn1Tag(TagClass.ContextSpecific, 1, isConstructed: true));
        var attribute = unsigned.ReadSequence();
        Expect(attribute.ReadObjectIdentifier() == SignatureTimestamps.AttributeOid, "the signer has unsigned attributes other than one signatureTimeStampToken");
        var values = attribute.ReadSetOf();
        values.ReadSequence();
        Expect(!values.HasData, "the signatureTimeStampToken has more than one value");
        attribute.ThrowIfNotEmpty();
        Expect(!unsigned.HasData, "the signer has unsigned attributes besides one signatureTimeStampToken");
        return true;
    }

    /// <summary>RFC 5652 section 11.3: UTCTime for 1950 to 2049, GeneralizedTime from 2050; whole seconds either way.</summary>
    private static void CheckSigningTime(ReadOnlyMemory<byte> encoded)
    {
        var reader = new AsnReader(encoded, AsnEncodingRules.DER);
        var tag = reader.PeekTag();
        if (tag.HasSameClassAndValue(Asn1Tag.UtcTime))
        {
            Expect(reader.ReadUtcTime().Year < 2050, "the signing time is a UTCTime after 2049");
        }
        else
        {
            Expect(tag.HasSameClassAndValue(Asn1Tag.GeneralizedTime), "the signing time is neither UTCTime nor GeneralizedTime");
            var time = reader.ReadGeneralizedTime();
            Expect(time.Millisecond == 0 && time.Ticks % TimeSpan.TicksPerSecond == 0, "the signing time has a fraction of a second");
            Expect(time.Year >= 2050, "the signing time is a GeneralizedTime before 2050, where UTCTime is required");
        }

        reader.ThrowIfNotEmpty();
    }

    private static string ReadDigestAlgorithm(ReadOnlyMemory<byte> encoded)
    {
        var reader = new AsnReader(encoded, AsnEncodingRules.DER);
        var algorithm = reader.ReadSequence();
        var oid = algorithm.ReadObjectIdentifier();
        Expect(oid is Sha256 or Sha384 or Sha512, $"the digest algorithm {oid} is not SHA-256, SHA-384 or SHA-512");
        if (algorithm.HasData)
        {
            algorithm.ReadNull();
        }

        algorithm.ThrowIfNotEmpty();
        return oid;
    }

    private static int ReadSmallInteger(AsnReader reader) =>
        reader.TryReadInt32(out var value) ? value : throw new FormatException("a version is not a small integer");

    private static void Expect(bool condition, string problem)
    {
        if (!condition)
        {
            throw new FormatException(problem);
        }
    }
}
