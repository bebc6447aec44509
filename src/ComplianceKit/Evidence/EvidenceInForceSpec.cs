using Ardalis.Specification;
using NodaTime;

namespace ComplianceKit.Evidence;

/// <summary>
/// Evidence in force at an instant, whatever its age: recorded and effective by then, not withdrawn by then
/// (the rule of <see cref="ControlEvidenceEvaluator.IsInForce"/>), by control and sequence.
/// </summary>
public sealed class EvidenceInForceSpec : Specification<EvidenceRecord>
{
    /// <summary>Selects the evidence of <paramref name="chainId"/> in force at <paramref name="at"/>.</summary>
    public EvidenceInForceSpec(string chainId, Instant at) =>
        Query.Where(e => e.ChainId == chainId && e.RecordedAt <= at && e.EffectiveAt <= at && (e.WithdrawnAt == null || e.WithdrawnAt > at))
            .OrderBy(e => e.ControlId).ThenBy(e => e.Sequence);
}
