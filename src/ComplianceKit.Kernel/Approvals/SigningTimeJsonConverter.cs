using System.Text.Json;
using System.Text.Json.Serialization;
using NodaTime;
using NodaTime.Text;

namespace ComplianceKit.Approvals;

/// <summary>
/// A signing time as signed statements write it (docs/FORMAT.md, section 7): <c>YYYY-MM-DDTHH:MM:SSZ</c>, whole seconds,
/// the precision of the CMS signing-time attribute. Applied per member, over <see cref="Ledger.PayloadCodec"/>'s instants.
/// </summary>
internal sealed class SigningTimeJsonConverter : JsonConverter<Instant>
{
    public override Instant Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        var text = reader.GetString() ?? throw new JsonException("A signing time is null.");
        var parsed = InstantPattern.General.Parse(text);
        return parsed.Success ? parsed.Value : throw new JsonException($"'{text}' is not a signing time such as 2026-03-01T09:30:00Z.");
    }

    public override void Write(Utf8JsonWriter writer, Instant value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStringValue(InstantPattern.General.Format(value));
    }
}
