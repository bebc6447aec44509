using System.Globalization;
using System.Text;
using System.Text.Json;
using ComplianceKit.Canonicalization;
using CsCheck;

namespace ComplianceKit.Tests.Canonicalization;

/// <summary>
/// Random JSON trees, each written out twice in different but equivalent ways (member order,
/// whitespace, escapes, number spelling), must canonicalize to one fixed point that means the same.
/// </summary>
public sealed class JsonCanonicalizerPropertyTests
{
    private static readonly string[] TextPieces =
        ["a", "b", "Z", "0", "9", " ", "\"", "\\", "/", "\n", "\t", "\u0001", "\u001f", "\u007f", "\u00e9", "\u0080", "\u20ac", "\u2028", "\ufb33", "\U0001F600", "</"];

    private static readonly Gen<string> Text = Gen.OneOfConst(TextPieces).Array[0, 5].Select(string.Concat);

    private static readonly Gen<Node> Scalar = Gen.Frequency<Node>(
        (3, Gen.Double.Where(double.IsFinite).Select(d => (Node)new NumberNode(d))),
        (2, Gen.Long.Select(l => (Node)new RawNode(l.ToString(CultureInfo.InvariantCulture)))),
        (1, Gen.OneOfConst("true", "false", "null", "0", "-0", "1.50", "1E21", "1e-7", "0.0000010").Select(s => (Node)new RawNode(s))),
        (3, Text.Select(s => (Node)new StringNode(s))));

    private static readonly Gen<Node> Tree = Gen.Recursive<Node>((depth, tree) => depth >= 4
        ? Scalar
        : Gen.Frequency<Node>(
            (3, Scalar),
            (1, tree.Array[0, 4].Select(items => (Node)new ArrayNode(items))),
            (2, Gen.Select(Text, tree).Array[0, 5].Select(members => (Node)new ObjectNode([.. members.DistinctBy(m => m.Item1)])))));

    [Fact]
    public void Canonicalize_TwoSpellingsOfOneTree_GiveSameFixedPoint()
    {
        Gen.Select(Tree, Gen.Int, Gen.Int).Sample((tree, seedA, seedB) =>
        {
            string spellingA = Write(tree, new Random(seedA));
            string spellingB = Write(tree, new Random(seedB));

            byte[] canonicalA = JsonCanonicalizer.Canonicalize(spellingA);
            byte[] canonicalB = JsonCanonicalizer.Canonicalize(spellingB);
            byte[] again = JsonCanonicalizer.Canonicalize(canonicalA);

            Assert.Equal(canonicalA, canonicalB);
            Assert.Equal(canonicalA, again);
            Assert.True(JsonCanonicalizer.IsCanonical(canonicalA));
            using JsonDocument original = JsonDocument.Parse(spellingA);
            using JsonDocument canonical = JsonDocument.Parse(canonicalA);
            AssertSameMeaningAndSorted(original.RootElement, canonical.RootElement);
        }, iter: 2000);
    }

    [Fact]
    public void IsCanonical_NonCanonicalSpelling_IsFalseUnlessAlreadyCanonical()
    {
        Gen.Select(Tree, Gen.Int).Sample((tree, seed) =>
        {
            byte[] spelling = Encoding.UTF8.GetBytes(Write(tree, new Random(seed)));

            bool isCanonical = JsonCanonicalizer.IsCanonical(spelling);

            Assert.Equal(JsonCanonicalizer.Canonicalize(spelling).AsSpan().SequenceEqual(spelling), isCanonical);
        }, iter: 500);
    }

    private static void AssertSameMeaningAndSorted(JsonElement original, JsonElement canonical)
    {
        Assert.Equal(original.ValueKind, canonical.ValueKind);
        switch (original.ValueKind)
        {
            case JsonValueKind.Number:
                Assert.Equal(original.GetDouble(), canonical.GetDouble());
                break;
            case JsonValueKind.String:
                Assert.Equal(original.GetString(), canonical.GetString());
                break;
            case JsonValueKind.Array:
                Assert.Equal(original.GetArrayLength(), canonical.GetArrayLength());
                foreach (var (o, c) in original.EnumerateArray().Zip(canonical.EnumerateArray()))
                {
                    AssertSameMeaningAndSorted(o, c);
                }

                break;
            case JsonValueKind.Object:
                var names = canonical.EnumerateObject().Select(p => p.Name).ToList();
                Assert.Equal(names.Order(StringComparer.Ordinal), names);
                Assert.Equal(original.EnumerateObject().Count(), names.Count);
                foreach (JsonProperty property in original.EnumerateObject())
                {
                    AssertSameMeaningAndSorted(property.Value, canonical.GetProperty(property.Name));
                }

                break;
            default:
                break;
        }
    }

    private static string Write(Node node, Random random)
    {
        var json = new StringBuilder();
        Write(node, random, json);
        return json.ToString();
    }

    private static void Write(Node node, Random random, StringBuilder json)
    {
        Whitespace(random, json);
        switch (node)
        {
            case RawNode raw:
                json.Append(raw.Json);
                break;
            case NumberNode number:
                json.Append(random.Next(3) == 0 ? number.Value.ToString("E16", CultureInfo.InvariantCulture) : number.Value.ToString("R", CultureInfo.InvariantCulture));
                break;
            case StringNode text:
                WriteString(text.Value, random, json);
                break;
            case ArrayNode array:
                json.Append('[');
                for (int i = 0; i < array.Items.Length; i++)
                {
                    json.Append(i > 0 ? "," : string.Empty);
                    Write(array.Items[i], random, json);
                }

                json.Append(']');
                break;
            case ObjectNode obj:
                json.Append('{');
                var members = obj.Members.OrderBy(_ => random.Next()).ToArray();
                for (int i = 0; i < members.Length; i++)
                {
                    json.Append(i > 0 ? "," : string.Empty);
                    Whitespace(random, json);
                    WriteString(members[i].Name, random, json);
                    Whitespace(random, json);
                    json.Append(':');
                    Write(members[i].Value, random, json);
                }

                json.Append('}');
                break;
            default:
                throw new InvalidOperationException(node.GetType().Name);
        }

        Whitespace(random, json);
    }

    private static void WriteString(string value, Random random, StringBuilder json)
    {
        Span<char> units = stackalloc char[2];
        json.Append('"');
        foreach (Rune rune in value.EnumerateRunes())
        {
            bool mustEscape = rune.Value is '"' or '\\' || rune.Value < 0x20;
            if (!mustEscape && random.Next(4) != 0)
            {
                json.Append(rune.ToString());
                continue;
            }

            // A supplementary character is escaped as both halves of its surrogate pair.
            int count = rune.EncodeToUtf16(units);
            foreach (char c in units[..count])
            {
                json.Append(c switch
                {
                    '"' => "\\\"",
                    '\\' => "\\\\",
                    '/' => "\\/",
                    '\n' when random.Next(2) == 0 => "\\n",
                    _ => random.Next(2) == 0 ? $"\\u{(int)c:x4}" : $"\\u{(int)c:X4}",
                });
            }
        }

        json.Append('"');
    }

    private static void Whitespace(Random random, StringBuilder json) =>
        json.Append(random.Next(6) switch { 0 => " ", 1 => "\n  ", 2 => "\t", 3 => "\r\n", _ => string.Empty });

    private abstract record Node;

    private sealed record RawNode(string Json) : Node;

    private sealed record NumberNode(double Value) : Node;

    private sealed record StringNode(string Value) : Node;

    private sealed record ArrayNode(Node[] Items) : Node;

    private sealed record ObjectNode((string Name, Node Value)[] Members) : Node;
}
