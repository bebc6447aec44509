using System.Globalization;

namespace ComplianceKit.Canonicalization;

/// <summary>
/// Formats a finite IEEE-754 double exactly as ECMAScript <c>Number.prototype.toString()</c> does,
/// which RFC 8785 section 3.2.2.3 requires. The shortest round-trip digits come from .NET's "R"
/// format (shortest round-trippable since .NET Core 3.0); only their layout is changed here.
/// </summary>
internal static class EcmaScriptNumberFormatter
{
    /// <summary>Longest possible output, e.g. <c>-0.0000012345678901234567</c> or <c>-1.7976931348623157e+308</c>.</summary>
    public const int MaxLength = 32;

    public static string Format(double value)
    {
        Span<byte> utf8 = stackalloc byte[MaxLength];
        int length = Format(value, utf8);
        return System.Text.Encoding.ASCII.GetString(utf8[..length]);
    }

    public static int Format(double value, Span<byte> destination)
    {
        if (!double.IsFinite(value))
        {
            throw new ArgumentOutOfRangeException(nameof(value), "RFC 8785 has no representation for NaN or infinity.");
        }

        if (value == 0)
        {
            // Covers -0, which ECMAScript prints as "0".
            destination[0] = (byte)'0';
            return 1;
        }

        Span<byte> roundTrip = stackalloc byte[MaxLength];
        if (!value.TryFormat(roundTrip, out int roundTripLength, "R", CultureInfo.InvariantCulture))
        {
            throw new InvalidOperationException("The round-trip form of a double did not fit the buffer.");
        }

        Span<byte> digits = stackalloc byte[MaxLength];
        ParseRoundTrip(roundTrip[..roundTripLength], digits, out bool negative, out int digitCount, out int n);
        return Layout(negative, digits[..digitCount], n, destination);
    }

    /// <summary>
    /// Splits .NET output such as <c>-1.5E-07</c> or <c>123.45</c> into the significant digits
    /// (no leading or trailing zeros) and ECMAScript's n, where value = 0.digits x 10^n.
    /// </summary>
    private static void ParseRoundTrip(ReadOnlySpan<byte> text, Span<byte> digits, out bool negative, out int digitCount, out int n)
    {
        int position = 0;
        negative = text[0] == '-';
        if (negative)
        {
            position++;
        }

        int count = 0;
        int integerDigits = -1;
        for (; position < text.Length && text[position] != 'E'; position++)
        {
            if (text[position] == '.')
            {
                integerDigits = count;
            }
            else
            {
                digits[count++] = text[position];
            }
        }

        if (integerDigits < 0)
        {
            integerDigits = count;
        }

        int exponent = 0;
        if (position < text.Length)
        {
            position++;
            bool negativeExponent = text[position] == '-';
            if (text[position] is (byte)'-' or (byte)'+')
            {
                position++;
            }

            for (; position < text.Length; position++)
            {
                exponent = (exponent * 10) + (text[position] - '0');
            }

            exponent = negativeExponent ? -exponent : exponent;
        }

        int leadingZeros = 0;
        while (leadingZeros < count - 1 && digits[leadingZeros] == '0')
        {
            leadingZeros++;
        }

        int end = count;
        while (end - 1 > leadingZeros && digits[end - 1] == '0')
        {
            end--;
        }

        digits[leadingZeros..end].CopyTo(digits);
        digitCount = end - leadingZeros;
        n = integerDigits + exponent - leadingZeros;
    }

    /// <summary>ECMAScript Number::toString steps 6 to 10 for digits s (k of them) and exponent n.</summary>
    private static int Layout(bool negative, ReadOnlySpan<byte> s, int n, Span<byte> output)
    {
        int k = s.Length;
        int w = 0;
        if (negative)
        {
            output[w++] = (byte)'-';
        }

        if (k <= n && n <= 21)
        {
            s.CopyTo(output[w..]);
            w += k;
            output.Slice(w, n - k).Fill((byte)'0');
            return w + n - k;
        }

        if (0 < n && n <= 21)
        {
            s[..n].CopyTo(output[w..]);
            w += n;
            output[w++] = (byte)'.';
            s[n..].CopyTo(output[w..]);
            return w + k - n;
        }

        if (-6 < n && n <= 0)
        {
            output[w++] = (byte)'0';
            output[w++] = (byte)'.';
            output.Slice(w, -n).Fill((byte)'0');
            w += -n;
            s.CopyTo(output[w..]);
            return w + k;
        }

        output[w++] = s[0];
        if (k > 1)
        {
            output[w++] = (byte)'.';
            s[1..].CopyTo(output[w..]);
            w += k - 1;
        }

        output[w++] = (byte)'e';
        output[w++] = n - 1 >= 0 ? (byte)'+' : (byte)'-';
        int exponent = Math.Abs(n - 1);
        if (!exponent.TryFormat(output[w..], out int exponentLength, provider: CultureInfo.InvariantCulture))
        {
            throw new InvalidOperationException("The exponent did not fit the buffer.");
        }

        return w + exponentLength;
    }
}
