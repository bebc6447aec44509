using System.Text;
using ComplianceKit.Access;
using ComplianceKit.Ledger;
using NodaTime;

namespace ComplianceKit.Tests.Access;

public sealed class AccessEventEncoderTests
{
    private static readonly Instant Now = Instant.FromUtc(2026, 3, 2, 9, 0);
    private readonly AccessEventEncoder _encoder = new(new RecordPseudonymizer(Enumerable.Range(0, 32).Select(i => (byte)i).ToArray()));

    [Theory]
    [InlineData(AccessOutcome.Allowed, "access.allowed")]
    [InlineData(AccessOutcome.Denied, "access.denied")]
    [InlineData(AccessOutcome.BreakGlass, "access.break-glass")]
    public void Encode_Outcome_IsTheEntryType(AccessOutcome outcome, string entryType)
    {
        var draft = _encoder.Encode(Event().With(outcome: outcome), Now);

        Assert.Equal(entryType, draft.EntryType);
        Assert.True(AccessEntryTypes.IsAccess(draft.EntryType));
    }

    [Fact]
    public void Encode_AnEvent_SubjectIsThePseudonymActorTheUserAndNoClearReference()
    {
        var draft = _encoder.Encode(Event(), Now);

        Assert.Equal(_encoder.Pseudonymizer.Pseudonymize("patient/48213"), draft.Subject);
        Assert.Equal("kim", draft.Actor);
        Assert.Equal(Now, draft.OccurredAt);
        Assert.Equal("""{"action":"export","client":"10.0.4.7","purpose":"TREAT","role":"physician","session":"s-9"}""", Encoding.UTF8.GetString(draft.Payload.Span));
        Assert.DoesNotContain("48213", draft.Subject + Encoding.UTF8.GetString(draft.Payload.Span), StringComparison.Ordinal);
    }

    [Fact]
    public void Encode_StatedOccurredAtAndNoOptionalFields_KeepsTheInstantAndOmitsThem()
    {
        var at = Instant.FromUtc(2026, 3, 1, 23, 59);
        var draft = _encoder.Encode(new AccessEvent
        {
            UserId = "kim", Role = "nurse", RecordReference = "patient/1", Action = AccessAction.View,
            PurposeOfUse = PurposeOfUse.Payment, Outcome = AccessOutcome.Allowed, OccurredAt = at,
        }, Now);

        Assert.Equal(at, draft.OccurredAt);
        Assert.Equal("""{"action":"view","purpose":"HPAYMT","role":"nurse"}""", Encoding.UTF8.GetString(draft.Payload.Span));
    }

    [Theory]
    [InlineData("nurse")]
    [InlineData("infirmière")]
    [InlineData("<script>&'+`")]
    [InlineData("quote \" and backslash \\")]
    [InlineData("日本語 🙂 \u2028 \u00a0")]
    public void Encode_AnyText_PayloadIsAlreadyCanonical(string text)
    {
        var draft = _encoder.Encode(Event().With(role: text, client: text), Now);

        Assert.Equal(ComplianceKit.Canonicalization.JsonCanonicalizer.Canonicalize(draft.Payload.Span), draft.Payload.ToArray());
    }

    [Fact]
    public void Encode_MissingRoleOrControlCharacterOrUndefinedAction_IsRefused()
    {
        Assert.Throws<LedgerValidationException>(() => _encoder.Encode(Event().With(role: " "), Now));
        Assert.Throws<LedgerValidationException>(() => _encoder.Encode(Event().With(client: "ws\n1"), Now));
        Assert.Throws<LedgerValidationException>(() => _encoder.Encode(Event().With(action: (AccessAction)42), Now));
        Assert.Throws<LedgerValidationException>(() => _encoder.Encode(Event().With(reference: ""), Now));
        Assert.Throws<LedgerValidationException>(() => _encoder.Encode(Event().With(client: "ws-\ud800"), Now));
    }

    private static AccessEvent Event() => new()
    {
        UserId = "kim",
        Role = "physician",
        RecordReference = "patient/48213",
        Action = AccessAction.Export,
        PurposeOfUse = PurposeOfUse.Treatment,
        Outcome = AccessOutcome.Allowed,
        Client = "10.0.4.7",
        SessionId = "s-9",
    };
}

internal static class AccessEventCopy
{
    public static AccessEvent With(this AccessEvent e, AccessOutcome? outcome = null, string? role = null, string? client = null,
        AccessAction? action = null, string? reference = null) => new()
        {
            UserId = e.UserId,
            Role = role ?? e.Role,
            RecordReference = reference ?? e.RecordReference,
            Action = action ?? e.Action,
            PurposeOfUse = e.PurposeOfUse,
            Outcome = outcome ?? e.Outcome,
            Client = client ?? e.Client,
            SessionId = e.SessionId,
            OccurredAt = e.OccurredAt,
        };
}
