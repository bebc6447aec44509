using ComplianceKit.Domain;
using ComplianceKit.Controls;

namespace ComplianceKit.Readiness;

/// <summary>The arithmetic of readiness figures, in one place for every report that shows one.</summary>
public static class ReadinessFigures
{
    /// <summary>
    /// Satisfied controls weighted by criticality (critical 3, important 2, optional 1) as a percentage rounded to one decimal;
    /// <see langword="null"/> when there is no control.
    /// </summary>
    public static decimal? WeightedControlsPercent(IEnumerable<(ControlCriticality Criticality, bool Satisfied)> controls)
    {
        ArgumentNullException.ThrowIfNull(controls);
        var weight = 0;
        var earned = 0;
        foreach (var (criticality, satisfied) in controls)
        {
            weight += Weight(criticality);
            earned += satisfied ? Weight(criticality) : 0;
        }

        return weight == 0 ? null : DomainText.Percent(earned, weight);
    }

    /// <summary>A percentage rounded to one decimal (midpoint away from zero), 100 for an empty denominator: every figure a report shows.</summary>
    public static decimal Percent(decimal part, decimal whole) => DomainText.Percent(part, whole);

    private static int Weight(ControlCriticality criticality) => (int)criticality + 1;
}
