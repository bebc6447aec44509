using System.Text;
using System.Text.Json;
using ComplianceKit.Canonicalization;

namespace ComplianceKit.Tests.Canonicalization;

public sealed class JsonCanonicalizerRejectionTests
{
    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("{\"a\":}")]
    [InlineData("{\"a\":1,}")]
    [InlineData("[1,2")]
    [InlineData("{\"a\" 1}")]
    [InlineData("// comment\n1")]
    [InlineData("NaN")]
    [InlineData("'single'")]
    [InlineData("01")]
    [InlineData("\"tab\tinside\"")]
    public void Canonicalize_InvalidJson_ThrowsNamingTheProblem(string input)
    {
        byte[] utf8 = Encoding.UTF8.GetBytes(input);

        var ex = Assert.Throws<JsonCanonicalizationException>(() => JsonCanonicalizer.Canonicalize(utf8));

        Assert.Matches("not valid JSON|empty", ex.Message);
    }

    [Fact]
    public void Canonicalize_InvalidJsonOnLaterLine_ReportsAbsoluteByteOffset()
    {
        byte[] utf8 = Encoding.UTF8.GetBytes("{\n  \"a\": [1,\n  2,,]}");

        var ex = Assert.Throws<JsonCanonicalizationException>(() => JsonCanonicalizer.Canonicalize(utf8));

        Assert.Equal(17, ex.ByteOffset);
        Assert.Equal("$.a[1]", ex.JsonPath);
        Assert.IsType<JsonException>(ex.InnerException, exactMatch: false);
    }

    [Theory]
    [InlineData("{} {}", 3)]
    [InlineData("1 2", 2)]
    [InlineData("[]]", 2)]
    [InlineData("{\"a\":1}\n x", 9)]
    [InlineData("\"s\"\"t\"", 3)]
    public void Canonicalize_TrailingContent_ThrowsWithOffset(string input, long offset)
    {
        byte[] utf8 = Encoding.UTF8.GetBytes(input);

        var ex = Assert.Throws<JsonCanonicalizationException>(() => JsonCanonicalizer.Canonicalize(utf8));

        Assert.Contains("after the JSON value", ex.Message);
        Assert.Equal(offset, ex.ByteOffset);
    }

    [Theory]
    [InlineData("""{"a":1,"a":2}""", "$.a")]
    [InlineData("""{"b":0,"a":1,"b":2}""", "$.b")]
    [InlineData("""{"x":[{"k":1},{"k":1,"j":0,"k":1}]}""", "$.x[1].k")]
    [InlineData("""{"a":1,"\u0061":2}""", "$.a")]
    [InlineData("""{"a b":{"c":1,"c":1}}""", "$['a b'].c")]
    public void Canonicalize_DuplicatePropertyName_ThrowsWithPath(string input, string path)
    {
        byte[] utf8 = Encoding.UTF8.GetBytes(input);

        var ex = Assert.Throws<JsonCanonicalizationException>(() => JsonCanonicalizer.Canonicalize(utf8));

        Assert.Contains("Duplicate property name", ex.Message);
        Assert.Equal(path, ex.JsonPath);
        Assert.Contains(path, ex.Message);
    }

    [Fact]
    public void Canonicalize_JsonElementWithDuplicates_Throws()
    {
        using JsonDocument document = JsonDocument.Parse("""{"a":1,"a":2}""");

        var ex = Assert.Throws<JsonCanonicalizationException>(() => JsonCanonicalizer.Canonicalize(document.RootElement));

        Assert.Contains("Duplicate property name", ex.Message);
    }

    [Theory]
    [InlineData("\"\\ud800\"", "A string", 1, "$")]
    [InlineData("\"ab\\udc00\"", "A string", 3, "$")]
    [InlineData("\"\\ud800\\u0041\"", "A string", 1, "$")]
    [InlineData("\"\\udc00\\ud800\"", "A string", 1, "$")]
    [InlineData("[\"ok\", \"\\ud83d\"]", "A string", 8, "$[1]")]
    [InlineData("{\"\\ud800\":1}", "A property name", 2, "$")]
    [InlineData("{\"a\":{\"b\":1,\"\\udfff\":2}}", "A property name", 13, "$.a")]
    public void Canonicalize_EscapedLoneSurrogate_ThrowsWithPosition(string input, string what, long offset, string path)
    {
        byte[] utf8 = Encoding.UTF8.GetBytes(input);

        var ex = Assert.Throws<JsonCanonicalizationException>(() => JsonCanonicalizer.Canonicalize(utf8));

        Assert.StartsWith(what + " contains an unpaired UTF-16 surrogate", ex.Message);
        Assert.Equal(offset, ex.ByteOffset);
        Assert.Equal(path, ex.JsonPath);
    }

    [Theory]
    [InlineData(new byte[] { (byte)'"', 0xFF, (byte)'"' }, "A string", 1)]
    [InlineData(new byte[] { (byte)'"', (byte)'a', 0xED, 0xA0, 0x80, (byte)'"' }, "A string", 2)]
    [InlineData(new byte[] { (byte)'"', 0xC0, 0xAF, (byte)'"' }, "A string", 1)]
    [InlineData(new byte[] { (byte)'{', (byte)'"', 0xED, 0xB0, 0x80, (byte)'"', (byte)':', (byte)'1', (byte)'}' }, "A property name", 2)]
    public void Canonicalize_InvalidUtf8_ThrowsWithOffset(byte[] utf8, string what, long offset)
    {
        var ex = Assert.Throws<JsonCanonicalizationException>(() => JsonCanonicalizer.Canonicalize(utf8));

        Assert.StartsWith(what + " contains bytes that are not valid UTF-8", ex.Message);
        Assert.Equal(offset, ex.ByteOffset);
    }

    [Fact]
    public void Canonicalize_StringWithLoneSurrogate_ThrowsInsteadOfReplacing()
    {
        string json = "[\"x\uD800\"]";

        var ex = Assert.Throws<JsonCanonicalizationException>(() => JsonCanonicalizer.Canonicalize(json));

        Assert.Contains("unpaired UTF-16 surrogate at character index 3", ex.Message);
    }

    [Theory]
    [InlineData("1e400", "$")]
    [InlineData("-1e400", "$")]
    [InlineData("""{"n":[0, 1.8e308]}""", "$.n[1]")]
    [InlineData("""{"n":123456789e301}""", "$.n")]
    public void Canonicalize_NumberNotFiniteAsDouble_ThrowsWithPath(string input, string path)
    {
        byte[] utf8 = Encoding.UTF8.GetBytes(input);

        var ex = Assert.Throws<JsonCanonicalizationException>(() => JsonCanonicalizer.Canonicalize(utf8));

        Assert.Contains("outside the range of an IEEE-754 double", ex.Message);
        Assert.Equal(path, ex.JsonPath);
    }

    [Theory]
    [InlineData(64)]
    [InlineData(63)]
    public void Canonicalize_NestingUpToLimit_IsAccepted(int depth)
    {
        string json = Nest(depth);

        byte[] canonical = JsonCanonicalizer.Canonicalize(json);

        Assert.Equal(json, Encoding.UTF8.GetString(canonical));
    }

    [Theory]
    [InlineData(65)]
    [InlineData(1000)]
    public void Canonicalize_NestingOverLimit_Throws(int depth)
    {
        string json = Nest(depth);

        var ex = Assert.Throws<JsonCanonicalizationException>(() => JsonCanonicalizer.Canonicalize(json));

        Assert.Contains("nested more than 64 levels deep", ex.Message);
    }

    [Fact]
    public void Canonicalize_ByteOrderMark_Throws()
    {
        byte[] utf8 = [0xEF, 0xBB, 0xBF, (byte)'1'];

        Assert.Throws<JsonCanonicalizationException>(() => JsonCanonicalizer.Canonicalize(utf8));
    }

    [Fact]
    public void Canonicalize_Rejection_MessageNeverEchoesValues()
    {
        byte[] utf8 = Encoding.UTF8.GetBytes("""{"note":"123-45-6789","n":1e999}""");

        var ex = Assert.Throws<JsonCanonicalizationException>(() => JsonCanonicalizer.Canonicalize(utf8));

        Assert.DoesNotContain("123-45-6789", ex.Message);
        Assert.DoesNotContain("1e999", ex.Message);
    }

    private static string Nest(int depth)
    {
        var json = new StringBuilder();
        for (int i = 0; i < depth; i++)
        {
            json.Append(i % 2 == 0 ? "[" : "{\"k\":");
        }

        json.Append('0');

        for (int i = depth - 1; i >= 0; i--)
        {
            json.Append(i % 2 == 0 ? "]" : "}");
        }

        return json.ToString();
    }
}
