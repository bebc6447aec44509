using System.Buffers;
using System.Globalization;
using System.Text.Json;
using NodaTime;
using NodaTime.Text;

namespace ComplianceKit.Retention;

/// <summary>
/// The JSON payloads of retention's entries (docs/FORMAT.md, "Retention"): written here, canonicalized
/// by the ledger, and read back strictly. A reader returns <see langword="null"/> for a payload it
/// cannot read, never throws.
/// </summary>
public static class RetentionPayloads
{
    private static readonly InstantPattern MicrosecondPattern = InstantPattern.CreateWithInvariantCulture("uuuu'-'MM'-'dd'T'HH':'mm':'ss'.'ffffff'Z'");

    /// <summary>Formats an instant as FORMAT.md displays them: ISO 8601, UTC, six fractional digits.</summary>
    public static string FormatInstant(Instant instant) => MicrosecondPattern.Format(instant);

    /// <summary>Parses an ISO 8601 UTC instant with 0 to 9 fractional digits.</summary>
    public static Instant? ParseInstant(string? text) =>
        text is not null && InstantPattern.ExtendedIso.Parse(text) is { Success: true } result ? result.Value : null;

    /// <summary>Formats a period as ISO 8601 (P6Y), as the payloads hold it.</summary>
    public static string FormatPeriod(Period period) => PeriodPattern.Roundtrip.Format(period);

    /// <summary>Parses an ISO 8601 period; null when it is not one.</summary>
    public static Period? ParsePeriod(string? text) =>
        text is not null && PeriodPattern.Roundtrip.Parse(text) is { Success: true } result ? result.Value : null;

    /// <summary>The payload name of a basis (<c>recordedAt</c>, <c>lastEffective</c>).</summary>
    public static string FormatBasis(RetentionBasis basis) => basis == RetentionBasis.LastEffective ? "lastEffective" : "recordedAt";

    /// <summary>Reads a basis name; null when unknown.</summary>
    public static RetentionBasis? ParseBasis(string? text) => text switch
    {
        "recordedAt" => RetentionBasis.RecordedAt,
        "lastEffective" => RetentionBasis.LastEffective,
        _ => null,
    };

    /// <summary>The payload of a <c>retention.policy.set</c> entry.</summary>
    public static byte[] Policy(RetentionPolicy policy) => Write(w =>
    {
        w.WriteString("id", policy.Id);
        WriteArray(w, "entryTypes", policy.EntryTypes);
        w.WriteString("period", FormatPeriod(policy.Period));
        w.WriteString("basis", FormatBasis(policy.Basis));
        w.WriteString("category", policy.Category);
        w.WriteString("timeZone", policy.TimeZone.Id);
        WriteArray(w, "endedBy", policy.EndedBy);
    });

    /// <summary>Reads a <c>retention.policy.set</c> payload; null when unreadable.</summary>
    public static RetentionPolicy? ReadPolicy(ReadOnlySpan<byte> payload) => Read(payload, ReadPolicy);

    /// <summary>Reads a policy definition object; throws on anything malformed (callers map that to "unreadable").</summary>
    public static RetentionPolicy ReadPolicy(JsonElement root)
    {
        var zoneId = String(root, "timeZone");
        var zone = DateTimeZoneProviders.Tzdb.GetZoneOrNull(zoneId) ?? throw new FormatException($"'timeZone' {zoneId} is not a tz database zone such as America/New_York");
        return new RetentionPolicy(
            String(root, "id"),
            Strings(root, "entryTypes"),
            ParsePeriod(String(root, "period")) ?? throw new FormatException("'period' is not an ISO 8601 period such as P6Y"),
            ParseBasis(String(root, "basis")) ?? throw new FormatException("'basis' is neither 'recordedAt' nor 'lastEffective'"),
            String(root, "category"),
            zone,
            root.TryGetProperty("endedBy", out _) ? Strings(root, "endedBy") : []);
    }

    /// <summary>The payload of a <c>retention.policy.retired</c> entry.</summary>
    public static byte[] PolicyRetired(string policyId, string reason) => Write(w =>
    {
        w.WriteString("policy", policyId);
        w.WriteString("reason", reason);
    });

    /// <summary>Reads the policy id of a <c>retention.policy.retired</c> payload; null when unreadable.</summary>
    public static string? ReadPolicyRetired(ReadOnlySpan<byte> payload) => Read(payload, root => String(root, "policy"));

    /// <summary>The payload of a <c>retention.override.approved</c> entry for a policy shorter than its category's minimum.</summary>
    public static byte[] Override(string policyId, string category, Period period, Period minimum, RetentionOverride decision) => Write(w =>
    {
        w.WriteString("policy", policyId);
        w.WriteString("category", category);
        w.WriteString("period", FormatPeriod(period));
        w.WriteString("minimum", FormatPeriod(minimum));
        w.WriteString("reason", decision.Reason);
        w.WriteString("decidedBy", decision.DecidedBy);
    });

    /// <summary>The payload of a <c>retention.override.approved</c> entry that lets a purge run although the clock is far past the newest entry.</summary>
    public static byte[] ClockSkewOverride(Instant now, Instant newestRecordedAt, Duration maxSkew, RetentionOverride decision) => Write(w =>
    {
        w.WriteString("now", FormatInstant(now));
        w.WriteString("newestRecordedAt", FormatInstant(newestRecordedAt));
        w.WriteNumber("maxSkewSeconds", (long)maxSkew.TotalSeconds);
        w.WriteString("reason", decision.Reason);
        w.WriteString("decidedBy", decision.DecidedBy);
    });

