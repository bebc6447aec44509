using System.Text;
using System.Text.Json;
using ComplianceKit.Ledger;
using NodaTime;
using NodaTime.Text;

namespace ComplianceKit.Tests.Ledger;

/// <summary>
/// The UTF-8 reader of canonical payload instants must give, for every text it accepts, exactly the instant the general
/// ISO 8601 reader gives, and leave every other text to that reader (same instant, same refusal).
/// </summary>
public sealed class CanonicalInstantTextTests
{
    private static readonly JsonSerializerOptions Options = new() { Converters = { new InstantJsonConverter() } };

    [Fact]
    public void TryParse_FormattedInstantsAcrossTheRange_MatchTheIsoReader()
    {
        var random = new Random(21);
        var first = Instant.FromUtc(1, 1, 1, 0, 0).ToUnixTimeTicks() / 10;
        var last = Instant.FromUtc(9999, 12, 31, 23, 59, 59).ToUnixTimeTicks() / 10;
        for (var i = 0; i < 5_000; i++)
        {
            var instant = Instant.FromUnixTimeTicks(random.NextInt64(first, last) * 10);
            var text = PayloadCodec.FormatInstant(instant);

            Assert.True(CanonicalInstantText.TryParse(Encoding.ASCII.GetBytes(text), out var parsed), text);
            Assert.Equal(InstantPattern.ExtendedIso.Parse(text).Value, parsed);
            Assert.Equal(instant, parsed);
        }
    }

    [Theory]
    [InlineData("0001-01-01T00:00:00.000000Z")]
    [InlineData("2024-02-29T23:59:59.999999Z")]
    [InlineData("9999-12-31T23:59:59.999999Z")]
    [InlineData("1970-01-01T00:00:00.000001Z")]
    public void TryParse_EdgesOfTheFields_MatchTheIsoReader(string text)
    {
        Assert.True(CanonicalInstantText.TryParse(Encoding.ASCII.GetBytes(text), out var parsed));
        Assert.Equal(InstantPattern.ExtendedIso.Parse(text).Value, parsed);
        Assert.Equal(parsed, Read(text));
    }

    [Theory]
    [InlineData("2023-02-29T00:00:00.000000Z")]
    [InlineData("2024-04-31T00:00:00.000000Z")]
    [InlineData("2024-13-01T00:00:00.000000Z")]
    [InlineData("2024-00-01T00:00:00.000000Z")]
    [InlineData("2024-01-00T00:00:00.000000Z")]
    [InlineData("2024-01-01T24:00:00.000000Z")]
    [InlineData("2024-01-01T00:60:00.000000Z")]
    [InlineData("2024-01-01T00:00:60.000000Z")]
    [InlineData("0000-01-01T00:00:00.000000Z")]
    [InlineData("2024-01-01T00:00:00.12345Z")]
    [InlineData("2024-01-01T00:00:00.1234567Z")]
    [InlineData("2024-01-01T00:00:00Z")]
    [InlineData("2024-01-01T00:00:00.000000z")]
    [InlineData("2024-01-01 00:00:00.000000Z")]
    [InlineData("2024-01-01T00:00:00.00000aZ")]
    [InlineData("2024-01-01T00:00:00.000000+00:00")]
    [InlineData("+024-01-01T00:00:00.000000Z")]
    public void TryParse_AnyOtherText_IsLeftToTheIsoReader_WhichDecidesAsBefore(string text)
    {
        Assert.False(CanonicalInstantText.TryParse(Encoding.ASCII.GetBytes(text), out _));

        var general = InstantPattern.ExtendedIso.Parse(text);
        if (general.Success)
        {
            Assert.Equal(EntryEncoding.TruncateToMicroseconds(general.Value), Read(text));
        }
        else
        {
            var refused = Assert.Throws<JsonException>(() => Read(text));
            Assert.Contains(text, refused.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Read_EscapedCanonicalText_ReadsTheSameInstant()
    {
        var instant = JsonSerializer.Deserialize<Instant>("\"2024-02-29T12:34:56.123456\\u005A\"", Options);
        Assert.Equal(Instant.FromUtc(2024, 2, 29, 12, 34, 56) + Duration.FromTicks(1_234_560), instant);
    }

    private static Instant Read(string text) => JsonSerializer.Deserialize<Instant>(JsonSerializer.Serialize(text), Options);
}
