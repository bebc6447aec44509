using System.Text.Json;
using ComplianceKit.Ledger;

namespace ComplianceKit.Import;

/// <summary>
/// A small JSON file that overrides, item by item, how a checklist was read:
/// <c>{ "items": [ { "item": "security.3", "criticality": "optional", "phase": "postDeployment", "requirement": "baaInForce", "vendors": ["Twilio"] } ] }</c>.
/// Every member but <c>item</c> is optional; names are camelCase as in the ledger's payloads.
/// </summary>
public sealed record ChecklistMapping
{
    /// <summary>The overrides, at most one per item.</summary>
    public IReadOnlyList<ChecklistItemOverride> Items { get; init; } = [];

    /// <summary>Reads a mapping file.</summary>
    /// <exception cref="FormatException">The JSON is malformed, has unknown members or values, or names an item twice.</exception>
    public static ChecklistMapping Parse(ReadOnlySpan<byte> json)
    {
        ChecklistMapping? mapping;
        try
        {
            mapping = JsonSerializer.Deserialize<ChecklistMapping>(json, Options);
        }
        catch (JsonException ex)
        {
            throw new FormatException($"The mapping file is not valid: {ex.Message}", ex);
        }

        if (mapping is null || mapping.Items is null)
        {
            throw new FormatException("The mapping file must be an object with an \"items\" array.");
        }

        var duplicate = mapping.Items.GroupBy(i => i.Item, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new FormatException($"The mapping file names item '{duplicate.Key}' more than once.");
        }

        return mapping;
    }

    private static readonly JsonSerializerOptions Options = new(LedgerJson.Options)
    {
        UnmappedMemberHandling = System.Text.Json.Serialization.JsonUnmappedMemberHandling.Disallow,
        RespectRequiredConstructorParameters = true,
    };
}
