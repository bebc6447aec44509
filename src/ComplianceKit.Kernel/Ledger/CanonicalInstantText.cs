using NodaTime;

namespace ComplianceKit.Ledger;

/// <summary>
/// Reads the one form payloads write instants in (<c>uuuu-MM-ddTHH:mm:ss.ffffffZ</c>, 27 ASCII bytes) straight from UTF-8,
/// without the string and pattern parse of the general ISO 8601 reader: projecting a chain reads several per entry.
/// Anything else (other precisions, out-of-range fields) is left to the general reader, which gives the same instant for
/// every text this accepts.
/// </summary>
internal static class CanonicalInstantText
{
    private const int Length = 27;

    /// <summary>The instant <paramref name="utf8"/> names, if it is in the canonical form with valid fields.</summary>
    public static bool TryParse(ReadOnlySpan<byte> utf8, out Instant instant)
    {
        instant = default;
        if (utf8.Length != Length || utf8[4] != '-' || utf8[7] != '-' || utf8[10] != 'T' || utf8[13] != ':' || utf8[16] != ':'
            || utf8[19] != '.' || utf8[26] != 'Z')
        {
            return false;
        }

        if (!Digits(utf8[..4], out var year) || !Digits(utf8.Slice(5, 2), out var month) || !Digits(utf8.Slice(8, 2), out var day)
            || !Digits(utf8.Slice(11, 2), out var hour) || !Digits(utf8.Slice(14, 2), out var minute) || !Digits(utf8.Slice(17, 2), out var second)
            || !Digits(utf8.Slice(20, 6), out var microsecond))
        {
            return false;
        }

        if (year < 1 || month is < 1 or > 12 || day < 1 || day > CalendarSystem.Iso.GetDaysInMonth(year, month) || hour > 23 || minute > 59 || second > 59)
        {
            return false;
        }

        instant = Instant.FromUtc(year, month, day, hour, minute, second) + Duration.FromTicks(microsecond * 10L);
        return true;
    }

    private static bool Digits(ReadOnlySpan<byte> text, out int value)
    {
        value = 0;
        foreach (var b in text)
        {
            var digit = b - (byte)'0';
            if ((uint)digit > 9)
            {
                return false;
            }

            value = (value * 10) + digit;
        }

        return true;
    }
}
