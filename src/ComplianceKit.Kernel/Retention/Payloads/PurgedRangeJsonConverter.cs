using System.Text.Json;
using System.Text.Json.Serialization;

namespace ComplianceKit.Retention.Payloads;

/// <summary>A <see cref="PurgedRange"/> as a two-element array of JSON integers; anything else (text, three numbers, null) is refused.</summary>
internal sealed class PurgedRangeJsonConverter : JsonConverter<PurgedRange>
{
    public override bool HandleNull => true;

    public override PurgedRange Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            throw new JsonException("a range is not [first, last]");
        }

        var first = ReadNumber(ref reader);
        var last = ReadNumber(ref reader);
        return reader.Read() && reader.TokenType == JsonTokenType.EndArray ? new PurgedRange(first, last) : throw new JsonException("a range is not [first, last]");
    }

    public override void Write(Utf8JsonWriter writer, PurgedRange value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStartArray();
        writer.WriteNumberValue(value.First);
        writer.WriteNumberValue(value.Last);
        writer.WriteEndArray();
    }

    private static long ReadNumber(ref Utf8JsonReader reader) =>
        reader.Read() && reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out var value) ? value : throw new JsonException("a range is not [first, last]");
}
