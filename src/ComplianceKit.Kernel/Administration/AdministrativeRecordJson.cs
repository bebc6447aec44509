using System.Text.Json;
using ComplianceKit.Canonicalization;
using ComplianceKit.Ledger;

namespace ComplianceKit.Administration;

/// <summary>The one way administrative records become canonical bytes and come back (members camelCase, nulls left out).</summary>
internal static class AdministrativeRecordJson
{
    public static byte[] ToCanonicalBytes<T>(T record) => JsonCanonicalizer.Serialize(record, LedgerJson.Options);

    /// <summary>Reads a record from a payload; the <c>administration</c> and <c>signature</c> members are not the record's and are ignored.</summary>
    public static T Parse<T>(ReadOnlySpan<byte> payload, string what)
        where T : class
    {
        try
        {
            return JsonSerializer.Deserialize<T>(payload, LedgerJson.Options) ?? throw new FormatException($"The {what} is null.");
        }
        catch (JsonException ex)
        {
            throw new FormatException($"The {what} is malformed: {ex.Message}", ex);
        }
    }

    public static string RequireHex(string? value, string name) =>
        value is { Length: 64 } hex && hex.All(c => char.IsAsciiDigit(c) || c is >= 'a' and <= 'f')
            ? hex
            : throw new FormatException($"'{name}' must be 64 lower-case hex digits.");

    public static string RequireText(string? value, string name) =>
        string.IsNullOrWhiteSpace(value) ? throw new FormatException($"'{name}' is missing.") : value;
}
