using ComplianceKit.Administration;
using ComplianceKit.Controls;
using ComplianceKit.Evidence;
using ComplianceKit.Gates;
using ComplianceKit.Verification;
using ComplianceKit.Projection;
using NodaTime;

namespace ComplianceKit.Readiness;

/// <summary>
/// Tells a gate whether its required controls have evidence, from the projected compliance state: a control passes
/// when it is satisfied under the <see cref="ReadinessPolicy"/> (current evidence of the assurance its criticality
/// needs, or a documented addressable decision). Hand it to <see cref="GateEvaluator"/>.
/// </summary>
/// <remarks>Evaluates every control of the chain once per instant and keeps the last result; not thread-safe.</remarks>
public sealed class ControlEvidenceGateCheck : IGateControlCheck
{
    private readonly IComplianceQueries _queries;
    private readonly string _chainId;
    private readonly ReadinessPolicy _policy;
    private readonly EvidenceSignatureCheck? _signatures;
    private readonly GateRequirementCheck _requirements;
    private (Instant At, Dictionary<string, ControlEvidenceStatus> Statuses)? _last;

    /// <summary>Creates a check over the projected state of one chain.</summary>
    /// <param name="queries">The projected state (database or snapshot).</param>
    /// <param name="chainId">The chain.</param>
    /// <param name="policy">The evidence policy; <see cref="ReadinessPolicy.Default"/> when null.</param>
    /// <param name="signatures">Checks signed evidence; without it signed evidence counts as documented.</param>
    /// <param name="chain">The verified chain, for controls bound to the access trail; without it such controls are unmet.</param>
    public ControlEvidenceGateCheck(IComplianceQueries queries, string chainId, ReadinessPolicy? policy = null, EvidenceSignatureCheck? signatures = null,
        VerifiedChain? chain = null)
    {
        ArgumentNullException.ThrowIfNull(queries);
        ArgumentException.ThrowIfNullOrEmpty(chainId);
        _queries = queries;
        _chainId = chainId;
        _policy = policy ?? ReadinessPolicy.Default;
        _signatures = signatures;
        _requirements = new GateRequirementCheck(queries, chainId, chain, _policy);
    }

    /// <inheritdoc />
    public ValueTask<string?> CheckRequirementAsync(GateRequirement requirement, Instant at, CancellationToken cancellationToken) =>
        _requirements.CheckAsync(requirement, at, cancellationToken);

    /// <inheritdoc />
    public async ValueTask<string?> CheckAsync(string controlId, Instant at, CancellationToken cancellationToken)
    {
        var statuses = await StatusesAsync(at, cancellationToken).ConfigureAwait(false);
        return statuses.TryGetValue(controlId, out var status)
            ? status.Problem
            : "it is not defined in the control catalog";
    }

    /// <summary>The evidence status of every control of the chain (retired ones included) at <paramref name="at"/>, by id.</summary>
    public async Task<IReadOnlyDictionary<string, ControlEvidenceStatus>> EvaluateAsync(Instant at, CancellationToken cancellationToken = default) =>
        await StatusesAsync(at, cancellationToken).ConfigureAwait(false);

    private async Task<Dictionary<string, ControlEvidenceStatus>> StatusesAsync(Instant at, CancellationToken cancellationToken)
    {
        if (_last is { } last && last.At == at)
        {
            return last.Statuses;
        }

        var controls = await _queries.ListAsync(new AllControlsSpec(_chainId), cancellationToken).ConfigureAwait(false);
        var requirements = (await _queries.ListAsync(new EvidenceRequirementsSpec(_chainId), cancellationToken).ConfigureAwait(false))
            .ToLookup(r => r.ControlId, StringComparer.Ordinal);
        var evidence = (await _queries.ListAsync(new EvidenceInForceSpec(_chainId, at), cancellationToken).ConfigureAwait(false))
            .ToLookup(e => e.ControlId, StringComparer.Ordinal);
        var statuses = new Dictionary<string, ControlEvidenceStatus>(controls.Count, StringComparer.Ordinal);
        foreach (var control in controls)
        {
            statuses[control.ControlId] = ControlEvidenceEvaluator.Evaluate(control, requirements[control.ControlId].ToList(), evidence[control.ControlId],
                at, _policy.ExpiringWithin, _policy.MinimumAssurance(control.Criticality), _signatures);
        }

        _last = (at, statuses);
        return statuses;
    }
}
