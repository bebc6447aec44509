using System.Text;
using System.Text.Json;
using ComplianceKit.Canonicalization;

namespace ComplianceKit.Tests.Canonicalization;

public sealed class JsonCanonicalizerTests
{
    [Fact]
    public void Canonicalize_Rfc8785Section322Example_GivesRfcOutput()
    {
        const string input = """
            {
              "numbers": [333333333.33333329, 1E30, 4.50,
                          2e-3, 0.000000000000000000000000001],
              "string": "\u20ac$\u000F\u000aA'\u0042\u0022\u005c\\\"\/",
              "literals": [null, true, false]
            }
            """;
        const string expected = """{"literals":[null,true,false],"numbers":[333333333.3333333,1e+30,4.5,0.002,1e-27],"string":"€$\u000f\nA'B\"\\\\\"/"}""";

        byte[] canonical = JsonCanonicalizer.Canonicalize(input);

        Assert.Equal(Encoding.UTF8.GetBytes(expected), canonical);
    }

    [Fact]
    public void Canonicalize_Rfc8785Section323SortingExample_SortsByUtf16CodeUnits()
    {
        const string input = """
            {
              "\u20ac": "Euro Sign",
              "\r": "Carriage Return",
              "\ufb33": "Hebrew Letter Dalet With Dagesh",
              "1": "One",
              "\ud83d\ude00": "Emoji: Grinning Face",
              "\u0080": "Control",
              "\u00f6": "Latin Small Letter O With Diaeresis"
            }
            """;
        const string expected =
            "{\"\\r\":\"Carriage Return\",\"1\":\"One\",\"\u0080\":\"Control\",\"\u00f6\":\"Latin Small Letter O With Diaeresis\"," +
            "\"\u20ac\":\"Euro Sign\",\"\U0001F600\":\"Emoji: Grinning Face\",\"\ufb33\":\"Hebrew Letter Dalet With Dagesh\"}";

        byte[] canonical = JsonCanonicalizer.Canonicalize(input);

        Assert.Equal(expected, Encoding.UTF8.GetString(canonical));
    }

    [Fact]
    public void Canonicalize_ControlAndNonAsciiStrings_EscapesOnlyWhatRfc8785Requires()
    {
        const string input = """["\u0000\u0001\u0008\u0009\u000a\u000b\u000c\u000d\u001f", "\u007f\u2028\u2029</script>\/", "\"\\"]""";
        const string expected = "[\"\\u0000\\u0001\\b\\t\\n\\u000b\\f\\r\\u001f\",\"\u007f\u2028\u2029</script>/\",\"\\\"\\\\\"]";

        byte[] canonical = JsonCanonicalizer.Canonicalize(input);

        Assert.Equal(expected, Encoding.UTF8.GetString(canonical));
    }

    [Fact]
    public void Canonicalize_WeirdNamesExample_MatchesReferenceImplementation()
    {
        const string input = """
            {
              "\u20ac": "Euro Sign", "\r": "Carriage Return", "\u000a": "Newline", "1": "One",
              "\u0080": "Control\u007f", "\ud83d\ude02": "Smiley", "\u00f6": "Latin Small Letter O With Diaeresis",
              "\ufb33": "Hebrew Letter Dalet With Dagesh", "</script>": "Browser Challenge"
            }
            """;
        const string expected =
            "{\"\\n\":\"Newline\",\"\\r\":\"Carriage Return\",\"1\":\"One\",\"</script>\":\"Browser Challenge\",\"\u0080\":\"Control\u007f\"," +
            "\"\u00f6\":\"Latin Small Letter O With Diaeresis\",\"\u20ac\":\"Euro Sign\",\"\U0001F602\":\"Smiley\",\"\ufb33\":\"Hebrew Letter Dalet With Dagesh\"}";

        byte[] canonical = JsonCanonicalizer.Canonicalize(input);

        Assert.Equal(expected, Encoding.UTF8.GetString(canonical));
    }

    [Fact]
    public void Canonicalize_NestedObjectsWithWhitespace_SortsEveryLevelAndDropsWhitespace()
    {
        const string input = " {\r\n \"b\" : [ { \"z\" : 1 , \"y\" : { \"d\" : 2, \"c\" : [] } } , {} ] ,\t\"a\" : \"x\" } \n";

        byte[] canonical = JsonCanonicalizer.Canonicalize(input);

        Assert.Equal("""{"a":"x","b":[{"y":{"c":[],"d":2},"z":1},{}]}""", Encoding.UTF8.GetString(canonical));
    }

    [Theory]
    [InlineData("true", "true")]
    [InlineData(" null ", "null")]
    [InlineData("\"\\u00e9\"", "\"\u00e9\"")]
    [InlineData("[]", "[]")]
    [InlineData("{}", "{}")]
    public void Canonicalize_ScalarOrEmptyRoot_IsAccepted(string input, string expected)
    {
        byte[] canonical = JsonCanonicalizer.Canonicalize(input);

        Assert.Equal(expected, Encoding.UTF8.GetString(canonical));
    }

    [Fact]
    public void Canonicalize_JsonElement_CanonicalizesOnlyThatElement()
    {
        using JsonDocument document = JsonDocument.Parse("""{"outer": {"b": 1.50, "a": [true]}}""");
        JsonElement element = document.RootElement.GetProperty("outer");

        byte[] canonical = JsonCanonicalizer.Canonicalize(element);

        Assert.Equal("""{"a":[true],"b":1.5}""", Encoding.UTF8.GetString(canonical));
    }

    [Fact]
    public void Canonicalize_DefaultJsonElement_ThrowsArgumentException()
    {
        JsonElement element = default;

        Assert.Throws<ArgumentException>(() => JsonCanonicalizer.Canonicalize(element));
    }

    [Fact]
    public void Serialize_ObjectWithEscapedText_ReturnsCanonicalBytes()
    {
        var value = new { Zeta = 4.50m, Alpha = "caf\u00e9 <b>", Count = 3, Nested = new { Y = (string?)null, X = 1e21 } };

        byte[] canonical = JsonCanonicalizer.Serialize(value);

        Assert.Equal("{\"Alpha\":\"caf\u00e9 <b>\",\"Count\":3,\"Nested\":{\"X\":1e+21,\"Y\":null},\"Zeta\":4.5}", Encoding.UTF8.GetString(canonical));
    }

    [Fact]
    public void Serialize_WithOptions_UsesThem()
    {
        var options = new JsonSerializerOptions { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower, WriteIndented = true };

        byte[] canonical = JsonCanonicalizer.Serialize(new { RecordId = "r-1", ActorId = "u-2" }, options);

        Assert.Equal("""{"actor_id":"u-2","record_id":"r-1"}""", Encoding.UTF8.GetString(canonical));
    }

    [Theory]
    [InlineData("""{"a":1,"b":[true,null,"x"]}""", true)]
    [InlineData("1e+21", true)]
    [InlineData("""{"b":1,"a":2}""", false)]
    [InlineData("""{"a": 1}""", false)]
    [InlineData("1E21", false)]
    [InlineData("\"\\u00e9\"", false)]
    [InlineData("\"\\/\"", false)]
    [InlineData("[1,", false)]
    [InlineData("""{"a":1,"a":1}""", false)]
    public void IsCanonical_Input_ReportsWhetherBytesAreCanonical(string input, bool expected)
    {
        byte[] utf8 = Encoding.UTF8.GetBytes(input);

        bool isCanonical = JsonCanonicalizer.IsCanonical(utf8);

        Assert.Equal(expected, isCanonical);
    }
}
