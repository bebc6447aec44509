using System.Formats.Asn1;
using System.Numerics;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using NodaTime;

namespace ComplianceKit.Signing;

/// <summary>The parts of an RFC 5280 CertificateList that offline revocation checking needs.</summary>
internal sealed class ParsedCrl
{
    private ParsedCrl(
        ReadOnlyMemory<byte> toBeSigned,
        string signatureAlgorithm,
        byte[] signature,
        byte[] issuerName,
        Instant thisUpdate,
        Instant? nextUpdate,
        bool isDelta,
        List<(BigInteger Serial, Instant RevokedAt)> entries)
    {
        ThisUpdate = thisUpdate;
        NextUpdate = nextUpdate;
        ToBeSigned = toBeSigned;
        SignatureAlgorithm = signatureAlgorithm;
        Signature = signature;
        IssuerName = issuerName;
        IsDelta = isDelta;
        Entries = entries;
    }

    public ReadOnlyMemory<byte> ToBeSigned { get; }

    public string SignatureAlgorithm { get; }

    public byte[] Signature { get; }

    /// <summary>The DER issuer Name, compared byte for byte with CA subject names.</summary>
    public byte[] IssuerName { get; }

    public string IssuerDisplayName => new X500DistinguishedName(IssuerName).Name;

    public bool IsDelta { get; }

    /// <summary>When the CRL was issued (RFC 5280 thisUpdate).</summary>
    public Instant ThisUpdate { get; }

    /// <summary>When the next CRL is due (nextUpdate), or null when the CRL does not say.</summary>
    public Instant? NextUpdate { get; }

    /// <summary>Whether the CRL is the current one at <paramref name="at"/>: thisUpdate &lt;= at &lt;= nextUpdate (no nextUpdate: from thisUpdate on).</summary>
    public bool IsValidAt(Instant at) => ThisUpdate <= at && (NextUpdate is not { } next || at <= next);

    /// <summary>When <paramref name="serial"/> was revoked, if this CRL lists it.</summary>
    public Instant? RevocationOf(BigInteger serial)
    {
        foreach (var (listed, revokedAt) in Entries)
        {
            if (listed == serial)
            {
                return revokedAt;
            }
        }

        return null;
    }

    public IReadOnlyList<(BigInteger Serial, Instant RevokedAt)> Entries { get; }

    /// <summary>Parses a DER CertificateList without judging its signature.</summary>
    /// <exception cref="AsnContentException">The bytes are not a DER CertificateList.</exception>
    public static ParsedCrl Parse(byte[] der)
    {
        var reader = new AsnReader(der, AsnEncodingRules.DER);
        var certificateList = reader.ReadSequence();
        reader.ThrowIfNotEmpty();

        var toBeSigned = certificateList.ReadEncodedValue();
        var outerAlgorithm = certificateList.ReadEncodedValue();
        var signature = certificateList.ReadBitString(out var unusedBits);
        certificateList.ThrowIfNotEmpty();
        if (unusedBits != 0)
        {
            throw new AsnContentException("The CRL signature has unused bits.");
        }

        var tbs = new AsnReader(toBeSigned, AsnEncodingRules.DER).ReadSequence();
        if (tbs.PeekTag().HasSameClassAndValue(Asn1Tag.Integer))
        {
            tbs.ReadInteger();
        }

        var innerAlgorithm = tbs.ReadEncodedValue();
        if (!innerAlgorithm.Span.SequenceEqual(outerAlgorithm.Span))
        {
            throw new AsnContentException("The CRL's inner and outer signature algorithms differ.");
        }

        var algorithm = new AsnReader(outerAlgorithm, AsnEncodingRules.DER).ReadSequence().ReadObjectIdentifier();
        var issuerName = tbs.ReadEncodedValue().ToArray();
        var thisUpdate = ReadTime(tbs);
        Instant? nextUpdate = tbs.HasData && IsTime(tbs.PeekTag()) ? ReadTime(tbs) : null;

        var entries = new List<(BigInteger, Instant)>();
        if (tbs.HasData && tbs.PeekTag().HasSameClassAndValue(Asn1Tag.Sequence))
        {
            var revoked = tbs.ReadSequence();
            while (revoked.HasData)
            {
                var entry = revoked.ReadSequence();
                var serial = entry.ReadInteger();
                var revokedAt = ReadTime(entry);
                entries.Add((serial, revokedAt));
            }
        }

        var isDelta = false;
        var extensionsTag = new Asn1Tag(TagClass.ContextSpecific, 0, isConstructed: true);
        if (tbs.HasData && tbs.PeekTag().HasSameClassAndValue(extensionsTag))
        {
            var extensions = tbs.ReadSequence(extensionsTag).ReadSequence();
            while (extensions.HasData)
            {
                var extension = extensions.ReadSequence();
                isDelta |= extension.ReadObjectIdentifier() == CmsOids.DeltaCrlIndicator;
            }
        }

        tbs.ThrowIfNotEmpty();
        return new ParsedCrl(toBeSigned, algorithm, signature, issuerName, thisUpdate, nextUpdate, isDelta, entries);
    }

    /// <summary>Whether the CRL signature verifies with the public key of <paramref name="issuer"/>.</summary>
    public bool IsSignedBy(X509Certificate2 issuer) => IssuerSignature.Verifies(ToBeSigned.Span, SignatureAlgorithm, Signature, issuer);

    private static bool IsTime(Asn1Tag tag) =>
        tag.HasSameClassAndValue(Asn1Tag.UtcTime) || tag.HasSameClassAndValue(Asn1Tag.GeneralizedTime);

    private static Instant ReadTime(AsnReader reader)
    {
        var value = reader.PeekTag().HasSameClassAndValue(Asn1Tag.UtcTime)
            ? reader.ReadUtcTime(twoDigitYearMax: 2049)
            : reader.ReadGeneralizedTime();
        return Instant.FromDateTimeOffset(value);
    }
}
