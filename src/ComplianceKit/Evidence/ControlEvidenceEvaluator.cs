using ComplianceKit.Controls;
using NodaTime;

namespace ComplianceKit.Evidence;

/// <summary>
/// Computes a control's evidence status at an instant, pure. Evidence is in force at <c>at</c> when it was
/// recorded by then, its effective instant has come, and it was not withdrawn by then. It stops counting at the
/// earlier of its valid-until and its effective instant plus the requirement's freshness. Per requirement, the
/// best piece in force is chosen: one meeting the minimum assurance first, then the least severe status, the
/// strongest assurance and the latest end.
/// </summary>
public static class ControlEvidenceEvaluator
{
    /// <summary>Evaluates one control.</summary>
    /// <param name="control">The control.</param>
    /// <param name="requirements">Its evidence requirements; empty means any kind, without an age limit.</param>
    /// <param name="evidence">Evidence attached to it (others are ignored).</param>
    /// <param name="at">The instant of evaluation.</param>
    /// <param name="expiringWithin">Evidence ending within this window from <paramref name="at"/> is <see cref="EvidenceStatus.Expiring"/>.</param>
    /// <param name="minimumAssurance">The assurance the control needs.</param>
    /// <param name="signatures">Checks signed evidence; without it, signed evidence counts as documented.</param>
    public static ControlEvidenceStatus Evaluate(ControlRecord control, IReadOnlyList<ControlEvidenceRequirementRecord> requirements,
        IEnumerable<EvidenceRecord> evidence, Instant at, Duration expiringWithin, EvidenceAssurance minimumAssurance, EvidenceSignatureCheck? signatures = null)
    {
        ArgumentNullException.ThrowIfNull(control);
        ArgumentNullException.ThrowIfNull(requirements);
        ArgumentNullException.ThrowIfNull(evidence);
        var rejected = new List<string>();
        var inForce = new List<(EvidenceRecord Evidence, EvidenceAssurance Assurance)>();
        foreach (var piece in evidence)
        {
            if (piece.ControlId != control.ControlId || piece.ChainId != control.ChainId || !IsInForce(piece, at))
            {
                continue;
            }

            var assurance = piece.Assurance;
            if (assurance == EvidenceAssurance.SignedArtifact)
            {
                if (signatures is null)
                {
                    assurance = EvidenceAssurance.Documented;
                }
                else if (signatures.Problem(piece) is { } problem)
                {
                    rejected.Add(problem);
                    continue;
                }
            }

            inForce.Add((piece, assurance));
        }

        var lines = requirements.Count == 0
            ? [Best(null, null, inForce, at, expiringWithin, minimumAssurance)]
            : requirements.Select(r => Best(r.Kind, r.FreshnessDays, inForce, at, expiringWithin, minimumAssurance)).ToList();
        var missing = lines.Any(l => l.Evidence is null);
        return new ControlEvidenceStatus
        {
            Control = control,
            Status = lines.Max(l => l.Status),
            Assurance = missing ? null : lines.Min(l => l.Assurance),
            MinimumAssurance = minimumAssurance,
            ValidUntil = lines.Where(l => l.ValidUntil is not null).Select(l => l.ValidUntil).Min(),
            Requirements = lines,
            RejectedEvidence = rejected,
            SatisfiedByDecision = control.Requirement == ImplementationRequirement.Addressable
                && control.DecisionOutcome == AddressableOutcome.NotReasonableAndAppropriate
                && control.DecidedAt <= at,
        };
    }

    /// <summary>Whether <paramref name="evidence"/> is in force at <paramref name="at"/>, whatever its age.</summary>
    public static bool IsInForce(EvidenceRecord evidence, Instant at)
    {
        ArgumentNullException.ThrowIfNull(evidence);
        return evidence.RecordedAt <= at && evidence.EffectiveAt <= at && (evidence.WithdrawnAt is null || evidence.WithdrawnAt > at);
    }

    /// <summary>When a piece of evidence stops counting under a freshness period: the earlier of its valid-until and effective instant plus freshness.</summary>
    public static Instant? EndOf(EvidenceRecord evidence, int? freshnessDays)
    {
        ArgumentNullException.ThrowIfNull(evidence);
        Instant? stale = freshnessDays is { } days ? evidence.EffectiveAt + Duration.FromDays(days) : null;
        return (evidence.ValidUntil, stale) switch
        {
            ({ } until, { } age) => until < age ? until : age,
            ({ } until, null) => until,
            (null, var age) => age,
        };
    }

    private static RequirementEvidenceStatus Best(string? kind, int? freshnessDays, List<(EvidenceRecord Evidence, EvidenceAssurance Assurance)> inForce,
        Instant at, Duration expiringWithin, EvidenceAssurance minimumAssurance)
    {
        RequirementEvidenceStatus? best = null;
        foreach (var (piece, assurance) in inForce)
        {
            if (kind is not null && piece.Kind != kind)
            {
                continue;
            }

            var end = EndOf(piece, freshnessDays);
            var status = end is null || end > at + expiringWithin ? EvidenceStatus.Current
                : end > at ? EvidenceStatus.Expiring
                : EvidenceStatus.Expired;
            var candidate = new RequirementEvidenceStatus(kind, status, piece, assurance, end);
            if (best is null || Better(candidate, best, minimumAssurance))
            {
                best = candidate;
            }
        }

        return best ?? new RequirementEvidenceStatus(kind, EvidenceStatus.Missing, null, null, null);
    }

    private static bool Better(RequirementEvidenceStatus a, RequirementEvidenceStatus b, EvidenceAssurance minimum)
    {
        var aMeets = a.Assurance >= minimum && a.Status <= EvidenceStatus.Expiring;
        var bMeets = b.Assurance >= minimum && b.Status <= EvidenceStatus.Expiring;
        if (aMeets != bMeets)
        {
            return aMeets;
        }

        if (a.Status != b.Status)
        {
            return a.Status < b.Status;
        }

        if (a.Assurance != b.Assurance)
        {
            return a.Assurance > b.Assurance;
        }

        return (a.ValidUntil ?? Instant.MaxValue) > (b.ValidUntil ?? Instant.MaxValue);
    }
}
