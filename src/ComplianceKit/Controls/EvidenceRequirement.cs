namespace ComplianceKit.Controls;

/// <summary>One kind of evidence a control needs, and how long a piece of it stays fresh.</summary>
/// <param name="Kind">A lower-case kind, for example <c>risk-assessment</c> or <c>backup-restore-test</c>.</param>
/// <param name="FreshnessDays">Days after its effective date that evidence stays current; <see langword="null"/> when it does not go stale by age (a <c>validUntil</c> still ends it).</param>
public sealed record EvidenceRequirement(string Kind, int? FreshnessDays = null);
