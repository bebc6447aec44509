using System.Formats.Asn1;
using System.Security.Cryptography;

namespace ComplianceKit.Signing;

/// <summary>
/// The parts of an RFC 3161 TimeStampToken (a CMS ContentInfo of a SignedData, RFC 5652 section 5) that the token check
/// needs, read once with <see cref="AsnReader"/> and nothing materialised: no certificate objects, no keys. Pure; immutable.
/// </summary>
/// <remarks>
/// SignedCms would do the same reading but then load every embedded certificate and import the signer's key on each check,
/// which is most of the token check's time; <see cref="TimestampTokenVerifier"/> keeps those per certificate instead.
/// The envelope is read with BER, as SignedCms reads it; the signed attributes, which the signature covers, with DER.
/// </remarks>
internal sealed class TimestampTokenParts
{
    private static readonly Asn1Tag Context0 = new(TagClass.ContextSpecific, 0);
    private static readonly Asn1Tag Context1 = new(TagClass.ContextSpecific, 1);

    private TimestampTokenParts()
    {
    }

    /// <summary>The encapsulated content type (id-ct-TSTInfo for a token).</summary>
    public string ContentType { get; private init; } = "";

    /// <summary>The encapsulated content: the TSTInfo's DER bytes (the eContent OCTET STRING's contents).</summary>
    public byte[] Content { get; private init; } = [];

    /// <summary>The DER of each certificate in the SignedData's <c>certificates</c> (other certificate choices skipped).</summary>
    public IReadOnlyList<ReadOnlyMemory<byte>> Certificates { get; private init; } = [];

    /// <summary>How many SignerInfos the SignedData has; the other members describe the first.</summary>
    public int SignerCount { get; private init; }

    /// <summary>The signer identifier's issuer Name DER, when it is an IssuerAndSerialNumber.</summary>
    public ReadOnlyMemory<byte>? SignerIssuer { get; private init; }

    /// <summary>The signer identifier's serial number (big-endian INTEGER contents), when it is an IssuerAndSerialNumber.</summary>
    public ReadOnlyMemory<byte>? SignerSerialNumber { get; private init; }

    /// <summary>The signer identifier's subjectKeyIdentifier, when it is one.</summary>
    public byte[]? SignerKeyIdentifier { get; private init; }

    /// <summary>The SignerInfo's digestAlgorithm OID.</summary>
    public string DigestAlgorithm { get; private init; } = "";

    /// <summary>The SignerInfo's signedAttrs as the signature covers them: the DER SET OF Attribute (tag 0x31, not [0]).</summary>
    public byte[]? SignedAttributes { get; private init; }

    /// <summary>The SignerInfo's signatureAlgorithm OID.</summary>
    public string SignatureAlgorithm { get; private init; } = "";

    /// <summary>The signatureAlgorithm's parameters DER, when present.</summary>
    public ReadOnlyMemory<byte>? SignatureAlgorithmParameters { get; private init; }

    /// <summary>The signature value.</summary>
    public byte[] Signature { get; private init; } = [];

