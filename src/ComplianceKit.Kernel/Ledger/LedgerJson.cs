using System.Text.Json;
using System.Text.Json.Serialization;

namespace ComplianceKit.Ledger;

/// <summary>The System.Text.Json settings the library uses for the payloads it writes itself.</summary>
public static class LedgerJson
{
    /// <summary>camelCase names, enums as camelCase strings, nulls omitted.</summary>
    public static JsonSerializerOptions Options { get; } = CreateOptions();

    private static JsonSerializerOptions CreateOptions()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        };
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase));
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}
