using System.Buffers;
using System.Text;
using ComplianceKit.Canonicalization;
using ComplianceKit.Ledger;
using NodaTime;

namespace ComplianceKit.Access;

/// <summary>
/// Turns an <see cref="AccessEvent"/> into the ledger entry that records it:
/// type <see cref="AccessEntryTypes"/> by outcome, subject the record's pseudonym, actor the user id,
/// and an <see cref="AccessEventPayload"/> (<c>{"action","client","purpose","role","session"}</c>, absent fields omitted).
/// </summary>
/// <remarks>
/// Use it directly to append an access event inside a business transaction through
/// <see cref="IComplianceLedger"/> (an update and its audit entry commit together); the group-commit
/// writer uses it for everything else. Instances are immutable and thread safe.
/// </remarks>
public sealed class AccessEventEncoder
{
    private readonly RecordPseudonymizer _pseudonymizer;

    /// <summary>Creates an encoder that pseudonymizes record references with <paramref name="pseudonymizer"/>.</summary>
    public AccessEventEncoder(RecordPseudonymizer pseudonymizer)
    {
        ArgumentNullException.ThrowIfNull(pseudonymizer);
        _pseudonymizer = pseudonymizer;
    }

    /// <summary>The pseudonymizer whose pseudonyms become the entries' subjects.</summary>
    public RecordPseudonymizer Pseudonymizer => _pseudonymizer;

    /// <summary>Encodes <paramref name="accessEvent"/> as an entry draft.</summary>
    /// <param name="accessEvent">The event.</param>
    /// <param name="now">The occurred-at used when the event states none.</param>
    /// <exception cref="LedgerValidationException">A field is missing, too long, holds a control character, or an enum value is undefined.</exception>
    public EntryDraft Encode(AccessEvent accessEvent, Instant now)
    {
        ArgumentNullException.ThrowIfNull(accessEvent);
        Require(accessEvent.Role, "Role", AccessEvent.MaxDetailLength);
        Require(accessEvent.PurposeOfUse, "PurposeOfUse", PurposeOfUse.MaxLength);
        Optional(accessEvent.Client, "Client");
        Optional(accessEvent.SessionId, "SessionId");
        if (string.IsNullOrEmpty(accessEvent.RecordReference))
        {
            throw new LedgerValidationException("RecordReference is required.");
        }

        var entryType = accessEvent.Outcome switch
        {
            AccessOutcome.Allowed => AccessEntryTypes.Allowed,
            AccessOutcome.Denied => AccessEntryTypes.Denied,
            AccessOutcome.BreakGlass => AccessEntryTypes.BreakGlass,
            _ => throw new LedgerValidationException($"Outcome {(int)accessEvent.Outcome} is not an AccessOutcome."),
        };
        string subject;
        try
        {
            subject = _pseudonymizer.Pseudonymize(accessEvent.RecordReference);
        }
        catch (ArgumentException ex)
        {
            throw new LedgerValidationException(ex.Message, ex);
        }

        return new EntryDraft(entryType, subject, accessEvent.UserId, CanonicalPayload(accessEvent), accessEvent.OccurredAt ?? now);
    }

    /// <summary>
    /// <see cref="AccessEventPayload.ToCanonicalBytes"/>, written directly for the hot path: members in sorted order, strings
    /// escaped as RFC 8785 says. Tests hold it byte-equal to the codec.
    /// </summary>
    internal static byte[] CanonicalPayload(AccessEvent e)
    {
        var action = e.Action switch
        {
            AccessAction.View => "view"u8,
            AccessAction.Create => "create"u8,
            AccessAction.Update => "update"u8,
            AccessAction.Delete => "delete"u8,
            AccessAction.Export => "export"u8,
            AccessAction.Print => "print"u8,
            _ => throw new LedgerValidationException($"Action {(int)e.Action} is not an AccessAction."),
        };

        var output = new ArrayBufferWriter<byte>(160);
        output.Write("{\"action\":\""u8);
        output.Write(action);
        output.Write("\""u8);
        Member(output, ",\"client\":"u8, e.Client);
        Member(output, ",\"purpose\":"u8, e.PurposeOfUse);
        Member(output, ",\"role\":"u8, e.Role);
        Member(output, ",\"session\":"u8, e.SessionId);
        output.Write("}"u8);
        return output.WrittenSpan.ToArray();
    }

    private static void Member(ArrayBufferWriter<byte> output, ReadOnlySpan<byte> name, string? value)
    {
        if (value is null)
        {
            return;
        }

        byte[] utf8;
        try
        {
            utf8 = EntryEncoding.ToUtf8(value);
        }
        catch (EncoderFallbackException ex)
        {
            throw new LedgerValidationException($"A field of the access event is not valid UTF-16 text ({ex.Message}).", ex);
        }

        output.Write(name);
        JsonCanonicalizer.WriteString(utf8, output);
    }

    private static void Require(string? value, string field, int maxLength)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            throw new LedgerValidationException($"{field} is required.");
        }

        Optional(value, field, maxLength);
    }

    private static void Optional(string? value, string field, int maxLength = AccessEvent.MaxDetailLength)
    {
        if (value is null)
        {
            return;
        }

        if (value.Length > maxLength)
        {
            throw new LedgerValidationException($"{field} is {value.Length} characters; at most {maxLength} are allowed.");
        }

        foreach (var c in value)
        {
            if (char.IsControl(c))
            {
                throw new LedgerValidationException($"{field} contains a control character (U+{(int)c:X4}).");
            }
        }
    }
}
