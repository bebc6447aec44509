namespace ComplianceKit.Retention.Payloads;

/// <summary>
/// The payload of a <c>retention.policy.set</c> entry (docs/FORMAT.md, "Retention"). Members are nullable so a reader can
/// say which one is missing; <see cref="RetentionPayloads"/> writes every member and checks them on reading.
/// </summary>
internal sealed record PolicySetPayload(
    string? Id, IReadOnlyList<string?>? EntryTypes, string? Period, string? Basis, string? Category, string? TimeZone, IReadOnlyList<string?>? EndedBy);
