using ComplianceKit.Administration;
using ComplianceKit.Domain;
using ComplianceKit.Baa;
using ComplianceKit.Controls;
using ComplianceKit.Evidence;
using ComplianceKit.Gates;
using ComplianceKit.Projection;
using ComplianceKit.Training;
using NodaTime;

namespace ComplianceKit.Readiness;

/// <summary>
/// The readiness rules, in one place: from a chain's verified, projected state and (for a gate) its evaluated approvals, names
/// every blocker and computes the figure. <see cref="ReadinessEvaluator"/> calls it over a verified ledger; a report over a
/// verified evidence bundle calls it over the bundle's entries, so the two never disagree.
/// </summary>
/// <remarks>Not thread-safe (the query source is not); use one per scope.</remarks>
public sealed class ReadinessAssessor
{
    private readonly IComplianceQueries _queries;
    private readonly ReadinessPolicy _policy;

    /// <summary>Creates an assessor.</summary>
    /// <param name="queries">The projected compliance state, built only from verified entries.</param>
    /// <param name="policy">The readiness policy; <see cref="ReadinessPolicy.Default"/> when null.</param>
    public ReadinessAssessor(IComplianceQueries queries, ReadinessPolicy? policy = null)
    {
        ArgumentNullException.ThrowIfNull(queries);
        _queries = queries;
        _policy = policy ?? ReadinessPolicy.Default;
    }

    /// <summary>
    /// Assesses readiness. Blockers come in this order: approvals, controls (in the gate's order, or by id), agreements, training.
    /// The figure is the mean of the percentages that apply (controls, approvals, agreements, training), rounded to one decimal.
    /// </summary>
    public async Task<ReadinessReport> AssessAsync(ReadinessInputs inputs, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        var (chainId, gate, at, check) = (inputs.ChainId, inputs.Gate, inputs.At, inputs.Controls);
        var blockers = new List<ReadinessBlocker>();
        var warnings = new List<string>();
        decimal? approvals = gate is null ? null : Approvals(gate, inputs.Approvals, blockers);

        var requirements = new List<RequirementStatus>();
        foreach (var requirement in gate?.Requirements ?? [])
        {
            requirements.Add(new RequirementStatus(requirement, await check.CheckRequirementAsync(requirement, at, cancellationToken).ConfigureAwait(false)));
        }

        var controls = await ControlsAsync(check, gate, requirements, at, blockers, warnings, cancellationToken).ConfigureAwait(false);
        var agreements = await AgreementsAsync(chainId, at, blockers, warnings, cancellationToken).ConfigureAwait(false);
        var training = await TrainingAsync(chainId, at, blockers, warnings, cancellationToken).ConfigureAwait(false);
        decimal?[] parts = [controls.Percent, approvals, agreements.Percent, training.Percent];
        var present = parts.Where(p => p is not null).Select(p => p!.Value).ToList();
        decimal? figure = present.Count == 0 ? null : Math.Round(present.Average(), 1, MidpointRounding.AwayFromZero);
        var import = inputs.Import;
        return new ReadinessReport
        {
            ChainId = chainId,
            Gate = gate,
            At = at,
            LedgerSize = inputs.LedgerSize,
            Controls = controls,
            Agreements = agreements,
            Training = training,
            GateEvaluation = inputs.Approvals,
            ApprovalsPercent = approvals,
            ReadinessPercent = figure,
            Blockers = blockers,
            Warnings = warnings,
            ProjectionIssues = await _queries.GetIssuesAsync(chainId, cancellationToken).ConfigureAwait(false),
            Requirements = requirements,
            Claims = import is null ? null : new ClaimContrast(import.SourceName, import.DeclaredClaims, DomainText.Percent(import.CheckedCount, import.ItemCount), figure,
                import.HeadlineClaim),
        };
    }

    private static decimal? Approvals(GateDefinition gate, GateEvaluation? evaluation, List<ReadinessBlocker> blockers)
    {
        var satisfied = 0;
        if (evaluation is null)
        {
            foreach (var blocker in GateDecision.WithoutTrustAnchors(gate))
            {
                blockers.Add(new ReadinessBlocker(ReadinessBlockerKind.Approval, $"role:{blocker.Role}", blocker.Message));
            }
        }
        else
        {
            satisfied = evaluation.SatisfiedRoles.Count;

            // Control blockers come from the control assessment below, with the same rule and more detail.
            foreach (var blocker in evaluation.Blockers.Where(b => b.Kind is not (GateBlockerKind.ControlEvidenceMissing or GateBlockerKind.RequirementUnmet)))
            {
                blockers.Add(new ReadinessBlocker(ReadinessBlockerKind.Approval, blocker.Role is null ? gate.Subject.ToString() : $"role:{blocker.Role}", blocker.Message, blocker));
            }
        }

        return gate.RequiredRoles.Count == 0 ? null : DomainText.Percent(satisfied, gate.RequiredRoles.Count);
    }

