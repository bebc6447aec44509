using System.Text.Json;

namespace ComplianceKit.Tests.Fuzzing;

/// <summary>Where each token of a JSON text starts and ends, so a mutation can aim at a string, a number, a key or a whole value.</summary>
internal sealed class JsonTokenMap
{
    private JsonTokenMap(List<JsonSpan> strings, List<JsonSpan> numbers, List<JsonSpan> values, List<(JsonSpan Key, JsonSpan Value)> properties)
    {
        Strings = strings;
        Numbers = numbers;
        Values = values;
        Properties = properties;
    }

    /// <summary>String values and property names, quotes included.</summary>
    public IReadOnlyList<JsonSpan> Strings { get; }

    public IReadOnlyList<JsonSpan> Numbers { get; }

    /// <summary>Every value (scalars, objects and arrays), the root excluded.</summary>
    public IReadOnlyList<JsonSpan> Values { get; }

    /// <summary>Each object member: its key and its whole value.</summary>
    public IReadOnlyList<(JsonSpan Key, JsonSpan Value)> Properties { get; }

    /// <summary>Maps <paramref name="json"/>; null when it is not JSON the reader accepts.</summary>
    public static JsonTokenMap? Of(byte[] json)
    {
        var strings = new List<JsonSpan>();
        var numbers = new List<JsonSpan>();
        var values = new List<JsonSpan>();
        var properties = new List<(JsonSpan, JsonSpan)>();
        var open = new Stack<(int Start, JsonSpan? Key)>();
        JsonSpan? pendingKey = null;
        try
        {
            var reader = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = 256 });
            while (reader.Read())
            {
                var start = (int)reader.TokenStartIndex;
                switch (reader.TokenType)
                {
                    case JsonTokenType.PropertyName:
                        pendingKey = new JsonSpan(start, (int)reader.BytesConsumed - start);
                        strings.Add(pendingKey.Value);
                        continue;
                    case JsonTokenType.StartObject or JsonTokenType.StartArray:
                        open.Push((start, pendingKey));
                        pendingKey = null;
                        continue;
                    case JsonTokenType.EndObject or JsonTokenType.EndArray:
                        var (from, key) = open.Pop();
                        if (open.Count > 0)
                        {
                            Add(new JsonSpan(from, (int)reader.BytesConsumed - from), key);
                        }

                        continue;
                    default:
                        var span = new JsonSpan(start, (int)reader.BytesConsumed - start);
                        if (reader.TokenType == JsonTokenType.String)
                        {
                            strings.Add(span);
                        }
                        else if (reader.TokenType == JsonTokenType.Number)
                        {
                            numbers.Add(span);
                        }

                        Add(span, pendingKey);
                        pendingKey = null;
                        continue;
                }
            }
        }
        catch (JsonException)
        {
            return null;
        }

        return new JsonTokenMap(strings, numbers, values, properties);

        void Add(JsonSpan value, JsonSpan? key)
        {
            values.Add(value);
            if (key is { } k)
            {
                properties.Add((k, value));
            }
        }
    }
}

/// <summary>A byte range of a JSON text.</summary>
internal readonly record struct JsonSpan(int Start, int Length)
{
    public int End => Start + Length;
}
