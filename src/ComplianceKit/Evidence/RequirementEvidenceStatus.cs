using NodaTime;

namespace ComplianceKit.Evidence;

/// <summary>The best evidence for one evidence requirement of a control at an instant.</summary>
/// <param name="Kind">The required kind, or <see langword="null"/> when the control accepts any kind.</param>
/// <param name="Status">Current, expiring, expired or missing.</param>
/// <param name="Evidence">The evidence chosen, or <see langword="null"/> when missing.</param>
/// <param name="Assurance">The chosen evidence's assurance after signature checks.</param>
/// <param name="ValidUntil">When the chosen evidence stops counting; <see langword="null"/> when open-ended or missing.</param>
public sealed record RequirementEvidenceStatus(string? Kind, EvidenceStatus Status, EvidenceRecord? Evidence, EvidenceAssurance? Assurance, Instant? ValidUntil);
