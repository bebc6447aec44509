namespace ComplianceKit.Hashing;

/// <summary>Lower-case hexadecimal, the form every digest takes in documents, bundles and reports.</summary>
public static class Hex
{
    /// <summary>Formats <paramref name="bytes"/> as lower-case hexadecimal.</summary>
    public static string Format(ReadOnlySpan<byte> bytes) => Convert.ToHexStringLower(bytes);

    /// <summary>Parses hexadecimal (either case).</summary>
    /// <exception cref="FormatException">The text is not an even-length run of hexadecimal digits.</exception>
    public static byte[] Parse(string hex)
    {
        ArgumentNullException.ThrowIfNull(hex);
        return Convert.FromHexString(hex);
    }
}
