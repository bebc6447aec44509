using System.Globalization;
using System.Text;
using System.Text.Json;
using ComplianceKit.Canonicalization;

namespace ComplianceKit.Tests.Canonicalization;

public sealed class JsonCanonicalizerNumberTests
{
    /// <summary>RFC 8785 Appendix B, finite rows: IEEE-754 bit pattern and the required output.</summary>
    [Theory]
    [InlineData("0000000000000000", "0")]
    [InlineData("8000000000000000", "0")]
    [InlineData("0000000000000001", "5e-324")]
    [InlineData("8000000000000001", "-5e-324")]
    [InlineData("7fefffffffffffff", "1.7976931348623157e+308")]
    [InlineData("ffefffffffffffff", "-1.7976931348623157e+308")]
    [InlineData("4340000000000000", "9007199254740992")]
    [InlineData("c340000000000000", "-9007199254740992")]
    [InlineData("4430000000000000", "295147905179352830000")]
    [InlineData("44b52d02c7e14af5", "9.999999999999997e+22")]
    [InlineData("44b52d02c7e14af6", "1e+23")]
    [InlineData("44b52d02c7e14af7", "1.0000000000000001e+23")]
    [InlineData("444b1ae4d6e2ef4e", "999999999999999700000")]
    [InlineData("444b1ae4d6e2ef4f", "999999999999999900000")]
    [InlineData("444b1ae4d6e2ef50", "1e+21")]
    [InlineData("3eb0c6f7a0b5ed8c", "9.999999999999997e-7")]
    [InlineData("3eb0c6f7a0b5ed8d", "0.000001")]
    [InlineData("41b3de4355555553", "333333333.3333332")]
    [InlineData("41b3de4355555554", "333333333.33333325")]
    [InlineData("41b3de4355555555", "333333333.3333333")]
    [InlineData("41b3de4355555556", "333333333.3333334")]
    [InlineData("41b3de4355555557", "333333333.33333343")]
    [InlineData("becbf647612f3696", "-0.0000033333333333333333")]
    [InlineData("43143ff3c1cb0959", "1424953923781206.2")]
    public void Canonicalize_AppendixBNumber_MatchesRfc8785(string ieee754Hex, string expected)
    {
        double value = BitConverter.Int64BitsToDouble(long.Parse(ieee754Hex, NumberStyles.HexNumber, CultureInfo.InvariantCulture));
        string json = value.ToString("R", CultureInfo.InvariantCulture);

        byte[] canonical = JsonCanonicalizer.Canonicalize(json);

        Assert.Equal(expected, Encoding.UTF8.GetString(canonical));
    }

    [Theory]
    [InlineData("0", "0")]
    [InlineData("-0", "0")]
    [InlineData("-0.0e5", "0")]
    [InlineData("1e21", "1e+21")]
    [InlineData("1e-7", "1e-7")]
    [InlineData("-0.0000001", "-1e-7")]
    [InlineData("1e-6", "0.000001")]
    [InlineData("0.000001", "0.000001")]
    [InlineData("333333333.33333329", "333333333.3333333")]
    [InlineData("1E30", "1e+30")]
    [InlineData("4.50", "4.5")]
    [InlineData("2e-3", "0.002")]
    [InlineData("0.000000000000000000000000001", "1e-27")]
    [InlineData("123e-20", "1.23e-18")]
    [InlineData("-1.5e-7", "-1.5e-7")]
    [InlineData("100", "100")]
    [InlineData("1.0", "1")]
    [InlineData("0.1", "0.1")]
    [InlineData("9007199254740992", "9007199254740992")]
    [InlineData("9007199254740993", "9007199254740992")]
    [InlineData("12345678901234567890", "12345678901234567000")]
    [InlineData("123456789012345678901234", "1.2345678901234569e+23")]
    [InlineData("295147905179352830000", "295147905179352830000")]
    [InlineData("5e-324", "5e-324")]
    [InlineData("1e-400", "0")]
    [InlineData("1.7976931348623157e308", "1.7976931348623157e+308")]
    [InlineData("-1.7976931348623157e308", "-1.7976931348623157e+308")]
    public void Canonicalize_NumberText_PrintsEcmaScriptForm(string json, string expected)
    {
        byte[] canonical = JsonCanonicalizer.Canonicalize(json);

        Assert.Equal(expected, Encoding.UTF8.GetString(canonical));
    }

    /// <summary>
    /// About a thousand doubles (powers of ten and their neighbours, random bit patterns, integers and
    /// short decimals) with the text V8's Number.prototype.toString gives them; see Vectors/generate-es-numbers.js.
    /// </summary>
    [Fact]
    public void Canonicalize_V8ReferenceNumbers_AllMatch()
    {
        using JsonDocument vectors = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Canonicalization", "Vectors", "es-numbers.json")));
        var mismatches = new List<string>();

        foreach (JsonElement vector in vectors.RootElement.EnumerateArray())
        {
            string bits = vector.GetProperty("bits").GetString()!;
            string expected = vector.GetProperty("es").GetString()!;
            double value = BitConverter.Int64BitsToDouble(long.Parse(bits, NumberStyles.HexNumber, CultureInfo.InvariantCulture));
            string fromDouble = Encoding.UTF8.GetString(JsonCanonicalizer.Canonicalize(value.ToString("R", CultureInfo.InvariantCulture)));
            string fromItself = Encoding.UTF8.GetString(JsonCanonicalizer.Canonicalize(expected));
            if (fromDouble != expected || fromItself != expected)
            {
                mismatches.Add($"{bits}: expected {expected}, got {fromDouble} / {fromItself}");
            }
        }

        Assert.True(vectors.RootElement.GetArrayLength() > 1000);
        Assert.Empty(mismatches);
    }
}
