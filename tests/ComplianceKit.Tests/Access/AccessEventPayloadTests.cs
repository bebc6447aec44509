using System.Text;
using ComplianceKit.Access;
using ComplianceKit.Ledger;

namespace ComplianceKit.Tests.Access;

public sealed class AccessEventPayloadTests
{
    public static TheoryData<string, string?, string?> Texts => new()
    {
        { "Nurse", null, null },
        { "Nurse", "10.0.0.1", null },
        { "Nurse", null, "s-1" },
        { "Zoë «Ünïcødé» 東京", "ward \"7\" \\ back", "😀 \u2028 \u007f" },
        { "</script>&'", "\u00a0", "é\u0301" },
    };

    [Theory]
    [MemberData(nameof(Texts))]
    public void CanonicalPayload_HandWrittenHotPath_IsTheCodecsBytes(string role, string? client, string? session)
    {
        foreach (var action in Enum.GetValues<AccessAction>())
        {
            var accessEvent = new AccessEvent
            {
                UserId = "u", Role = role, RecordReference = "r", Action = action, PurposeOfUse = "TREAT", Outcome = AccessOutcome.Allowed,
                Client = client, SessionId = session,
            };

            var handWritten = AccessEventEncoder.CanonicalPayload(accessEvent);

            Assert.Equal(Encoding.UTF8.GetString(AccessEventPayload.Of(accessEvent).ToCanonicalBytes()), Encoding.UTF8.GetString(handWritten));
        }
    }

    [Fact]
    public void FromEntry_UnknownAction_IsAFormatException()
    {
        var entry = Entry("""{"action":"teleport","purpose":"TREAT","role":"Nurse"}""");

        Assert.Throws<FormatException>(() => AccessEventPayload.FromEntry(entry));
    }

    [Fact]
    public void FromEntry_PurposeMissing_IsAFormatException()
    {
        var entry = Entry("""{"action":"view","role":"Nurse"}""");

        Assert.Throws<FormatException>(() => AccessEventPayload.FromEntry(entry));
    }

    private static LedgerEntry Entry(string json) => new()
    {
        ChainId = "c", Sequence = 0, EntryType = AccessEntryTypes.Allowed, Subject = "rec:x", Actor = "u",
        OccurredAt = NodaTime.Instant.FromUnixTimeSeconds(0), RecordedAt = NodaTime.Instant.FromUnixTimeSeconds(0),
        Payload = Encoding.UTF8.GetBytes(json), PayloadSalt = new byte[32], PayloadDigest = new byte[32], PreviousHash = new byte[32], EntryHash = new byte[32],
    };
}
