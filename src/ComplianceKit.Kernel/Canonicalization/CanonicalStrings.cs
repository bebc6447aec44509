using System.Buffers;
using System.Text;
using System.Text.Unicode;

namespace ComplianceKit.Canonicalization;

/// <summary>
/// String handling for RFC 8785: undoing JSON escapes with strict UTF-16 surrogate checks, and
/// writing the canonical escaped form (section 3.2.2.2).
/// </summary>
internal static class CanonicalStrings
{
    private static readonly SearchValues<byte> NeedsEscape = SearchValues.Create(
        [
            0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x09, 0x0A, 0x0B, 0x0C, 0x0D, 0x0E, 0x0F,
            0x10, 0x11, 0x12, 0x13, 0x14, 0x15, 0x16, 0x17, 0x18, 0x19, 0x1A, 0x1B, 0x1C, 0x1D, 0x1E, 0x1F,
            (byte)'"', (byte)'\\',
        ]);

    /// <summary>Returns the index of the first byte that does not start a valid UTF-8 scalar, or -1.</summary>
    public static int IndexOfInvalidUtf8(ReadOnlySpan<byte> utf8)
    {
        if (Utf8.IsValid(utf8))
        {
            return -1;
        }

        int index = 0;
        while (Rune.DecodeFromUtf8(utf8[index..], out _, out int consumed) == OperationStatus.Done)
        {
            index += consumed;
        }

        return index;
    }

    /// <summary>
    /// Decodes the escapes in <paramref name="raw"/> (a string token's bytes between the quotes, already
    /// checked by <c>Utf8JsonReader</c> to be well formed and valid UTF-8) into <paramref name="destination"/>.
    /// Returns false, with the index of the offending escape, when a <c>\uXXXX</c> escape is an unpaired surrogate.
    /// </summary>
    public static bool TryUnescape(ReadOnlySpan<byte> raw, PooledByteBuffer destination, out int loneSurrogateIndex)
    {
        destination.Truncate(0);
        int i = 0;
        while (true)
        {
            int backslash = raw[i..].IndexOf((byte)'\\');
            if (backslash < 0)
            {
                destination.Write(raw[i..]);
                loneSurrogateIndex = -1;
                return true;
            }

            destination.Write(raw.Slice(i, backslash));
            i += backslash;
            byte kind = raw[i + 1];
            if (kind != 'u')
            {
                destination.Write(kind switch
                {
                    (byte)'b' => (byte)'\b',
                    (byte)'f' => (byte)'\f',
                    (byte)'n' => (byte)'\n',
                    (byte)'r' => (byte)'\r',
                    (byte)'t' => (byte)'\t',
                    _ => kind, // \" \\ \/
                });
                i += 2;
                continue;
            }

            int escapeStart = i;
            char unit = (char)ParseHex4(raw.Slice(i + 2, 4));
            i += 6;
            int scalar = unit;
            if (char.IsHighSurrogate(unit) && IsEscapedLowSurrogate(raw, i, out char low))
            {
                scalar = char.ConvertToUtf32(unit, low);
                i += 6;
            }
            else if (char.IsSurrogate(unit))
            {
                loneSurrogateIndex = escapeStart;
                return false;
            }

            int written = new Rune(scalar).EncodeToUtf8(destination.GetSpan(4));
            destination.Advance(written);
        }
    }

    /// <summary>Writes <paramref name="utf8"/> as a quoted RFC 8785 string: only <c>"</c>, <c>\</c> and C0 controls are escaped.</summary>
    public static void WriteQuoted(ReadOnlySpan<byte> utf8, PooledByteBuffer output)
    {
        output.Write((byte)'"');
        while (true)
        {
            int index = utf8.IndexOfAny(NeedsEscape);
            if (index < 0)
            {
                output.Write(utf8);
                break;
            }

            output.Write(utf8[..index]);
            WriteEscape(utf8[index], output);
            utf8 = utf8[(index + 1)..];
        }

        output.Write((byte)'"');
    }

    private static void WriteEscape(byte value, PooledByteBuffer output)
    {
        switch (value)
        {
            case (byte)'"': output.Write("\\\""u8); break;
            case (byte)'\\': output.Write("\\\\"u8); break;
            case (byte)'\b': output.Write("\\b"u8); break;
            case (byte)'\f': output.Write("\\f"u8); break;
            case (byte)'\n': output.Write("\\n"u8); break;
            case (byte)'\r': output.Write("\\r"u8); break;
            case (byte)'\t': output.Write("\\t"u8); break;
            default:
                output.Write("\\u00"u8);
                output.Write("0123456789abcdef"u8[value >> 4]);
                output.Write("0123456789abcdef"u8[value & 0xF]);
                break;
        }
    }

    private static bool IsEscapedLowSurrogate(ReadOnlySpan<byte> raw, int index, out char low)
    {
        low = default;
        if (index + 6 > raw.Length || raw[index] != '\\' || raw[index + 1] != 'u')
        {
            return false;
        }

        low = (char)ParseHex4(raw.Slice(index + 2, 4));
        return char.IsLowSurrogate(low);
    }

    private static int ParseHex4(ReadOnlySpan<byte> hex)
    {
        int value = 0;
        foreach (byte digit in hex)
        {
            value = (value << 4) | (digit <= '9' ? digit - '0' : (digit | 0x20) - 'a' + 10);
        }

        return value;
    }
}
