using ComplianceKit.Domain;
using ComplianceKit.Administration;
using ComplianceKit.Baa;
using ComplianceKit.Controls;
using ComplianceKit.Evidence;
using ComplianceKit.Gates;
using ComplianceKit.Import;
using ComplianceKit.Ledger;
using ComplianceKit.Projection;
using ComplianceKit.Signing;
using ComplianceKit.Training;
using ComplianceKit.Verification;
using NodaTime;

namespace ComplianceKit.Readiness;

/// <summary>
/// Assesses readiness at an instant from evidence: the controls in scope (a gate's required controls, or every active
/// control) with their evidence status, vendors handling PHI and their agreements, workforce training, and for a gate
/// its signed approvals through <see cref="GateEvaluator"/>. Every blocker is named; the figure is computed, never declared.
/// </summary>
/// <remarks>Not thread-safe (it holds a ledger and a query source, which are not); use one per scope.</remarks>
public sealed class ReadinessEvaluator
{
    private static readonly string[] ImportTypes = [ChecklistImportSummary.EntryType];
    private readonly IComplianceLedger _ledger;
    private readonly IComplianceQueries _queries;
    private readonly AdministrationTrust _administration;
    private readonly CmsSignatureVerifier? _verifier;
    private readonly ReadinessPolicy _policy;

    /// <summary>Creates an evaluator.</summary>
    /// <param name="ledger">The ledger holding gates, imports, role grants and approvals.</param>
    /// <param name="queries">The projected compliance state (database, or a snapshot from <see cref="VerifiedProjection"/>).</param>
    /// <param name="administration">Whose gate definitions and role grants count (<see cref="AdministrativeState"/>).</param>
    /// <param name="verifier">The verifier over the organisation's trust anchors; without it approvals cannot be verified
    /// (every required role blocks) and signed evidence counts only as documented.</param>
    /// <param name="policy">The readiness policy; <see cref="ReadinessPolicy.Default"/> when null.</param>
    public ReadinessEvaluator(IComplianceLedger ledger, IComplianceQueries queries, AdministrationTrust administration, CmsSignatureVerifier? verifier = null, ReadinessPolicy? policy = null)
    {
        ArgumentNullException.ThrowIfNull(ledger);
        ArgumentNullException.ThrowIfNull(queries);
        ArgumentNullException.ThrowIfNull(administration);
        _ledger = ledger;
        _queries = queries;
        _administration = administration;
        _verifier = verifier;
        _policy = policy ?? ReadinessPolicy.Default;
    }

    /// <summary>
    /// Assesses readiness of <paramref name="gateId"/> (or of the whole programme when null) at <paramref name="at"/>. Blockers come
    /// in this order: approvals, controls (in the gate's order, or by id), agreements, training.
    /// </summary>
    /// <exception cref="KeyNotFoundException">No such gate was defined by <paramref name="at"/>.</exception>
    /// <exception cref="LedgerNotVerifiedException">The chain does not verify: readiness is not assessed over it.</exception>
    public async Task<ReadinessReport> EvaluateAsync(string chainId, string? gateId, Instant at, CancellationToken cancellationToken = default)
    {
        var chain = await VerifiedChain.OpenAsync(_ledger, chainId, cancellationToken).ConfigureAwait(false);
        await using (chain.ConfigureAwait(false))
        {
            return await EvaluateAsync(chain, gateId, at, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary><see cref="EvaluateAsync(string, string?, Instant, CancellationToken)"/> over an already verified chain: the ledger is read only below its verified head.</summary>
    /// <exception cref="KeyNotFoundException">No such gate was defined by <paramref name="at"/>.</exception>
    public async Task<ReadinessReport> EvaluateAsync(VerifiedChain chain, string? gateId, Instant at, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(chain);
        var chainId = chain.ChainId;
        var (gate, import) = gateId is null ? (null, null) : await ReadGateAsync(chain, gateId, at, cancellationToken).ConfigureAwait(false);
        var check = new ControlEvidenceGateCheck(_queries, chainId, _policy, _verifier is null ? null : new EvidenceSignatureCheck(_verifier), chain);
        var blockers = new List<ReadinessBlocker>();
        var warnings = new List<string>();

        GateEvaluation? evaluation = null;
        decimal? approvals = null;
        if (gate is not null)
        {
            (evaluation, approvals) = await ApprovalsAsync(chain, gate, at, check, blockers, cancellationToken).ConfigureAwait(false);
        }

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
        var head = chain.Head;
        return new ReadinessReport
        {
            ChainId = chainId,
            Gate = gate,
            At = at,
            LedgerSize = head.Size,
            Controls = controls,
            Agreements = agreements,
            Training = training,
            GateEvaluation = evaluation,
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

    private async Task<(GateDefinition Gate, ChecklistImportSummary? Import)> ReadGateAsync(VerifiedChain chain, string gateId, Instant at, CancellationToken cancellationToken)
    {
        var administration = await AdministrativeState.ReadAsync(chain, _administration, cancellationToken).ConfigureAwait(false);
        var gate = administration.GateAt(gateId, at);
        var imports = new Dictionary<string, ChecklistImportSummary>(StringComparer.Ordinal);
        await foreach (var entry in chain.ReadByTypeAsync(ImportTypes, cancellationToken).ConfigureAwait(false))
        {
            if (entry.RecordedAt > at)
            {
                continue;
            }

            try
            {
                imports[entry.Subject] = ChecklistImportSummary.FromEntry(entry);
            }
            catch (FormatException)
            {
                // Reported by the projection as an issue; the contrast is only left out.
            }
        }

        // A post-deployment gate was imported with its release gate: the checklist's claims are recorded under the release gate.
        return gate is null
            ? throw administration.GateNotFound(chain.ChainId, gateId, at)
            : (gate, imports.GetValueOrDefault($"gate:{gate.ReleaseGate ?? gateId}"));
    }

    private async Task<(GateEvaluation? Evaluation, decimal? Percent)> ApprovalsAsync(VerifiedChain chain, GateDefinition gate, Instant at,
        ControlEvidenceGateCheck check, List<ReadinessBlocker> blockers, CancellationToken cancellationToken)
    {
        GateEvaluation? evaluation = null;
        var satisfied = 0;
        if (_verifier is null)
        {
            foreach (var blocker in GateDecision.WithoutTrustAnchors(gate))
            {
                blockers.Add(new ReadinessBlocker(ReadinessBlockerKind.Approval, $"role:{blocker.Role}", blocker.Message));
            }
        }
        else
        {
            evaluation = await new GateEvaluator(_ledger, _verifier, _administration, check).EvaluateAsync(chain, gate.Id, at, cancellationToken).ConfigureAwait(false);
            satisfied = evaluation.SatisfiedRoles.Count;

            // Control blockers come from the control assessment below, with the same rule and more detail.
            foreach (var blocker in evaluation.Blockers.Where(b => b.Kind is not (GateBlockerKind.ControlEvidenceMissing or GateBlockerKind.RequirementUnmet)))
            {
                blockers.Add(new ReadinessBlocker(ReadinessBlockerKind.Approval, blocker.Role is null ? gate.Subject.ToString() : $"role:{blocker.Role}", blocker.Message, blocker));
            }
        }

        return (evaluation, gate.RequiredRoles.Count == 0 ? null : DomainText.Percent(satisfied, gate.RequiredRoles.Count));
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