    private static async Task<ControlReadiness> ControlsAsync(ControlEvidenceGateCheck check, GateDefinition? gate, List<RequirementStatus> requirements, Instant at,
        List<ReadinessBlocker> blockers, List<string> warnings, CancellationToken cancellationToken)
    {
        var all = await check.EvaluateAsync(at, cancellationToken).ConfigureAwait(false);
        var bound = requirements.ToDictionary(r => r.Requirement.Control, StringComparer.Ordinal);

        // A control bound to programme records is satisfied by them alone; a tick on it never counts.
        bool Satisfied(ControlEvidenceStatus s) => bound.TryGetValue(s.Control.ControlId, out var r) ? r.IsSatisfied : s.IsSatisfied;
        List<ControlEvidenceStatus> scope;
        Func<ControlEvidenceStatus, bool> blocks;
        if (gate is not null && (gate.RequiredControls.Count > 0 || gate.OptionalControls is { Count: > 0 }))
        {
            var required = gate.RequiredControls.ToHashSet(StringComparer.Ordinal);
            var ids = gate.RequiredControls.Concat(gate.OptionalControls ?? []).Distinct(StringComparer.Ordinal).ToList();
            foreach (var undefined in ids.Where(id => !all.ContainsKey(id)))
            {
                blockers.Add(new ReadinessBlocker(ReadinessBlockerKind.ControlUndefined, $"control:{undefined}", $"The gate requires control {undefined}, which is not defined."));
            }

            scope = ids.Where(all.ContainsKey).Select(id => all[id]).ToList();
            blocks = s => !Satisfied(s) && required.Contains(s.Control.ControlId);
        }
        else
        {
            scope = all.Values.Where(s => s.Control.RetiredSequence is null).OrderBy(s => s.Control.ControlId, StringComparer.Ordinal).ToList();
            blocks = s => !s.IsSatisfied && s.Control.Criticality >= ControlCriticality.Important;
        }

        foreach (var status in scope.Where(blocks))
        {
            blockers.Add(bound.TryGetValue(status.Control.ControlId, out var requirement)
                ? new ReadinessBlocker(ReadinessBlockerKind.RequirementUnmet, $"control:{status.Control.ControlId}", $"{Describe(status.Control)}: {requirement.Problem}.")
                : new ReadinessBlocker(ReadinessBlockerKind.ControlEvidence, $"control:{status.Control.ControlId}", $"{Describe(status.Control)}: {status.Problem}."));
        }

        foreach (var status in scope.Where(s => s.IsSatisfied && s.Status == EvidenceStatus.Expiring && !bound.ContainsKey(s.Control.ControlId)))
        {
            warnings.Add($"Control {status.Control.ControlId} {Describe(status.Control)}: evidence expires {DomainText.Show(status.ValidUntil)}.");
        }

        var selfAttested = scope.Count(s => s.IsSatisfied && !s.SatisfiedByDecision && s.Assurance == EvidenceAssurance.SelfAttested && !bound.ContainsKey(s.Control.ControlId));
        if (selfAttested > 0)
        {
            warnings.Add($"{selfAttested} control(s) rest only on self-attested, unsigned evidence (ticked boxes); attach documents to strengthen them.");
        }

        var summaries = Enum.GetValues<ControlCriticality>().Reverse().Select(c =>
        {
            var of = scope.Where(s => s.Control.Criticality == c).ToList();
            var byEvidence = of.Where(s => !s.SatisfiedByDecision).ToList();
            return new CriticalitySummary(c, of.Count, of.Count(Satisfied),
                byEvidence.Count(s => s.Status == EvidenceStatus.Current), byEvidence.Count(s => s.Status == EvidenceStatus.Expiring),
                byEvidence.Count(s => s.Status == EvidenceStatus.Expired), byEvidence.Count(s => s.Status == EvidenceStatus.Missing),
                byEvidence.Count(s => s.Assurance == EvidenceAssurance.SelfAttested), of.Count - byEvidence.Count);
        }).ToList();
        return new ControlReadiness(ReadinessFigures.WeightedControlsPercent(scope.Select(s => (s.Control.Criticality, Satisfied(s)))), summaries, scope);
    }

