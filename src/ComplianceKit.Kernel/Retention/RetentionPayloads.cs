using System.Globalization;
using System.Text.Json;
using ComplianceKit.Ledger;
using ComplianceKit.Retention.Payloads;
using NodaTime;
using NodaTime.Text;

namespace ComplianceKit.Retention;

/// <summary>
/// The payloads of retention's entries (docs/FORMAT.md, "Retention"): each a typed record encoded to canonical bytes by
/// <see cref="PayloadCodec"/> and read back through it, then checked strictly. A reader returns <see langword="null"/> for
/// a payload it cannot read, never throws.
/// </summary>
public static class RetentionPayloads
{
    /// <summary>Formats an instant as FORMAT.md displays them: ISO 8601, UTC, six fractional digits.</summary>
    public static string FormatInstant(Instant instant) => PayloadCodec.FormatInstant(instant);

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
    public static byte[] Policy(RetentionPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(policy);
        return PayloadCodec.Encode(new PolicySetPayload(policy.Id, [.. policy.EntryTypes], FormatPeriod(policy.Period), FormatBasis(policy.Basis),
            policy.Category, policy.TimeZone.Id, [.. policy.EndedBy]));
    }

    /// <summary>Reads a <c>retention.policy.set</c> payload; null when unreadable.</summary>
    public static RetentionPolicy? ReadPolicy(ReadOnlySpan<byte> payload) =>
        Read(payload, static (bytes, what) => ToPolicy(PayloadCodec.Decode<PolicySetPayload>(bytes, what)));

    /// <summary>Reads a policy definition object; throws on anything malformed (callers map that to "unreadable").</summary>
    public static RetentionPolicy ReadPolicy(JsonElement root) => ToPolicy(PayloadCodec.Decode<PolicySetPayload>(root, "policy"));

    /// <summary>The payload of a <c>retention.policy.retired</c> entry.</summary>
    public static byte[] PolicyRetired(string policyId, string reason) => PayloadCodec.Encode(new PolicyRetiredPayload(policyId, reason));

    /// <summary>Reads the policy id of a <c>retention.policy.retired</c> payload; null when unreadable.</summary>
    public static string? ReadPolicyRetired(ReadOnlySpan<byte> payload) =>
        Read(payload, static (bytes, what) => Present(PayloadCodec.Decode<PolicyRetiredPayload>(bytes, what).Policy, "policy"));

    /// <summary>The payload of a <c>retention.override.approved</c> entry for a policy shorter than its category's minimum.</summary>
    public static byte[] Override(string policyId, string category, Period period, Period minimum, RetentionOverride decision)
    {
        ArgumentNullException.ThrowIfNull(decision);
        return PayloadCodec.Encode(new OverrideApprovedPayload(policyId, category, FormatPeriod(period), FormatPeriod(minimum), decision.Reason, decision.DecidedBy));
    }

    /// <summary>The payload of a <c>retention.override.approved</c> entry that lets a purge run although the clock is far past the newest entry.</summary>
    public static byte[] ClockSkewOverride(Instant now, Instant newestRecordedAt, Duration maxSkew, RetentionOverride decision)
    {
        ArgumentNullException.ThrowIfNull(decision);
        return PayloadCodec.Encode(new ClockSkewOverriddenPayload(now, newestRecordedAt, (long)maxSkew.TotalSeconds, decision.Reason, decision.DecidedBy));
    }

    /// <summary>Reads a <c>retention.override.approved</c> payload; null when unreadable.</summary>
    public static RecordedOverride? ReadOverride(ReadOnlySpan<byte> payload, long sequence) => Read(payload, (bytes, what) =>
    {
        var read = PayloadCodec.Decode<OverrideApprovedPayload>(bytes, what);
        return new RecordedOverride(
            Present(read.Policy, "policy"),
            Present(read.Category, "category"),
            ParsePeriod(Present(read.Period, "period")) ?? throw new FormatException("period"),
            ParsePeriod(Present(read.Minimum, "minimum")) ?? throw new FormatException("minimum"),
            Present(read.Reason, "reason"),
            Present(read.DecidedBy, "decidedBy"),
            sequence);
    });

    /// <summary>The payload of a <c>hold.placed</c> entry.</summary>
    public static byte[] HoldPlaced(LegalHold hold)
    {
        ArgumentNullException.ThrowIfNull(hold);
        return PayloadCodec.Encode(new HoldPlacedPayload(hold.Id, hold.Reason, hold.Subject, hold.EntryType, hold.From, hold.Until));
    }

