using ComplianceKit.Controls;
using ComplianceKit.Evidence;
using NodaTime;

namespace ComplianceKit.Readiness;

/// <summary>The knobs of readiness: the warning window, and how strong evidence must be by criticality.</summary>
public sealed record ReadinessPolicy
{
    /// <summary>The default policy: a 30-day window; critical controls need documented evidence, the others at least a self-attested tick.</summary>
    public static ReadinessPolicy Default { get; } = new();

    /// <summary>Evidence, agreements and training ending within this window from the instant are reported as expiring.</summary>
    public Duration ExpiringWithin { get; init; } = Duration.FromDays(30);

    /// <summary>How far back from the instant an access event must have occurred for the access trail to satisfy a gate (default 30 days).</summary>
    public Duration AccessTrailPeriod { get; init; } = Duration.FromDays(30);

    /// <summary>The assurance a critical control's evidence needs (default: documented, that is an artifact digest).</summary>
    public EvidenceAssurance CriticalControlsNeed { get; init; } = EvidenceAssurance.Documented;

    /// <summary>The assurance an important or optional control's evidence needs (default: self-attested is enough).</summary>
    public EvidenceAssurance OtherControlsNeed { get; init; } = EvidenceAssurance.SelfAttested;

    /// <summary>The assurance a control of <paramref name="criticality"/> needs.</summary>
    public EvidenceAssurance MinimumAssurance(ControlCriticality criticality) =>
        criticality == ControlCriticality.Critical ? CriticalControlsNeed : OtherControlsNeed;
}