    private async Task<AgreementReadiness> AgreementsAsync(string chainId, Instant at, List<ReadinessBlocker> blockers, List<string> warnings, CancellationToken cancellationToken)
    {
        var phiVendors = await _queries.ListAsync(new VendorsHandlingPhiSpec(chainId, at), cancellationToken).ConfigureAwait(false);
        var without = await _queries.ListAsync(new VendorsWithoutActiveBaaSpec(chainId, at), cancellationToken).ConfigureAwait(false);
        var inForce = await _queries.ListAsync(new BaasInForceSpec(chainId, at), cancellationToken).ConfigureAwait(false);
        var ended = await _queries.ListAsync(new TerminatedBaasWithoutDispositionSpec(chainId, at), cancellationToken).ConfigureAwait(false);
        var expiring = await _queries.ListAsync(new BaasExpiringBeforeSpec(chainId, at, at + _policy.ExpiringWithin), cancellationToken).ConfigureAwait(false);

        foreach (var vendor in without)
        {
            blockers.Add(new ReadinessBlocker(ReadinessBlockerKind.AgreementMissing, $"vendor:{vendor.VendorId}",
                $"{vendor.Name} handles PHI without a business associate agreement in force (45 CFR 164.308(b), 164.502(e))."));
        }

        var complete = new HashSet<string>(StringComparer.Ordinal);
        foreach (var agreement in inForce)
        {
            var missing = BaaRequiredClauses.MissingFrom(agreement.Clauses);
            if (missing.Count == 0)
            {
                complete.Add(agreement.VendorId);
                continue;
            }

            blockers.Add(new ReadinessBlocker(ReadinessBlockerKind.AgreementClausesMissing, $"baa:{agreement.BaaId}",
                $"The agreement with {agreement.VendorId} lacks {missing.Count} required clause(s): {string.Join(", ", missing.Select(c => $"{c.Id} ({c.Citation})"))}."));
        }

        foreach (var agreement in ended)
        {
            blockers.Add(new ReadinessBlocker(ReadinessBlockerKind.PhiDispositionMissing, $"baa:{agreement.BaaId}",
                $"The agreement with {agreement.VendorId} ended ({(agreement.TerminatedAt is { } t ? $"terminated {DomainText.Show(t)}" : $"expired {DomainText.Show(agreement.ExpiresAt)}")}) with no evidence that its PHI was returned or destroyed (45 CFR 164.504(e)(2)(ii)(J))."));
        }

        foreach (var agreement in expiring)
        {
            warnings.Add($"The agreement {agreement.BaaId} with {agreement.VendorId} expires {DomainText.Show(agreement.ExpiresAt)} and does not renew automatically.");
        }

        var covered = phiVendors.Count(v => complete.Contains(v.VendorId));
        return new AgreementReadiness(phiVendors.Count == 0 ? null : DomainText.Percent(covered, phiVendors.Count), phiVendors.Count, covered, without, expiring);
    }

    private async Task<TrainingReadiness> TrainingAsync(string chainId, Instant at, List<ReadinessBlocker> blockers, List<string> warnings, CancellationToken cancellationToken)
    {
        var members = await _queries.CountAsync(new ActiveWorkforceSpec(chainId, at), cancellationToken).ConfigureAwait(false);
        var overdue = await _queries.ListAsync(new TrainingOverdueSpec(chainId, at), cancellationToken).ConfigureAwait(false);
        var expired = await _queries.ListAsync(new TrainingExpiredSpec(chainId, at), cancellationToken).ConfigureAwait(false);
        var expiring = await _queries.ListAsync(new TrainingExpiringBeforeSpec(chainId, at, at + _policy.ExpiringWithin), cancellationToken).ConfigureAwait(false);
        var neverTrained = await _queries.ListAsync(new WorkforceNeverTrainedSpec(chainId, at), cancellationToken).ConfigureAwait(false);
        var unassigned = await _queries.ListAsync(new WorkforceUntrainedUnassignedSpec(chainId, at), cancellationToken).ConfigureAwait(false);

        foreach (var record in overdue)
        {
            blockers.Add(new ReadinessBlocker(ReadinessBlockerKind.TrainingOverdue, $"person:{record.PersonId}",
                $"{record.CourseId} {record.ContentVersion} was due {DomainText.Show(record.DueAt)} and is not completed (45 CFR 164.308(a)(5))."));
        }

        foreach (var record in expired)
        {
            blockers.Add(new ReadinessBlocker(ReadinessBlockerKind.TrainingExpired, $"person:{record.PersonId}",
                $"{record.CourseId} completed {DomainText.Show(record.CompletedAt)} expired {DomainText.Show(record.ExpiresAt)} and was not retaken."));
        }

        foreach (var member in unassigned)
        {
            blockers.Add(new ReadinessBlocker(ReadinessBlockerKind.TrainingNeverAssigned, $"person:{member.PersonId}",
                $"{member.Role ?? "workforce member"} since {DomainText.Show(member.JoinedAt)}: never trained, and no training is assigned."));
        }

        if (expiring.Count > 0)
        {
            warnings.Add($"{expiring.Count} training completion(s) expire within {_policy.ExpiringWithin.Days} days.");
        }

        var blocked = overdue.Select(t => t.PersonId).Concat(unassigned.Select(m => m.PersonId)).ToHashSet(StringComparer.Ordinal);
        var pending = neverTrained.Count(m => !blocked.Contains(m.PersonId));
        if (pending > 0)
        {
            warnings.Add($"{pending} workforce member(s) are not trained yet: their training is assigned and not yet due, or waived.");
        }

        var uncovered = overdue.Select(t => t.PersonId).Concat(expired.Select(t => t.PersonId)).Concat(unassigned.Select(m => m.PersonId))
            .Distinct(StringComparer.Ordinal).Count();
        var covered = Math.Max(0, members - uncovered);
        return new TrainingReadiness(members == 0 ? null : DomainText.Percent(covered, members), members, covered, overdue, expired, expiring, neverTrained);
    }

    private static string Describe(ControlRecord control) =>
        control.FrameworkReference is null ? control.Title : $"{control.Title} ({control.FrameworkReference})";
}
