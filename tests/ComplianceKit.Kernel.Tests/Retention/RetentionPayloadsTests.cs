using System.Text;
using ComplianceKit.Retention;
using NodaTime;

namespace ComplianceKit.Tests.Retention;

/// <summary>Retention's payloads read through the payload codec keep the strict reading FORMAT.md describes: anything off reads as unreadable (null).</summary>
public sealed class RetentionPayloadsTests
{
    private static readonly Instant RecordedAt = Instant.FromUtc(2030, 1, 1, 0, 0);

    [Fact]
    public void ReadPurged_WrittenPurge_ReadsBackPolicyRangesAndCount()
    {
        var payload = RetentionPayloads.Purged("access-6y", 3, RecordedAt, [new SequenceRange(4, 6), new SequenceRange(8, 11)]);

        var purge = RetentionPayloads.ReadPurged(payload, 12, "officer", RecordedAt);

        Assert.NotNull(purge);
        Assert.Equal(("access-6y", 3L, RecordedAt, 7L), (purge.PolicyId, purge.PolicySequence, purge.AsOf, purge.Count));
        Assert.Equal([new SequenceRange(4, 6), new SequenceRange(8, 11)], purge.Ranges);
    }

    public static TheoryData<string> UnreadablePurges => new()
    {
        """{"asOf":"2030-01-01T00:00:00Z","count":7,"policy":"p","policyEntry":"3","ranges":[[4,6],[8,11]]}""",
        """{"asOf":"2030-01-01T00:00:00Z","count":"7","policy":"p","policyEntry":3,"ranges":[[4,6],[8,11]]}""",
        """{"asOf":"2030-01-01T00:00:00Z","count":3,"policy":"p","policyEntry":3,"ranges":[["4",6]]}""",
        """{"asOf":"2030-01-01T00:00:00Z","count":3,"policy":"p","policyEntry":3,"ranges":[[4,5,6]]}""",
        """{"asOf":"2030-01-01T00:00:00Z","count":3,"policy":"p","policyEntry":3,"ranges":[null]}""",
        """{"asOf":"2030-01-01T00:00:00Z","count":3,"policy":"p","policyEntry":3,"ranges":[[4.5,6]]}""",
        """{"asOf":"2030-01-01T00:00:00Z","policy":"p","policyEntry":3,"ranges":[[4,6]]}""",
        """{"asOf":"2030-01-01T00:00:00Z","count":3,"policyEntry":3,"ranges":[[4,6]]}""",
        """{"asOf":"not a time","count":3,"policy":"p","policyEntry":3,"ranges":[[4,6]]}""",
        """{"asOf":"2030-01-01T00:00:00Z","count":3,"policy":"p","policyEntry":3}""",
        """[{"asOf":"2030-01-01T00:00:00Z","count":3,"policy":"p","policyEntry":3,"ranges":[[4,6]]}]""",
        "null",
    };

    [Theory]
    [MemberData(nameof(UnreadablePurges))]
    public void ReadPurged_NumberAsTextMissingMemberOrWrongShape_IsUnreadable(string payload)
    {
        Assert.Null(RetentionPayloads.ReadPurged(Encoding.UTF8.GetBytes(payload), 12, "officer", RecordedAt));
    }

    [Theory]
    [InlineData("""{"basis":1,"category":"documentation","endedBy":[],"entryTypes":["access.*"],"id":"a","period":"P6Y","timeZone":"UTC"}""")]
    [InlineData("""{"basis":"recordedAt","category":"documentation","endedBy":[],"entryTypes":["access.*",null],"id":"a","period":"P6Y","timeZone":"UTC"}""")]
    [InlineData("""{"basis":"recordedAt","category":"documentation","endedBy":[],"entryTypes":["access.*"],"id":"a","period":"six years","timeZone":"UTC"}""")]
    [InlineData("""{"basis":"recordedAt","category":"documentation","endedBy":[],"entryTypes":["access.*"],"id":"a","period":"P6Y","timeZone":"Mars/Olympus"}""")]
    [InlineData("""{"basis":"recordedAt","category":"documentation","endedBy":[],"id":"a","period":"P6Y","timeZone":"UTC"}""")]
    public void ReadPolicy_WrongTypeOrValue_IsUnreadable(string payload)
    {
        Assert.Null(RetentionPayloads.ReadPolicy(Encoding.UTF8.GetBytes(payload)));
    }

    [Fact]
    public void ReadPolicy_UnknownMember_IsIgnoredAsEveryPayloadReaderDoes()
    {
        var policy = RetentionPayloads.ReadPolicy(Encoding.UTF8.GetBytes(
            """{"basis":"recordedAt","category":"documentation","endedBy":[],"entryTypes":["access.*"],"id":"a","later":true,"period":"P6Y","timeZone":"UTC"}"""));

        Assert.Equal("a", policy?.Id);
    }

    [Theory]
    [InlineData("""{"holdId":"h","reason":"r","from":20300101}""")]
    [InlineData("""{"reason":"r"}""")]
    [InlineData("""{"holdId":"h","reason":"r","from":"2030-01-02T00:00:00Z","until":"2030-01-01T00:00:00Z"}""")]
    public void ReadHoldPlaced_WrongTypeMissingIdOrInvalidHold_IsUnreadable(string payload)
    {
        Assert.Null(RetentionPayloads.ReadHoldPlaced(Encoding.UTF8.GetBytes(payload)));
    }

    [Fact]
    public void ReadOverride_MissingDecider_IsUnreadable()
    {
        var payload = """{"category":"documentation","minimum":"P6Y","period":"P1Y","policy":"short","reason":"counsel advice"}""";

        Assert.Null(RetentionPayloads.ReadOverride(Encoding.UTF8.GetBytes(payload), 4));
    }

    [Fact]
    public void Writers_EveryRetentionPayload_AreCanonicalAsWritten()
    {
        byte[][] written =
        [
            RetentionPayloads.HoldPlaced(new LegalHold("h-2", "r", "rec:*", "access.*", RecordedAt, RecordedAt + Duration.FromDays(1))),
            RetentionPayloads.ClockSkewOverride(RecordedAt, RecordedAt, Duration.FromDays(30), new RetentionOverride("fixed", "ops")),
            RetentionPayloads.PolicyRetired("p", "replaced"),
        ];

        Assert.All(written, w => Assert.Equal(w, ComplianceKit.Canonicalization.JsonCanonicalizer.Canonicalize(w)));
    }
}
