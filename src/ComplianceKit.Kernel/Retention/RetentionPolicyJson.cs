using System.Text.Json;

namespace ComplianceKit.Retention;

/// <summary>
/// Policies as JSON, in the form the chain records them (docs/FORMAT.md, "Retention"): for loading
/// policies from a host's configuration or a file, and for showing them.
/// </summary>
public static class RetentionPolicyJson
{
    /// <summary>The policy's JSON object, canonical, as a <c>retention.policy.set</c> entry records it.</summary>
    public static byte[] Serialize(RetentionPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(policy);
        return RetentionPayloads.Policy(policy);
    }

    /// <summary>Reads one policy object, or an array of them.</summary>
    /// <exception cref="FormatException">The JSON is malformed or a policy is invalid; the message names which and why.</exception>
    public static IReadOnlyList<RetentionPolicy> ParseMany(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json);
        }
        catch (JsonException ex)
        {
            throw new FormatException($"The policies are not JSON: {ex.Message}", ex);
        }

        using (document)
        {
            var root = document.RootElement;
            var items = root.ValueKind == JsonValueKind.Array ? root.EnumerateArray().ToArray() : [root];
            var policies = new List<RetentionPolicy>(items.Length);
            for (var i = 0; i < items.Length; i++)
            {
                policies.Add(Parse(items[i], i));
            }

            return policies;
        }
    }

    private static RetentionPolicy Parse(JsonElement element, int index)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            throw new FormatException($"Policy {index + 1} is not a JSON object.");
        }

        try
        {
            return RetentionPayloads.ReadPolicy(element);
        }
        catch (Exception ex) when (ex is FormatException or ArgumentException or InvalidOperationException)
        {
            throw new FormatException($"Policy {index + 1}: {ex.Message}", ex);
        }
    }
}
