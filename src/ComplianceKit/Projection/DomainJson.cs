using System.Text.Json;
using System.Text.Json.Serialization;
using ComplianceKit.Canonicalization;
using ComplianceKit.Ledger;

namespace ComplianceKit.Projection;

/// <summary>
/// The JSON settings of the compliance domain's payloads: <see cref="LedgerJson.Options"/> plus
/// instants as ISO 8601 with microseconds. Payloads are written canonical (RFC 8785).
/// </summary>
internal static class DomainJson
{
    public static JsonSerializerOptions Options { get; } = Create();

    public static byte[] Serialize<T>(T value) => JsonCanonicalizer.Canonicalize(JsonSerializer.SerializeToUtf8Bytes(value, Options));

    /// <summary>Reads an entry's payload as <typeparamref name="T"/>.</summary>
    /// <exception cref="FormatException">The payload is absent or not in the documented shape; the message names the entry.</exception>
    public static T Read<T>(LedgerEntry entry)
    {
        if (entry.Payload is null)
        {
            throw new FormatException($"{entry.EntryType} entry {entry.Sequence} has no payload (purged or missing).");
        }

        try
        {
            return JsonSerializer.Deserialize<T>(entry.Payload, Options)
                ?? throw new FormatException($"{entry.EntryType} entry {entry.Sequence} holds null.");
        }
        catch (JsonException ex)
        {
            throw new FormatException($"{entry.EntryType} entry {entry.Sequence} is not in the documented shape: {ex.Message}", ex);
        }
    }

    private static JsonSerializerOptions Create()
    {
        var options = new JsonSerializerOptions(LedgerJson.Options);
        options.Converters.Add(new InstantJsonConverter());
        options.UnmappedMemberHandling = JsonUnmappedMemberHandling.Skip;
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}
