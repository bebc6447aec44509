using System.Text;
using ComplianceKit.Evidence;
using ComplianceKit.Ledger;
using NodaTime;

namespace ComplianceKit.Tests.Evidence;

/// <summary>
/// Only a flat, unsigned statement object skips the JSON tree when an <c>evidence.attached</c> entry is read: anything the
/// tree reads differently from the bytes (a member named twice, a nested object) or must take apart (a signature) keeps the
/// tree path, with its findings.
/// </summary>
public sealed class UnsignedStatementScanTests
{
    private static readonly Instant At = Instant.FromUtc(2026, 1, 2, 3, 4, 5);

    [Theory]
    [InlineData("{}")]
    [InlineData("""{"a":"x","b":[1,"y",null,true],"c":null,"d":-1.5e3}""")]
    [InlineData("""{"Signature":"not the member: names are exact"}""")]
    public void IsFlatAndUnsigned_FlatObjects_True(string json) =>
        Assert.True(UnsignedStatementScan.IsFlatAndUnsigned(Encoding.UTF8.GetBytes(json)));

    [Fact]
    public void IsFlatAndUnsigned_AStatementAsRecorded_True() =>
        Assert.True(UnsignedStatementScan.IsFlatAndUnsigned(Statement().ToDraft("it").Payload.Span));

    [Theory]
    [InlineData("""{"a":"x","signature":"AAAA"}""")]
    [InlineData("""{"a":"x","a":"y"}""")]
    [InlineData("""{"\u0061":"x"}""")]
    [InlineData("""{"a":{"b":1}}""")]
    [InlineData("""{"a":[{"b":1}]}""")]
    [InlineData("""["a"]""")]
    [InlineData("\"a\"")]
    [InlineData("""{"a":1} {"b":2}""")]
    [InlineData("""{"a":1""")]
    [InlineData("not json")]
    [InlineData("")]
    public void IsFlatAndUnsigned_AnythingElse_False(string json) =>
        Assert.False(UnsignedStatementScan.IsFlatAndUnsigned(Encoding.UTF8.GetBytes(json)));

    [Fact]
    public void Read_UnsignedStatement_ReadsEveryMember()
    {
        var statement = Statement();
        var (read, signed, signature) = EvidenceStatement.Read(Entry(statement.ToDraft("it").Payload.ToArray()));

        Assert.Equal(PayloadCodec.Encode(statement), PayloadCodec.Encode(read));
        Assert.Null(signed);
        Assert.Null(signature);
    }

    [Fact]
    public void Read_MemberNamedTwice_IsRefusedAsTheTreeRefusesIt()
    {
        var payload = """{"collectedAt":"2026-01-02T03:04:05.000000Z","collectedBy":"it","controlId":"c","evidenceId":"e","evidenceId":"f","kind":"k","selfAttested":true}""";
        Assert.Throws<ArgumentException>(() => EvidenceStatement.Read(Entry(Encoding.UTF8.GetBytes(payload))));
    }

    [Fact]
    public void Read_UnknownNestedMember_IsIgnoredThroughTheTree()
    {
        var payload = """{"collectedAt":"2026-01-02T03:04:05.000000Z","collectedBy":"it","controlId":"c","evidenceId":"e","extra":{"x":[1]},"kind":"k","selfAttested":true}""";
        var (read, _, _) = EvidenceStatement.Read(Entry(Encoding.UTF8.GetBytes(payload)));
        Assert.Equal(("e", "c", "k", At), (read.EvidenceId, read.ControlId, read.Kind, read.CollectedAt));
    }

    [Fact]
    public void Read_NotInTheShape_NamesTheEntryAsBefore()
    {
        var refused = Assert.Throws<FormatException>(() => EvidenceStatement.Read(Entry(Encoding.UTF8.GetBytes("""{"evidenceId":"e"}"""))));
        Assert.StartsWith("evidence.attached entry 7 is not in the documented shape: ", refused.Message, StringComparison.Ordinal);
    }

    private static EvidenceStatement Statement() => new()
    {
        EvidenceId = "ev-1", ControlId = "ctl-1", Kind = "report", ArtifactSha256 = new string('a', 64), MediaType = "application/pdf",
        FileName = "r.pdf", Uri = new Uri("https://example.test/r.pdf"), CollectedAt = At, EffectiveAt = At + Duration.FromDays(1),
        ValidUntil = At + Duration.FromDays(30), CollectedBy = "it", Source = "manual", Note = "ünïcode note",
    };

    private static LedgerEntry Entry(byte[] payload) => new()
    {
        ChainId = "c", Sequence = 7, EntryType = EvidenceEntryTypes.Attached, Subject = "control:ctl-1", Actor = "it", OccurredAt = At, RecordedAt = At,
        Payload = payload, PayloadSalt = new byte[32], PayloadDigest = new byte[32], PreviousHash = new byte[32], EntryHash = new byte[32],
    };
}
