using Ardalis.Specification;
using NodaTime;

namespace ComplianceKit.Evidence;

/// <summary>Self-attested (unsigned, artifact-free) evidence in force at an instant: the weakest evidence a reviewer should look at first.</summary>
public sealed class SelfAttestedEvidenceSpec : Specification<EvidenceRecord>
{
    /// <summary>Selects self-attested evidence of <paramref name="chainId"/> in force at <paramref name="at"/>.</summary>
    public SelfAttestedEvidenceSpec(string chainId, Instant at) =>
        Query.Where(e => e.ChainId == chainId && e.Assurance == EvidenceAssurance.SelfAttested
                && e.RecordedAt <= at && e.EffectiveAt <= at && (e.WithdrawnAt == null || e.WithdrawnAt > at))
            .OrderBy(e => e.ControlId);
}
