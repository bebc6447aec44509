using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using ComplianceKit.Canonicalization;
using NodaTime;

namespace ComplianceKit.Ledger;

/// <summary>
/// The one way the library's typed payload records become the canonical bytes of an entry and come back
/// (docs/FORMAT.md, sections 7 to 11): members camelCase, enumerations camelCase strings, members whose value is
/// <see langword="null"/> left out, instants ISO 8601 UTC with six fractional digits, unknown members ignored on reading,
/// and the result brought to RFC 8785 canonical form. Every record's <c>ToDraft</c> / <c>FromEntry</c> goes through it.
/// </summary>
/// <remarks>Thread safe. The bytes it writes for a record never change: ledgers hold entries hashed over them.</remarks>
public static class PayloadCodec
{
    private static readonly JsonSerializerOptions Options = CreateOptions();

    /// <summary>The canonical UTF-8 JSON bytes of <paramref name="payload"/>.</summary>
    /// <exception cref="FormatException">The record holds a value canonical JSON refuses (a non-finite number, a lone surrogate).</exception>
    public static byte[] Encode<T>(T payload) => JsonCanonicalizer.Canonicalize(JsonSerializer.SerializeToUtf8Bytes(payload, Options));

    /// <summary>
    /// The canonical bytes of <paramref name="content"/> with one more string member (for example the <c>signature</c>
    /// of a signed payload), which the content must not have.
    /// </summary>
    /// <exception cref="FormatException">The content is not a JSON object, or already has <paramref name="name"/>.</exception>
    public static byte[] AddMember(ReadOnlySpan<byte> content, string name, string value)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(value);
        var root = ParseObject(content);
        if (root.ContainsKey(name))
        {
            throw new FormatException($"The payload already has a '{name}' member.");
        }

        root[name] = value;
        return JsonCanonicalizer.Canonicalize(root.ToJsonString());
    }

    /// <summary>Reads <paramref name="payload"/> as <typeparamref name="T"/>; <paramref name="what"/> names it in messages.</summary>
    /// <exception cref="FormatException">The payload is not JSON in <typeparamref name="T"/>'s shape; the message names <paramref name="what"/>.</exception>
    public static T Decode<T>(ReadOnlySpan<byte> payload, string what)
    {
        try
        {
            return JsonSerializer.Deserialize<T>(payload, Options) ?? throw new FormatException($"The {what} is null.");
        }
        catch (JsonException ex)
        {
            throw new FormatException($"The {what} is not in the documented shape: {ex.Message}", ex);
        }
    }

    /// <summary>Reads an entry's payload as <typeparamref name="T"/>.</summary>
    /// <exception cref="FormatException">The payload is absent (purged) or not in the documented shape; the message names the entry.</exception>
    public static T Decode<T>(LedgerEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        if (entry.Payload is null)
        {
            throw new FormatException($"{entry.EntryType} entry {entry.Sequence} has no payload (purged or missing).");
        }

        return Decode<T>(entry.Payload, $"{entry.EntryType} entry {entry.Sequence}");
    }

    /// <summary>Reads a JSON element (a member of a larger payload) as <typeparamref name="T"/>.</summary>
    /// <exception cref="FormatException">The element is not in <typeparamref name="T"/>'s shape.</exception>
    public static T Decode<T>(JsonNode node, string what)
    {
        ArgumentNullException.ThrowIfNull(node);
        try
        {
            return node.Deserialize<T>(Options) ?? throw new FormatException($"The {what} is null.");
        }
        catch (JsonException ex)
        {
            throw new FormatException($"The {what} is not in the documented shape: {ex.Message}", ex);
        }
    }

    /// <summary>Reads a JSON element (a payload-shaped object inside a larger document) as <typeparamref name="T"/>.</summary>
    /// <exception cref="FormatException">The element is not in <typeparamref name="T"/>'s shape.</exception>
    internal static T Decode<T>(JsonElement element, string what)
    {
        try
        {
            return element.Deserialize<T>(Options) ?? throw new FormatException($"The {what} is null.");
        }
        catch (JsonException ex)
        {
            throw new FormatException($"The {what} is not in the documented shape: {ex.Message}", ex);
        }
    }

    /// <summary>An instant as payloads write it: ISO 8601 UTC with exactly six fractional digits, truncated to microseconds.</summary>
    public static string FormatInstant(Instant instant) => InstantJsonConverter.Format(instant);

    /// <summary>Parses a payload's JSON object, for codecs of signed payloads that add or remove a member.</summary>
    internal static JsonObject ParseObject(ReadOnlySpan<byte> json)
    {
        try
        {
            return JsonNode.Parse(json) as JsonObject ?? throw new FormatException("A payload must be a JSON object.");
        }
        catch (JsonException ex)
        {
            throw new FormatException($"The payload is not JSON: {ex.Message}", ex);
        }
    }

    private static JsonSerializerOptions CreateOptions()
    {
        var options = new JsonSerializerOptions(LedgerJson.Options);
        options.Converters.Add(new InstantJsonConverter());
        options.UnmappedMemberHandling = JsonUnmappedMemberHandling.Skip;
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}
