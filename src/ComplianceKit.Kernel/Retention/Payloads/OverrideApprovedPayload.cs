namespace ComplianceKit.Retention.Payloads;

/// <summary>The payload of a <c>retention.override.approved</c> entry (docs/FORMAT.md, "Retention"): periods as ISO 8601 text.</summary>
internal sealed record OverrideApprovedPayload(string? Policy, string? Category, string? Period, string? Minimum, string? Reason, string? DecidedBy);
