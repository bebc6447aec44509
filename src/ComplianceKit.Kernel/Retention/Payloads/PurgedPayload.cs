using System.Text.Json.Serialization;
using NodaTime;

namespace ComplianceKit.Retention.Payloads;

/// <summary>
/// The payload of a <c>retention.purged</c> entry (docs/FORMAT.md, section 9): ranges as <c>[first, last]</c> pairs. Numbers
/// must be JSON numbers (a verifier following FORMAT.md refuses <c>"3"</c>, so this reader does too).
/// </summary>
[JsonNumberHandling(JsonNumberHandling.Strict)]
internal sealed record PurgedPayload(string? Policy, long? PolicyEntry, Instant? AsOf, long? Count, IReadOnlyList<PurgedRange>? Ranges);
