using System.Text.Json;
using System.Text.Json.Serialization;
using NodaTime;
using NodaTime.Text;

namespace ComplianceKit.Ledger;

/// <summary>
/// Writes instants in payloads as ISO 8601 UTC with exactly six fractional digits (the ledger's
/// microsecond precision, docs/FORMAT.md section 2), so what is displayed is what was hashed.
/// Reads any ISO 8601 UTC instant and truncates it to microseconds.
/// </summary>
public sealed class InstantJsonConverter : JsonConverter<Instant>
{
    private static readonly InstantPattern Pattern = InstantPattern.CreateWithInvariantCulture("uuuu'-'MM'-'dd'T'HH':'mm':'ss'.'ffffff'Z'");

    /// <inheritdoc/>
    /// <exception cref="JsonException">The value is not an ISO 8601 UTC instant.</exception>
    public override Instant Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.String && !reader.ValueIsEscaped && !reader.HasValueSequence
            && CanonicalInstantText.TryParse(reader.ValueSpan, out var canonical))
        {
            return canonical;
        }

        var text = reader.GetString() ?? throw new JsonException("An instant is null.");
        var parsed = InstantPattern.ExtendedIso.Parse(text);
        return parsed.Success
            ? EntryEncoding.TruncateToMicroseconds(parsed.Value)
            : throw new JsonException($"'{text}' is not an ISO 8601 UTC instant such as 2026-01-31T09:30:00.000000Z.");
    }

    /// <inheritdoc/>
    public override void Write(Utf8JsonWriter writer, Instant value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStringValue(Format(value));
    }

    /// <summary>The text form of an instant in payloads and reports.</summary>
    public static string Format(Instant value) => Pattern.Format(EntryEncoding.TruncateToMicroseconds(value));
}
