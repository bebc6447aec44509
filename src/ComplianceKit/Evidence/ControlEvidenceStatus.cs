using ComplianceKit.Domain;
using ComplianceKit.Controls;
using NodaTime;

namespace ComplianceKit.Evidence;

/// <summary>
/// A control's evidence at an instant: the worst status over its evidence requirements, the weakest assurance
/// of the evidence chosen, and whether that satisfies the control.
/// </summary>
public sealed record ControlEvidenceStatus
{
    /// <summary>The control.</summary>
    public required ControlRecord Control { get; init; }

    /// <summary>The worst status over the control's requirements.</summary>
    public required EvidenceStatus Status { get; init; }

    /// <summary>The weakest assurance of the evidence chosen; <see langword="null"/> when any requirement is missing.</summary>
    public EvidenceAssurance? Assurance { get; init; }

    /// <summary>The assurance the control needs (by criticality).</summary>
    public required EvidenceAssurance MinimumAssurance { get; init; }

    /// <summary>The earliest instant any chosen evidence stops counting; <see langword="null"/> when open-ended.</summary>
    public Instant? ValidUntil { get; init; }

    /// <summary>One line per requirement.</summary>
    public required IReadOnlyList<RequirementEvidenceStatus> Requirements { get; init; }

    /// <summary>Signed evidence whose signature did not verify, and why; it was not counted.</summary>
    public IReadOnlyList<string> RejectedEvidence { get; init; } = [];

    /// <summary>
    /// Whether an addressable control carries a documented decision that neither it nor an alternative is
    /// reasonable and appropriate: the rationale stands in for evidence.
    /// </summary>
    public bool SatisfiedByDecision { get; init; }

    /// <summary>Whether the control is satisfied: current (or expiring) evidence at the minimum assurance, or a documented decision.</summary>
    public bool IsSatisfied => SatisfiedByDecision || (Status <= EvidenceStatus.Expiring && Assurance >= MinimumAssurance);

    /// <summary>Why the control is not satisfied, in one sentence; <see langword="null"/> when it is.</summary>
    public string? Problem
    {
        get
        {
            if (IsSatisfied)
            {
                return null;
            }

            var missing = Requirements.Where(r => r.Status >= EvidenceStatus.Expired).ToList();
            if (missing.Count > 0)
            {
                var parts = missing.Select(r => r.Status == EvidenceStatus.Missing
                    ? $"no {r.Kind ?? "evidence"} in force"
                    : $"{r.Kind ?? "evidence"} expired {DomainText.Show(r.ValidUntil)}");
                var rejected = RejectedEvidence.Count > 0 ? $" ({RejectedEvidence.Count} signed piece(s) rejected: {string.Join("; ", RejectedEvidence)})" : "";
                return string.Join(", ", parts) + rejected;
            }

            return $"evidence is only {Describe(Assurance)}; a {Control.Criticality.ToString().ToLowerInvariant()} control needs {Describe(MinimumAssurance)} evidence";
        }
    }

    private static string Describe(EvidenceAssurance? assurance) => assurance switch
    {
        EvidenceAssurance.SelfAttested => "self-attested (unsigned)",
        EvidenceAssurance.Documented => "documented (artifact digest, unsigned)",
        EvidenceAssurance.SignedArtifact => "signed",
        _ => "missing",
    };
}
