using ComplianceKit.Controls;

namespace ComplianceKit.Readiness;

/// <summary>
/// The controls in scope of one criticality, counted by evidence status. Controls satisfied by a documented decision are
/// counted apart, so <c>Current + Expiring + Expired + Missing + DecidedNotApplicable = Total</c>.
/// </summary>
/// <param name="Criticality">The criticality.</param>
/// <param name="Total">Controls in scope.</param>
/// <param name="Satisfied">Satisfied: current evidence of the needed assurance, or a documented decision.</param>
/// <param name="Current">With current evidence (any assurance).</param>
/// <param name="Expiring">With evidence ending within the window.</param>
/// <param name="Expired">Whose best evidence has ended.</param>
/// <param name="Missing">Without evidence in force.</param>
/// <param name="SelfAttestedOnly">Resting only on self-attested (unsigned) evidence.</param>
/// <param name="DecidedNotApplicable">Addressable controls satisfied by a documented decision.</param>
public sealed record CriticalitySummary(ControlCriticality Criticality, int Total, int Satisfied, int Current, int Expiring, int Expired, int Missing,
    int SelfAttestedOnly, int DecidedNotApplicable);
