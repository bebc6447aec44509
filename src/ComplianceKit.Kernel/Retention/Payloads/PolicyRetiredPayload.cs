namespace ComplianceKit.Retention.Payloads;

/// <summary>The payload of a <c>retention.policy.retired</c> entry (docs/FORMAT.md, "Retention").</summary>
internal sealed record PolicyRetiredPayload(string? Policy, string? Reason);
