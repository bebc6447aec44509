using ComplianceKit.Administration;
using ComplianceKit.Approvals;
using ComplianceKit.Hashing;
using ComplianceKit.Ledger;
using ComplianceKit.Signing;
using ComplianceKit.Verification;
using NodaTime;

namespace ComplianceKit.Gates;

/// <summary>
/// Evaluates a gate from the ledger at an instant: reads the gate's definition and role grants (those an administrator
/// signed, <see cref="AdministrativeState"/>) and the
/// approvals of its subject recorded by then, checks every signature against the organisation's
/// trust anchors, authorization at the signing time and the ledger-head binding, then applies
/// <see cref="GateDecision"/>.
/// </summary>
public sealed class GateEvaluator
{
    private static readonly string[] Types = [ApprovalEntryTypes.ApprovalSigned];
    private readonly IComplianceLedger _ledger;
    private readonly CmsSignatureVerifier? _verifier;
    private readonly AdministrationTrust _administration;
    private readonly IGateControlCheck? _controls;

    /// <summary>Creates an evaluator.</summary>
    /// <param name="ledger">The ledger holding gates, grants and approvals.</param>
    /// <param name="verifier">
    /// The verifier over the organisation's trust anchors (reuse it: it caches chains); <see langword="null"/> when there are none,
    /// and then no approval can be verified and every required role blocks (<see cref="GateDecision.WithoutTrustAnchors"/>).
    /// </param>
    /// <param name="administration">Whose gate definitions and role grants count (<see cref="AdministrativeState"/>).</param>
    /// <param name="controls">Checks required controls; gates with required controls block without it.</param>
    public GateEvaluator(IComplianceLedger ledger, CmsSignatureVerifier? verifier, AdministrationTrust administration, IGateControlCheck? controls = null)
    {
        ArgumentNullException.ThrowIfNull(ledger);
        ArgumentNullException.ThrowIfNull(administration);
        _ledger = ledger;
        _verifier = verifier;
        _administration = administration;
        _controls = controls;
    }

