using System.Text;
using System.Text.Json;
using NodaTime;

namespace ComplianceKit.Ledger;

/// <summary>
/// A fact the host wants recorded. The ledger canonicalizes the payload (RFC 8785), salts and
/// hashes it, and assigns the sequence, recorded-at and hashes when it appends.
/// </summary>
public sealed class EntryDraft
{
    /// <summary>Creates a draft whose payload is UTF-8 JSON text.</summary>
    /// <param name="entryType">Lower-case dotted type, for example <c>training.completed</c>.</param>
    /// <param name="subject">What the fact is about.</param>
    /// <param name="actor">Who caused it.</param>
    /// <param name="utf8JsonPayload">Any JSON; it is brought to canonical form before hashing.</param>
    /// <param name="occurredAt">When it happened; the recorded-at instant when omitted.</param>
    public EntryDraft(string entryType, string subject, string actor, ReadOnlyMemory<byte> utf8JsonPayload, Instant? occurredAt = null)
    {
        EntryType = entryType;
        Subject = subject;
        Actor = actor;
        Payload = utf8JsonPayload;
        OccurredAt = occurredAt;
    }

    /// <summary>The entry type, for example <c>baa.executed</c>.</summary>
    public string EntryType { get; }

    /// <summary>What the fact is about.</summary>
    public string Subject { get; }

    /// <summary>Who caused the fact.</summary>
    public string Actor { get; }

    /// <summary>When it happened; <see langword="null"/> means "when recorded".</summary>
    public Instant? OccurredAt { get; }

    /// <summary>The payload as UTF-8 JSON, not yet canonical.</summary>
    public ReadOnlyMemory<byte> Payload { get; }

    /// <summary>Creates a draft from JSON text.</summary>
    public static EntryDraft FromJson(string entryType, string subject, string actor, string json, Instant? occurredAt = null)
    {
        ArgumentNullException.ThrowIfNull(json);
        return new EntryDraft(entryType, subject, actor, Encoding.UTF8.GetBytes(json), occurredAt);
    }

    /// <summary>Creates a draft by serializing <paramref name="payload"/> with System.Text.Json.</summary>
    public static EntryDraft FromObject<T>(string entryType, string subject, string actor, T payload, Instant? occurredAt = null, JsonSerializerOptions? options = null) =>
        new(entryType, subject, actor, JsonSerializer.SerializeToUtf8Bytes(payload, options ?? LedgerJson.Options), occurredAt);
}
