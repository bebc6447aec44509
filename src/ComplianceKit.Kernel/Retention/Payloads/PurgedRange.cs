using System.Text.Json.Serialization;

namespace ComplianceKit.Retention.Payloads;

/// <summary>One <c>[first, last]</c> pair of a purge payload's <c>ranges</c>, as written (unchecked: the reader checks order).</summary>
[JsonConverter(typeof(PurgedRangeJsonConverter))]
internal readonly record struct PurgedRange(long First, long Last);
