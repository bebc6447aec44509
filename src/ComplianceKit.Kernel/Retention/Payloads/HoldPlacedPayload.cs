using NodaTime;

namespace ComplianceKit.Retention.Payloads;

/// <summary>The payload of a <c>hold.placed</c> entry (docs/FORMAT.md, "Retention"): the optional scope members are left out when absent.</summary>
internal sealed record HoldPlacedPayload(string? HoldId, string? Reason, string? Subject, string? EntryType, Instant? From, Instant? Until);