    /// <summary>Reads <paramref name="token"/>; trailing bytes or any structural error throw.</summary>
    /// <exception cref="AsnContentException">The bytes are not a ContentInfo of a SignedData.</exception>
    /// <exception cref="CryptographicException">The content type is not signedData.</exception>
    public static TimestampTokenParts Decode(ReadOnlyMemory<byte> token)
    {
        var outer = new AsnReader(token, AsnEncodingRules.BER);
        var contentInfo = outer.ReadSequence();
        outer.ThrowIfNotEmpty();
        if (contentInfo.ReadObjectIdentifier() != CmsOids.SignedData)
        {
            throw new CryptographicException("The timestamp token is not a CMS SignedData.");
        }

        var wrapper = contentInfo.ReadSequence(Context0);
        contentInfo.ThrowIfNotEmpty();
        var signedData = wrapper.ReadSequence();
        wrapper.ThrowIfNotEmpty();

        signedData.ReadInteger();
        signedData.ReadSetOf(skipSortOrderValidation: true);
        var encapsulated = signedData.ReadSequence();
        var contentType = encapsulated.ReadObjectIdentifier();
        byte[] content = [];
        if (encapsulated.HasData)
        {
            var explicitContent = encapsulated.ReadSequence(Context0);
            content = explicitContent.ReadOctetString();
            explicitContent.ThrowIfNotEmpty();
        }

        encapsulated.ThrowIfNotEmpty();
        var certificates = new List<ReadOnlyMemory<byte>>();
        if (signedData.HasData && signedData.PeekTag().HasSameClassAndValue(Context0))
        {
            var set = signedData.ReadSetOf(skipSortOrderValidation: true, expectedTag: Context0);
            while (set.HasData)
            {
                var isCertificate = set.PeekTag().HasSameClassAndValue(Asn1Tag.Sequence);
                var encoded = set.ReadEncodedValue();
                if (isCertificate)
                {
                    certificates.Add(encoded);
                }
            }
        }

        if (signedData.HasData && signedData.PeekTag().HasSameClassAndValue(Context1))
        {
            signedData.ReadEncodedValue();
        }

        var signerInfos = signedData.ReadSetOf(skipSortOrderValidation: true);
        signedData.ThrowIfNotEmpty();
        var first = signerInfos.ReadSequence();
        var count = 1;
        while (signerInfos.HasData)
        {
            signerInfos.ReadSequence();
            count++;
        }

        return ReadSigner(first, contentType, content, certificates, count);
    }

    private static TimestampTokenParts ReadSigner(
        AsnReader signer, string contentType, byte[] content, List<ReadOnlyMemory<byte>> certificates, int count)
    {
        signer.ReadInteger();
        ReadOnlyMemory<byte>? issuer = null;
        ReadOnlyMemory<byte>? serial = null;
        byte[]? keyIdentifier = null;
        if (signer.PeekTag().HasSameClassAndValue(Asn1Tag.Sequence))
        {
            var issuerAndSerial = signer.ReadSequence();
            issuer = issuerAndSerial.ReadEncodedValue();
            serial = issuerAndSerial.ReadIntegerBytes();
            issuerAndSerial.ThrowIfNotEmpty();
        }
        else
        {
            keyIdentifier = signer.ReadOctetString(Context0);
        }

        var (digestAlgorithm, _) = ReadAlgorithm(signer);
        byte[]? signedAttributes = null;
        if (signer.PeekTag().HasSameClassAndValue(Context0))
        {
            // The signature is over the DER SET OF, so the [0] IMPLICIT tag becomes the universal SET tag (RFC 5652 section 5.4).
            signedAttributes = signer.ReadEncodedValue().ToArray();
            signedAttributes[0] = 0x31;
        }

        var (signatureAlgorithm, parameters) = ReadAlgorithm(signer);
        var signature = signer.ReadOctetString();
        if (signer.HasData && signer.PeekTag().HasSameClassAndValue(Context1))
        {
            signer.ReadEncodedValue();
        }

        signer.ThrowIfNotEmpty();
        return new TimestampTokenParts
        {
            ContentType = contentType,
            Content = content,
            Certificates = certificates,
            SignerCount = count,
            SignerIssuer = issuer,
            SignerSerialNumber = serial,
            SignerKeyIdentifier = keyIdentifier,
            DigestAlgorithm = digestAlgorithm,
            SignedAttributes = signedAttributes,
            SignatureAlgorithm = signatureAlgorithm,
            SignatureAlgorithmParameters = parameters,
            Signature = signature,
        };
    }

    private static (string Oid, ReadOnlyMemory<byte>? Parameters) ReadAlgorithm(AsnReader reader)
    {
        var identifier = reader.ReadSequence();
        var oid = identifier.ReadObjectIdentifier();
        ReadOnlyMemory<byte>? parameters = identifier.HasData ? identifier.ReadEncodedValue() : null;
        identifier.ThrowIfNotEmpty();
        return (oid, parameters);
    }
}
