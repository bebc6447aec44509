using System.Text;
using CsCheck;

namespace ComplianceKit.Tests.Fuzzing;

/// <summary>
/// One structure-aware change to a JSON text: invalid UTF-8 or a lone surrogate escape inside a string, a duplicated
/// key, a number out of range, nesting deeper than any reader allows, or a value of the wrong type.
/// </summary>
internal sealed record JsonMutation(JsonMutationKind Kind, int Target, int Variant)
{
    private static readonly byte[][] InvalidUtf8 =
    [
        [0xFF], [0x80], [0xC3, 0x28], [0xC0, 0xAF], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80], [0xE2, 0x82], [0xF0, 0x9F, 0x98],
    ];

    private static readonly string[] Surrogates = [@"\ud800", @"\udfff", @"\udc00\ud800", @"\uD83D", @"\ud800\u0041", @"\uDBFF"];

    private static readonly string[] OutOfRange =
    [
        "1e400", "-1e400", "99999999999999999999999999", "-9223372036854775809", "9223372036854775808", "1.5", "-1", "1E2", "0.0", "-0",
    ];

    private static readonly string[] WrongTypes = ["true", "false", "null", "\"x\"", "0", "{}", "[]", "\"\"", "[null]", "{\"a\":1}"];

    /// <summary>Any mutation; <see cref="Apply"/> maps the target and variant onto what the text holds.</summary>
    public static readonly Gen<JsonMutation> Any =
        Gen.Enum<JsonMutationKind>().SelectMany(kind => Gen.Int[0, 1 << 20].SelectMany(target => Gen.Int[0, 1 << 10].Select(variant => new JsonMutation(kind, target, variant))));

    /// <summary>The mutated text, or null when the text has nothing this mutation can aim at.</summary>
    public byte[]? Apply(byte[] json)
    {
        var map = JsonTokenMap.Of(json);
        if (map is null)
        {
            return null;
        }

        switch (Kind)
        {
            case JsonMutationKind.InvalidUtf8:
                return InsideString(json, map, InvalidUtf8[Variant % InvalidUtf8.Length]);
            case JsonMutationKind.LoneSurrogate:
                return InsideString(json, map, Encoding.ASCII.GetBytes(Surrogates[Variant % Surrogates.Length]));
            case JsonMutationKind.DuplicateKey when map.Properties.Count > 0:
                var (key, value) = map.Properties[Target % map.Properties.Count];
                var member = json.AsSpan(key.Start, value.End - key.Start);
                return [.. json.AsSpan(0, key.Start), .. member, (byte)',', .. json.AsSpan(key.Start)];
            case JsonMutationKind.NumberOutOfRange when map.Numbers.Count > 0:
                return Replace(json, map.Numbers[Target % map.Numbers.Count], OutOfRange[Variant % OutOfRange.Length]);
            case JsonMutationKind.DeepNesting when map.Values.Count > 0:
                var depth = new[] { 17, 65, 1_000, 100_000 }[Variant % 4];
                var nested = Variant % 8 < 4
                    ? new string('[', depth) + new string(']', depth)
                    : string.Concat(Enumerable.Repeat("{\"a\":", depth)) + "0" + new string('}', depth);
                return Replace(json, map.Values[Target % map.Values.Count], nested);
            case JsonMutationKind.WrongType when map.Values.Count > 0:
                return Replace(json, map.Values[Target % map.Values.Count], WrongTypes[Variant % WrongTypes.Length]);
            default:
                return null;
        }
    }

    public override string ToString() => $"{Kind}#{Target}/{Variant}";

    private byte[]? InsideString(byte[] json, JsonTokenMap map, byte[] insert)
    {
        if (map.Strings.Count == 0)
        {
            return null;
        }

        var target = map.Strings[Target % map.Strings.Count];
        var at = target.Start + 1 + (Variant % (target.Length - 1)); // after the opening quote, up to before the closing one
        return [.. json.AsSpan(0, at), .. insert, .. json.AsSpan(at)];
    }

    private static byte[] Replace(byte[] json, JsonSpan span, string text) =>
        [.. json.AsSpan(0, span.Start), .. Encoding.UTF8.GetBytes(text), .. json.AsSpan(span.End)];
}

/// <summary>What a <see cref="JsonMutation"/> does.</summary>
internal enum JsonMutationKind
{
    InvalidUtf8,
    LoneSurrogate,
    DuplicateKey,
    NumberOutOfRange,
    DeepNesting,
    WrongType,
}
