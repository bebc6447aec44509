using ComplianceKit.Administration;
using ComplianceKit.Evidence;
using ComplianceKit.Gates;
using ComplianceKit.Import;
using ComplianceKit.Ledger;
using ComplianceKit.Projection;
using ComplianceKit.Signing;
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

        // Without trust anchors no approval can be verified: the assessor applies GateDecision.WithoutTrustAnchors.
        var evaluation = gate is null || _verifier is null
            ? null
            : await new GateEvaluator(_ledger, _verifier, _administration, check).EvaluateAsync(chain, gate.Id, at, cancellationToken).ConfigureAwait(false);
        return await new ReadinessAssessor(_queries, _policy).AssessAsync(new ReadinessInputs(chainId, chain.Head.Size, at, check)
        {
            Gate = gate,
            Approvals = evaluation,
            Import = import,
        }, cancellationToken).ConfigureAwait(false);
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
}
