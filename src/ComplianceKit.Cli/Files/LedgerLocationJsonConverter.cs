using System.Text.Json;
using System.Text.Json.Serialization;

namespace ComplianceKit.Cli.Files;

/// <summary>Writes a <see cref="LedgerLocation"/> as its display form, so no JSON report can carry a password.</summary>
internal sealed class LedgerLocationJsonConverter : JsonConverter<LedgerLocation>
{
    public override LedgerLocation Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        throw new NotSupportedException("A ledger location is only ever written.");

    public override void Write(Utf8JsonWriter writer, LedgerLocation value, JsonSerializerOptions options) => writer.WriteStringValue(value.Display);
}
