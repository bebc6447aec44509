using ComplianceKit.Administration;
using ComplianceKit.Approvals;
using ComplianceKit.Bundles;
using ComplianceKit.Evidence;
using ComplianceKit.Gates;
using ComplianceKit.Readiness;
using ComplianceKit.Signing;
using NodaTime;

namespace ComplianceKit.Cli.Reports;

/// <summary>
/// Readiness computed from a verified bundle's own entries by the same rules the ledger uses: each gate's approvals through
/// <see cref="GateDecision"/> (signatures checked against the auditor's trust anchors; authorization and binding as the bundle
/// verifier found them), and controls, agreements and training through <see cref="ReadinessAssessor"/>. Without trust anchors no
/// approval can be verified and every required role blocks, as <c>gate</c> without anchors does.
/// </summary>
internal static class BundleReadiness
{
    /// <summary>The programme's readiness and each gate's, at <paramref name="at"/>; nothing when the bundle did not verify.</summary>
    public static async Task<(ReadinessReport? Programme, IReadOnlyList<ReadinessReport> Gates)> AssessAsync(BundleVerificationReport report, ReportCollector collector,
        CmsSignatureVerifier? verifier, Instant at, CancellationToken cancellationToken)
    {
        // Only a verified bundle is assessed: a decision is made from verified entries alone.
        if (report.Verdict != BundleVerdict.Verified || collector.ChainId is not { } chainId)
        {
            return (null, []);
        }

        var snapshot = collector.CompleteProjection();
        var check = new ControlEvidenceGateCheck(snapshot, chainId, ReadinessPolicy.Default, verifier is null ? null : new EvidenceSignatureCheck(verifier));
        var assessor = new ReadinessAssessor(snapshot);
        var size = report.EntriesRead;
        var programme = await assessor.AssessAsync(new ReadinessInputs(chainId, size, at, check), cancellationToken).ConfigureAwait(false);
        var gates = new List<ReadinessReport>();
        foreach (var gate in collector.Gates.Values.OrderBy(g => g.Id, StringComparer.Ordinal))
        {
            var approvals = verifier is null ? null : Approvals(gate, report, collector, verifier, at);
            gates.Add(await assessor.AssessAsync(new ReadinessInputs(chainId, size, at, check)
            {
                Gate = gate,
                Approvals = approvals,
                Import = collector.Imports.GetValueOrDefault(gate.ReleaseGate ?? gate.Id),
            }, cancellationToken).ConfigureAwait(false));
        }

        return (programme, gates);
    }

    private static GateEvaluation Approvals(GateDefinition gate, BundleVerificationReport report, ReportCollector collector, CmsSignatureVerifier verifier, Instant at)
    {
        var verified = report.Approvals.ToDictionary(a => a.Sequence);
        var checks = new List<ApprovalCheck>();
        var unreadable = new List<GateBlocker>();
        foreach (var entry in collector.Approvals.Where(e => e.Subject == gate.Subject.ToString() && e.RecordedAt <= at))
        {
            SignedApproval approval;
            try
            {
                approval = SignedApproval.FromEntry(entry);
            }
            catch (FormatException ex)
            {
                unreadable.Add(new GateBlocker(GateBlockerKind.SignatureInvalid, null, entry.Sequence, ex.Message));
                continue;
            }

            // The bundle verifier judged authorization (from the bundle's role entries) and binding; an approval it did not judge cannot count.
            var judged = verified.GetValueOrDefault(entry.Sequence);
            checks.Add(new ApprovalCheck(approval, verifier.Verify(approval.StatementBytes, approval.Signature), judged?.Authorized ?? false,
                judged is null ? "the bundle verifier did not check this approval" : judged.BindingProblem));
        }

        var (blockers, satisfied) = GateDecision.Decide(gate, checks);
        return new GateEvaluation(gate, at, [.. unreadable, .. blockers], checks, satisfied);
    }
}