    /// <summary>Reads a <c>retention.override.approved</c> payload; null when unreadable.</summary>
    public static RecordedOverride? ReadOverride(ReadOnlySpan<byte> payload, long sequence) => Read(payload, root => new RecordedOverride(
        String(root, "policy"),
        String(root, "category"),
        ParsePeriod(String(root, "period")) ?? throw new FormatException("period"),
        ParsePeriod(String(root, "minimum")) ?? throw new FormatException("minimum"),
        String(root, "reason"),
        String(root, "decidedBy"),
        sequence));

    /// <summary>The payload of a <c>hold.placed</c> entry.</summary>
    public static byte[] HoldPlaced(LegalHold hold) => Write(w =>
    {
        w.WriteString("holdId", hold.Id);
        w.WriteString("reason", hold.Reason);
        if (hold.Subject is not null)
        {
            w.WriteString("subject", hold.Subject);
        }

        if (hold.EntryType is not null)
        {
            w.WriteString("entryType", hold.EntryType);
        }

        if (hold.From is { } from)
        {
            w.WriteString("from", FormatInstant(from));
        }

        if (hold.Until is { } until)
        {
            w.WriteString("until", FormatInstant(until));
        }
    });

    /// <summary>Reads a <c>hold.placed</c> payload; null when unreadable.</summary>
    public static LegalHold? ReadHoldPlaced(ReadOnlySpan<byte> payload) => Read(payload, root => new LegalHold(
        String(root, "holdId"),
        String(root, "reason"),
        OptionalString(root, "subject"),
        OptionalString(root, "entryType"),
        OptionalInstant(root, "from"),
        OptionalInstant(root, "until")));

    /// <summary>The payload of a <c>hold.released</c> entry.</summary>
    public static byte[] HoldReleased(string holdId, string reason) => Write(w =>
    {
        w.WriteString("holdId", holdId);
        w.WriteString("reason", reason);
    });

    /// <summary>Reads the hold id of a <c>hold.released</c> payload; null when unreadable.</summary>
    public static string? ReadHoldReleased(ReadOnlySpan<byte> payload) => Read(payload, root => String(root, "holdId"));

    /// <summary>The payload of a <c>retention.purged</c> entry.</summary>
    public static byte[] Purged(string policyId, long policySequence, Instant asOf, IReadOnlyList<SequenceRange> ranges) => Write(w =>
    {
        w.WriteString("policy", policyId);
        w.WriteNumber("policyEntry", policySequence);
        w.WriteString("asOf", FormatInstant(asOf));
        w.WriteNumber("count", ranges.Sum(r => r.Count));
        w.WriteStartArray("ranges");
        foreach (var range in ranges)
        {
            w.WriteStartArray();
            w.WriteNumberValue(range.First);
            w.WriteNumberValue(range.Last);
            w.WriteEndArray();
        }

        w.WriteEndArray();
    });

    /// <summary>Reads a purge payload; ranges must be ascending, disjoint, non-negative and add up to <c>count</c>, and <c>policyEntry</c> must be earlier.</summary>
    public static PurgeRecord? ReadPurged(ReadOnlySpan<byte> payload, long sequence, string actor, Instant recordedAt) => Read(payload, root =>
    {
        var ranges = new List<SequenceRange>();
        var previousLast = -1L;
        foreach (var pair in Required(root, "ranges").EnumerateArray())
        {
            if (pair.GetArrayLength() != 2)
            {
                throw new FormatException("a range is not [first, last]");
            }

            var range = new SequenceRange(pair[0].GetInt64(), pair[1].GetInt64());
            if (range.First <= previousLast || range.Last < range.First)
            {
                throw new FormatException("ranges are not ascending and disjoint");
            }

            ranges.Add(range);
            previousLast = range.Last;
        }

        var policyEntry = Required(root, "policyEntry").GetInt64();
        if (policyEntry < 0 || policyEntry >= sequence)
        {
            throw new FormatException("policyEntry does not name an earlier entry");
        }

        var record = new PurgeRecord(sequence, String(root, "policy"), policyEntry,
            ParseInstant(String(root, "asOf")) ?? throw new FormatException("asOf"), ranges, actor, recordedAt);
        return record.Count == Required(root, "count").GetInt64() ? record : throw new FormatException("count does not match the ranges");
    });

    private static byte[] Write(Action<Utf8JsonWriter> body)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            body(writer);
            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    private static void WriteArray(Utf8JsonWriter writer, string name, IEnumerable<string> values)
    {
        writer.WriteStartArray(name);
        foreach (var value in values)
        {
            writer.WriteStringValue(value);
        }

        writer.WriteEndArray();
    }

    private static T? Read<T>(ReadOnlySpan<byte> payload, Func<JsonElement, T> read)
        where T : class
    {
        try
        {
            var reader = new Utf8JsonReader(payload);
            using var document = JsonDocument.ParseValue(ref reader);
            return document.RootElement.ValueKind == JsonValueKind.Object ? read(document.RootElement) : null;
        }
        catch (Exception ex) when (ex is JsonException or FormatException or InvalidOperationException or KeyNotFoundException
            or ArgumentException or OverflowException or IndexOutOfRangeException)
        {
            return null;
        }
    }

    private static string String(JsonElement root, string name) =>
        Required(root, name).GetString() ?? throw new FormatException(string.Create(CultureInfo.InvariantCulture, $"'{name}' is null"));

    private static JsonElement Required(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) ? value : throw new FormatException($"'{name}' is missing");

    private static string? OptionalString(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) ? value.GetString() : null;

    private static Instant? OptionalInstant(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) ? ParseInstant(value.GetString()) ?? throw new FormatException(name) : null;

    private static string[] Strings(JsonElement root, string name) =>
        Required(root, name).EnumerateArray().Select(e => e.GetString() ?? throw new FormatException($"'{name}' holds a null")).ToArray();
}