    /// <summary>Reads a <c>hold.placed</c> payload; null when unreadable.</summary>
    public static LegalHold? ReadHoldPlaced(ReadOnlySpan<byte> payload) => Read(payload, static (bytes, what) =>
    {
        var read = PayloadCodec.Decode<HoldPlacedPayload>(bytes, what);
        return new LegalHold(Present(read.HoldId, "holdId"), Present(read.Reason, "reason"), read.Subject, read.EntryType, read.From, read.Until);
    });

    /// <summary>The payload of a <c>hold.released</c> entry.</summary>
    public static byte[] HoldReleased(string holdId, string reason) => PayloadCodec.Encode(new HoldReleasedPayload(holdId, reason));

    /// <summary>Reads the hold id of a <c>hold.released</c> payload; null when unreadable.</summary>
    public static string? ReadHoldReleased(ReadOnlySpan<byte> payload) =>
        Read(payload, static (bytes, what) => Present(PayloadCodec.Decode<HoldReleasedPayload>(bytes, what).HoldId, "holdId"));

    /// <summary>The payload of a <c>retention.purged</c> entry.</summary>
    public static byte[] Purged(string policyId, long policySequence, Instant asOf, IReadOnlyList<SequenceRange> ranges)
    {
        ArgumentNullException.ThrowIfNull(ranges);
        return PayloadCodec.Encode(new PurgedPayload(policyId, policySequence, asOf, ranges.Sum(r => r.Count), [.. ranges.Select(r => new PurgedRange(r.First, r.Last))]));
    }

    /// <summary>Reads a purge payload; ranges must be ascending, disjoint, non-negative and add up to <c>count</c>, and <c>policyEntry</c> must be earlier.</summary>
    public static PurgeRecord? ReadPurged(ReadOnlySpan<byte> payload, long sequence, string actor, Instant recordedAt) => Read(payload, (bytes, what) =>
    {
        var read = PayloadCodec.Decode<PurgedPayload>(bytes, what);
        var ranges = new List<SequenceRange>();
        var previousLast = -1L;
        foreach (var pair in Present(read.Ranges, "ranges"))
        {
            var range = new SequenceRange(pair.First, pair.Last);
            if (range.First <= previousLast || range.Last < range.First)
            {
                throw new FormatException("ranges are not ascending and disjoint");
            }

            ranges.Add(range);
            previousLast = range.Last;
        }

        var policyEntry = PresentValue(read.PolicyEntry, "policyEntry");
        if (policyEntry < 0 || policyEntry >= sequence)
        {
            throw new FormatException("policyEntry does not name an earlier entry");
        }

        var record = new PurgeRecord(sequence, Present(read.Policy, "policy"), policyEntry, PresentValue(read.AsOf, "asOf"), ranges, actor, recordedAt);
        return record.Count == PresentValue(read.Count, "count") ? record : throw new FormatException("count does not match the ranges");
    });

    private static RetentionPolicy ToPolicy(PolicySetPayload read)
    {
        var zoneId = Present(read.TimeZone, "timeZone");
        var zone = DateTimeZoneProviders.Tzdb.GetZoneOrNull(zoneId) ?? throw new FormatException($"'timeZone' {zoneId} is not a tz database zone such as America/New_York");
        return new RetentionPolicy(
            Present(read.Id, "id"),
            Strings(read.EntryTypes, "entryTypes"),
            ParsePeriod(Present(read.Period, "period")) ?? throw new FormatException("'period' is not an ISO 8601 period such as P6Y"),
            ParseBasis(Present(read.Basis, "basis")) ?? throw new FormatException("'basis' is neither 'recordedAt' nor 'lastEffective'"),
            Present(read.Category, "category"),
            zone,
            read.EndedBy is null ? [] : Strings(read.EndedBy, "endedBy"));
    }

    // The codec and the checks throw FormatException, the domain types ArgumentException: a reader turns each into null.
    private static T? Read<T>(ReadOnlySpan<byte> payload, Func<ReadOnlySpan<byte>, string, T> read)
        where T : class
    {
        try
        {
            return read(payload, "retention payload");
        }
        catch (Exception ex) when (ex is FormatException or ArgumentException or InvalidOperationException or OverflowException)
        {
            return null;
        }
    }

    private static T Present<T>(T? value, string name)
        where T : class =>
        value ?? throw new FormatException(string.Create(CultureInfo.InvariantCulture, $"'{name}' is missing"));

    private static T PresentValue<T>(T? value, string name)
        where T : struct =>
        value ?? throw new FormatException(string.Create(CultureInfo.InvariantCulture, $"'{name}' is missing"));

    private static string[] Strings(IReadOnlyList<string?>? values, string name) =>
        Present(values, name).Select(v => v ?? throw new FormatException($"'{name}' holds a null")).ToArray();
}
