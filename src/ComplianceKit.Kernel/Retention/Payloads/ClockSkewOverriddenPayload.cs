using System.Text.Json.Serialization;
using NodaTime;

namespace ComplianceKit.Retention.Payloads;

/// <summary>The payload of a <c>retention.clock-skew.overridden</c> entry (docs/FORMAT.md, "Retention"); written, never read back.</summary>
[JsonNumberHandling(JsonNumberHandling.Strict)]
internal sealed record ClockSkewOverriddenPayload(Instant Now, Instant NewestRecordedAt, long MaxSkewSeconds, string Reason, string DecidedBy);
