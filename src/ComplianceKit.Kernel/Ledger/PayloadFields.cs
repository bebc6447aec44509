namespace ComplianceKit.Ledger;

/// <summary>The member rules payload readers share after <see cref="PayloadCodec"/> has read a record: present text, SHA-256 hex.</summary>
public static class PayloadFields
{
    /// <summary>Returns <paramref name="value"/> when it holds non-blank text.</summary>
    /// <exception cref="FormatException">The member is absent or blank; the message names <paramref name="member"/>.</exception>
    public static string RequireText(string? value, string member) =>
        string.IsNullOrWhiteSpace(value) ? throw new FormatException($"'{member}' is missing.") : value;

    /// <summary>Returns <paramref name="value"/> when it is a SHA-256 digest in 64 lower-case hex digits.</summary>
    /// <exception cref="FormatException">It is not; the message names <paramref name="member"/>.</exception>
    public static string RequireSha256Hex(string? value, string member) =>
        value is { Length: 64 } hex && hex.All(c => char.IsAsciiDigit(c) || c is >= 'a' and <= 'f')
            ? hex
            : throw new FormatException($"'{member}' must be 64 lower-case hex digits.");
}
