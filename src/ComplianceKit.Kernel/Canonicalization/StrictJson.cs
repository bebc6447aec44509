using System.Globalization;
using System.Text.Json;
using System.Text.Unicode;

namespace ComplianceKit.Canonicalization;

/// <summary>
/// Reads a JSON object member by member, requiring the documented members with the documented types and
/// refusing any other member, so nothing in a signed file goes unseen. Every error names the JSON path.
/// </summary>
internal readonly struct StrictJson
{
    private readonly JsonElement _element;
    private readonly string _path;

    public StrictJson(JsonElement element, string path, params string[] members)
    {
        _element = element;
        _path = path;
        if (element.ValueKind != JsonValueKind.Object)
        {
            throw new FormatException($"{path} is not an object.");
        }

        foreach (var property in element.EnumerateObject())
        {
            if (System.Array.IndexOf(members, property.Name) < 0)
            {
                throw new FormatException($"{path} has a member '{Shorten(property.Name)}' this format version does not define.");
            }
        }
    }

    /// <summary>
    /// Parses strict UTF-8 JSON: invalid UTF-8, a lone surrogate escape in any key or string, a duplicate key or nesting
    /// deeper than 16 is a <see cref="FormatException"/> naming the file, never an exception from a later read.
    /// </summary>
    public static JsonDocument Parse(ReadOnlyMemory<byte> utf8, string file)
    {
        if (!Utf8.IsValid(utf8.Span))
        {
            throw new FormatException($"{file} is not valid UTF-8.");
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(utf8, new JsonDocumentOptions { MaxDepth = 16, AllowDuplicateProperties = false });
        }
        catch (JsonException ex)
        {
            throw new FormatException($"{file} is not valid JSON: {ex.Message}", ex);
        }
        catch (InvalidOperationException ex)
        {
            // The duplicate-key check decodes keys while parsing: a lone surrogate escape in a key surfaces here.
            throw new FormatException($"{file} holds a key that is not valid Unicode (a lone surrogate escape): {ex.Message}", ex);
        }

        try
        {
            RequireUnicodeStrings(document.RootElement);
            return document;
        }
        catch (InvalidOperationException ex)
        {
            document.Dispose();
            throw new FormatException($"{file} holds a string that is not valid Unicode (a lone surrogate escape): {ex.Message}", ex);
        }
    }

    // Every key and string is decoded once here, so no later GetString can throw on a lone surrogate escape.
    private static void RequireUnicodeStrings(JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    _ = property.Name;
                    RequireUnicodeStrings(property.Value);
                }

                break;
            case JsonValueKind.Array:
                foreach (var item in element.EnumerateArray())
                {
                    RequireUnicodeStrings(item);
                }

                break;
            case JsonValueKind.String:
                _ = element.GetString();
                break;
        }
    }

    public string Path => _path;

    public JsonElement Member(string name) =>
        _element.TryGetProperty(name, out var value) ? value : throw new FormatException($"{_path}.{name} is missing.");

    public StrictJson Object(string name, params string[] members) => new(Member(name), $"{_path}.{name}", members);

    public StrictJson? NullableObject(string name, params string[] members)
    {
        var value = Member(name);
        return value.ValueKind == JsonValueKind.Null ? null : new StrictJson(value, $"{_path}.{name}", members);
    }

    public string String(string name) => StringOf(Member(name), $"{_path}.{name}");

    public string? NullableString(string name)
    {
        var value = Member(name);
        return value.ValueKind == JsonValueKind.Null ? null : StringOf(value, $"{_path}.{name}");
    }

    public long Integer(string name, long min = 0) => IntegerOf(Member(name), $"{_path}.{name}", min);

    public IEnumerable<(JsonElement Element, string Path)> Array(string name)
    {
        var value = Member(name);
        if (value.ValueKind != JsonValueKind.Array)
        {
            throw new FormatException($"{_path}.{name} is not an array.");
        }

        var path = $"{_path}.{name}";
        return value.EnumerateArray().Select((element, i) => (element, string.Create(CultureInfo.InvariantCulture, $"{path}[{i}]")));
    }

    public IReadOnlyList<byte[]>? NullableHashes(string name)
    {
        var value = Member(name);
        return value.ValueKind == JsonValueKind.Null ? null : Hashes(name);
    }

    public IReadOnlyList<byte[]> Hashes(string name) => Array(name).Select(item => HashOf(item.Element, item.Path)).ToList();

    public static string StringOf(JsonElement value, string path) =>
        value.ValueKind == JsonValueKind.String ? value.GetString()! : throw new FormatException($"{path} is not a string.");

    public static long IntegerOf(JsonElement value, string path, long min = 0) =>
        value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var number) && number >= min
            ? number
            : throw new FormatException($"{path} is not an integer of at least {min}.");

    public static byte[] HashOf(JsonElement value, string path)
    {
        var text = StringOf(value, path);
        var hash = new byte[32];
        return Convert.TryFromBase64String(text, hash, out var written) && written == 32
            && string.Equals(Convert.ToBase64String(hash), text, StringComparison.Ordinal)
            ? hash
            : throw new FormatException($"{path} is not the standard base64 of a 32-byte hash.");
    }

    public static string HexDigestOf(string text, string path) =>
        text.Length == 64 && text.All(c => char.IsAsciiDigit(c) || c is >= 'a' and <= 'f')
            ? text
            : throw new FormatException($"{path} is not a SHA-256 digest in 64 lower-case hex digits.");

    public static string Shorten(string text) => text.Length <= 60 ? text : text[..60] + "...";
}