    /// <summary>Verifies the chain, then evaluates <paramref name="gateId"/> at <paramref name="at"/> from its verified entries only.</summary>
    /// <exception cref="KeyNotFoundException">No such gate was defined by <paramref name="at"/>.</exception>
    /// <exception cref="LedgerNotVerifiedException">The chain does not verify: no gate is evaluated over it.</exception>
    public async Task<GateEvaluation> EvaluateAsync(string chainId, string gateId, Instant at, CancellationToken cancellationToken = default)
    {
        var chain = await VerifiedChain.OpenAsync(_ledger, chainId, cancellationToken).ConfigureAwait(false);
        await using (chain.ConfigureAwait(false))
        {
            return await EvaluateAsync(chain, gateId, at, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Evaluates <paramref name="gateId"/> at <paramref name="at"/> from the entries of an already verified chain.</summary>
    /// <exception cref="KeyNotFoundException">No such gate was defined by <paramref name="at"/>.</exception>
    public async Task<GateEvaluation> EvaluateAsync(VerifiedChain chain, string gateId, Instant at, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(chain);
        var chainId = chain.ChainId;
        // Only gate definitions and grants an administrator signed count (or, in the weaker mode, unsigned ones).
        var administration = await AdministrativeState.ReadAsync(chain, _administration, cancellationToken).ConfigureAwait(false);
        var gate = administration.GateAt(gateId, at) ?? throw administration.GateNotFound(chainId, gateId, at);
        var grants = administration.Grants;
        var approvals = new List<LedgerEntry>();
        await foreach (var entry in chain.ReadByTypeAsync(Types, cancellationToken).ConfigureAwait(false))
        {
            if (entry.RecordedAt <= at)
            {
                approvals.Add(entry);
            }
        }

        var checks = new List<ApprovalCheck>();
        var all = new List<GateBlocker>();
        foreach (var entry in approvals.Where(e => _verifier is not null && e.Subject == gate.Subject.ToString()))
        {
            SignedApproval approval;
            try
            {
                approval = SignedApproval.FromEntry(entry);
            }
            catch (FormatException ex)
            {
                all.Add(new GateBlocker(GateBlockerKind.SignatureInvalid, null, entry.Sequence, ex.Message));
                continue;
            }

            checks.Add(await CheckAsync(chain, entry, approval, grants, cancellationToken).ConfigureAwait(false));
        }

        var (blockers, satisfied) = _verifier is null ? (GateDecision.WithoutTrustAnchors(gate), []) : GateDecision.Decide(gate, checks);
        all.AddRange(blockers);
        foreach (var control in gate.RequiredControls)
        {
            // A control bound to programme records is decided by those records; its own evidence (a tick) never counts.
            var requirement = gate.RequirementFor(control);
            var problem = _controls is null
                ? "no control evidence source is configured for this gate"
                : requirement is not null
                    ? await _controls.CheckRequirementAsync(requirement, at, cancellationToken).ConfigureAwait(false)
                    : await _controls.CheckAsync(control, at, cancellationToken).ConfigureAwait(false);
            if (problem is not null)
            {
                all.Add(new GateBlocker(requirement is null ? GateBlockerKind.ControlEvidenceMissing : GateBlockerKind.RequirementUnmet, null, null, $"Control {control}: {problem}."));
            }
        }

        var subjects = gate.RequiredRoles.Select(r => $"role:{r}").Append($"gate:{gate.Id}").ToHashSet(StringComparer.Ordinal);
        return new GateEvaluation(gate, at, all, checks, satisfied)
        {
            IgnoredAdministration = administration.Findings.Where(f => subjects.Contains(f.Subject)).ToList(),
        };
    }

    /// <summary>
    /// The gate's required roles that the certificate <paramref name="certificateSha256"/> holds at <paramref name="at"/>, judged from
    /// the same verified, administrator-signed entries and by the same grant rule as <see cref="EvaluateAsync(VerifiedChain, string, Instant, CancellationToken)"/>,
    /// so that a tool can refuse to sign an approval the gate would not count.
    /// </summary>
    /// <returns>The gate definition in force at <paramref name="at"/> and the required roles held, in the gate's order.</returns>
    /// <exception cref="KeyNotFoundException">No such gate was defined by <paramref name="at"/>.</exception>
    public async Task<(GateDefinition Gate, IReadOnlyList<string> RolesHeld)> RolesHeldAsync(VerifiedChain chain, string gateId, string certificateSha256, Instant at,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(chain);
        ArgumentException.ThrowIfNullOrEmpty(certificateSha256);
        var administration = await AdministrativeState.ReadAsync(chain, _administration, cancellationToken).ConfigureAwait(false);
        var gate = administration.GateAt(gateId, at) ?? throw administration.GateNotFound(chain.ChainId, gateId, at);
        return (gate, gate.RequiredRoles.Where(role => administration.Grants.IsAuthorized(role, certificateSha256, at)).ToList());
    }

    private async Task<ApprovalCheck> CheckAsync(VerifiedChain chain, LedgerEntry entry, SignedApproval approval, RoleGrantBook grants, CancellationToken cancellationToken)
    {
        var signature = _verifier!.Verify(approval.StatementBytes, approval.Signature);
        var statement = approval.Statement;
        // A verified timestamp's time when there is one, else the claimed signing time (the result says which).
        var authorized = grants.IsAuthorized(statement.Signer.Role, statement.Signer.CertificateSha256, RoleGrantBook.AuthorizationTime(statement, signature));
        var binding = await BindingProblemAsync(chain, entry, approval, signature, cancellationToken).ConfigureAwait(false);
        return new ApprovalCheck(approval, signature, authorized, binding);
    }

    private static async Task<string?> BindingProblemAsync(VerifiedChain chain, LedgerEntry entry, SignedApproval approval, SignatureVerificationResult signature, CancellationToken cancellationToken)
    {
        var head = approval.Statement.LedgerHead;
        string? rootProblem = null;
        if (ApprovalBinding.CanPrecede(head, chain.ChainId, entry.Sequence))
        {
            var actual = await chain.GetTreeHeadAsync(head.Size, cancellationToken).ConfigureAwait(false);
            rootProblem = Hex.Format(actual.Root) == head.RootSha256 ? null : $"the statement's ledger root at size {head.Size} is not the chain's root at that size";
        }

        return ApprovalBinding.Problem(entry, chain.ChainId, approval, signature, _ => rootProblem);
    }
}
