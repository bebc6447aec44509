namespace ComplianceKit.Retention.Payloads;

/// <summary>The payload of a <c>hold.released</c> entry (docs/FORMAT.md, "Retention").</summary>
internal sealed record HoldReleasedPayload(string? HoldId, string? Reason);
