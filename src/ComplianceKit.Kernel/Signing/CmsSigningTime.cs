using System.Formats.Asn1;
using NodaTime;

namespace ComplianceKit.Signing;

/// <summary>Encoding rules for the PKCS #9 signingTime attribute value shared by the signers and the verifier.</summary>
internal static class CmsSigningTime
{
    private static readonly Instant Earliest = Instant.FromUtc(1950, 1, 1, 0, 0);
    private static readonly Instant EndExclusive = Instant.FromUtc(2050, 1, 1, 0, 0);

    /// <summary>Throws unless <paramref name="signingTime"/> is a whole second that UTCTime can carry.</summary>
    public static void ThrowIfNotEncodable(Instant signingTime, string paramName)
    {
        if (signingTime < Earliest || signingTime >= EndExclusive)
        {
            throw new ArgumentOutOfRangeException(
                paramName, signingTime, "A CMS signing time must fall between 1950-01-01 and 2049-12-31 (UTCTime).");
        }

        if (signingTime.ToUnixTimeTicks() % NodaConstants.TicksPerSecond != 0)
        {
            throw new ArgumentOutOfRangeException(
                paramName,
                signingTime,
                "A CMS signing time is recorded to the second; truncate it first so the stored and signed times agree.");
        }
    }

    /// <summary>The DER UTCTime encoding of <paramref name="signingTime"/>, which must be encodable.</summary>
    public static byte[] Encode(Instant signingTime)
    {
        var writer = new AsnWriter(AsnEncodingRules.DER);
        writer.WriteUtcTime(signingTime.ToDateTimeOffset(), twoDigitYearMax: 2049);
        return writer.Encode();
    }

    /// <summary>
    /// Decodes a signingTime attribute value (UTCTime, or GeneralizedTime as RFC 5652 requires from 2050).
    /// </summary>
    /// <exception cref="AsnContentException">The value is not a single DER time.</exception>
    public static Instant Decode(ReadOnlyMemory<byte> encoded)
    {
        var reader = new AsnReader(encoded, AsnEncodingRules.DER);
        var tag = reader.PeekTag();
        var value = tag.HasSameClassAndValue(Asn1Tag.UtcTime)
            ? reader.ReadUtcTime(twoDigitYearMax: 2049)
            : reader.ReadGeneralizedTime();
        reader.ThrowIfNotEmpty();
        return Instant.FromDateTimeOffset(value);
    }
}
