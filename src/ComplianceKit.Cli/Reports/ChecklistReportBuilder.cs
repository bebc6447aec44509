using ComplianceKit.Domain;
using ComplianceKit.Controls;
using ComplianceKit.Gates;
using ComplianceKit.Import;
using ComplianceKit.Readiness;
using NodaTime;

namespace ComplianceKit.Cli.Reports;

/// <summary>
/// The checklist gates a bundle holds, evaluated from the bundle's own entries: control evidence through
/// <see cref="ControlEvidenceGateCheck"/> and bound controls through <see cref="GateRequirementCheck"/> (without a ledger, so the
/// access trail cannot be shown from a bundle), the figure through <see cref="ReadinessFigures"/>: the same rules readiness uses.
/// </summary>
internal static class ChecklistReportBuilder
{
    public static async Task<IReadOnlyList<ChecklistReport>> BuildAsync(ReportCollector collector, Instant at, CancellationToken cancellationToken)
    {
        if (collector.ChainId is not { } chainId || collector.Gates.Count == 0)
        {
            return [];
        }

        var snapshot = collector.CompleteProjection();
        var check = new ControlEvidenceGateCheck(snapshot, chainId);
        var statuses = await check.EvaluateAsync(at, cancellationToken).ConfigureAwait(false);
        var reports = new List<ChecklistReport>();
        foreach (var gate in collector.Gates.Values.OrderBy(g => g.Id, StringComparer.Ordinal))
        {
            if (!collector.Imports.TryGetValue(gate.ReleaseGate ?? gate.Id, out var import))
            {
                continue;
            }

            var optional = (gate.OptionalControls ?? []).ToHashSet(StringComparer.Ordinal);
            var items = new List<ChecklistReport.Item>();
            var figures = new List<(ControlCriticality, bool)>();
            foreach (var id in gate.RequiredControls.Concat(gate.OptionalControls ?? []))
            {
                var status = statuses.GetValueOrDefault(id);
                var requirement = gate.RequirementFor(id);
                var problem = requirement is not null
                    ? await check.CheckRequirementAsync(requirement, at, cancellationToken).ConfigureAwait(false)
                    : status is null ? "not defined in this bundle" : status.IsSatisfied ? null : status.Problem;
                var criticality = status?.Control.Criticality ?? ControlCriticality.Important;
                figures.Add((criticality, problem is null));
                items.Add(new ChecklistReport.Item(id, status?.Control.Title ?? id, criticality.ToString(), optional.Contains(id) ? "optional" : "required",
                    requirement?.Kind.ToString(), problem is null, problem));
            }

            reports.Add(new ChecklistReport(gate.Id, gate.Title, (gate.Phase ?? GatePhase.Release).ToString(), import.SourceName, import.HeadlineClaim,
                ReadinessFigures.Percent(import.CheckedCount, Math.Max(1, import.ItemCount)), ReadinessFigures.WeightedControlsPercent(figures), items));
        }

        return reports;
    }
}
