using ComplianceKit.Administration;
using ComplianceKit.Domain;
using ComplianceKit.Access;
using ComplianceKit.Baa;
using ComplianceKit.Projection;
using ComplianceKit.Training;
using ComplianceKit.Verification;
using NodaTime;

namespace ComplianceKit.Readiness;

/// <summary>
/// Decides whether a gate control bound to programme records (<see cref="GateRequirement"/>) is satisfied at an instant, from
/// the records alone: a ticked box never counts. <see cref="GateRequirementKind.BaaInForce"/>: every named vendor is
/// registered as handling PHI and has an executed agreement in force (<see cref="VendorsWithoutActiveBaaSpec"/>) with every
/// required clause (<see cref="BaaRequiredClauses"/>). <see cref="GateRequirementKind.TrainingCurrent"/>: the workforce has at
/// least one member and nobody is overdue, expired or never assigned (the training specifications readiness uses).
/// <see cref="GateRequirementKind.AccessTrail"/>: the chain verifies (a <see cref="VerifiedChain"/>) and holds, below its verified
/// head, an access event that occurred within <see cref="ReadinessPolicy.AccessTrailPeriod"/> before the instant and was recorded by it.
/// </summary>
/// <remarks>Not thread-safe.</remarks>
public sealed class GateRequirementCheck
{
    private readonly IComplianceQueries _queries;
    private readonly string _chainId;
    private readonly VerifiedChain? _chain;
    private readonly ReadinessPolicy _policy;

    /// <summary>Creates a check over the projected state of one chain.</summary>
    /// <param name="queries">The projected state.</param>
    /// <param name="chainId">The chain.</param>
    /// <param name="chain">The verified chain, to read the access trail from; without it an access-trail requirement is unmet.</param>
    /// <param name="policy">The readiness policy (access-trail period); <see cref="ReadinessPolicy.Default"/> when null.</param>
    public GateRequirementCheck(IComplianceQueries queries, string chainId, VerifiedChain? chain = null, ReadinessPolicy? policy = null)
    {
        ArgumentNullException.ThrowIfNull(queries);
        ArgumentException.ThrowIfNullOrEmpty(chainId);
        _queries = queries;
        _chainId = chainId;
        _chain = chain;
        _policy = policy ?? ReadinessPolicy.Default;
    }

    /// <summary>Returns <see langword="null"/> when the records satisfy <paramref name="requirement"/> at <paramref name="at"/>, else why not.</summary>
    public async ValueTask<string?> CheckAsync(GateRequirement requirement, Instant at, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(requirement);
        return requirement.Kind switch
        {
            GateRequirementKind.BaaInForce => await AgreementsAsync(requirement.Vendors ?? [], at, cancellationToken).ConfigureAwait(false),
            GateRequirementKind.TrainingCurrent => await TrainingAsync(at, cancellationToken).ConfigureAwait(false),
            GateRequirementKind.AccessTrail => await AccessTrailAsync(at, cancellationToken).ConfigureAwait(false),
            _ => $"requirement {requirement.Kind} is not known to this version",
        };
    }

    private async Task<string?> AgreementsAsync(IReadOnlyList<string> vendors, Instant at, CancellationToken cancellationToken)
    {
        if (vendors.Count == 0)
        {
            return "no vendor is named";
        }

        var phi = (await _queries.ListAsync(new VendorsHandlingPhiSpec(_chainId, at), cancellationToken).ConfigureAwait(false))
            .Select(v => v.VendorId).ToHashSet(StringComparer.Ordinal);
        var without = (await _queries.ListAsync(new VendorsWithoutActiveBaaSpec(_chainId, at), cancellationToken).ConfigureAwait(false))
            .Select(v => v.VendorId).ToHashSet(StringComparer.Ordinal);
        var inForce = (await _queries.ListAsync(new BaasInForceSpec(_chainId, at), cancellationToken).ConfigureAwait(false))
            .ToLookup(b => b.VendorId, StringComparer.Ordinal);
        var problems = new List<string>();
        foreach (var vendor in vendors)
        {
            if (!phi.Contains(vendor))
            {
                problems.Add($"vendor {vendor} is not registered as handling PHI");
            }
            else if (without.Contains(vendor))
            {
                problems.Add($"vendor {vendor} has no executed BAA in force");
            }
            else if (!inForce[vendor].Any(b => BaaRequiredClauses.MissingFrom(b.Clauses).Count == 0))
            {
                problems.Add($"the BAA in force with {vendor} lacks required clauses");
            }
        }

        return problems.Count == 0 ? null : string.Join("; ", problems);
    }

    private async Task<string?> TrainingAsync(Instant at, CancellationToken cancellationToken)
    {
        var members = await _queries.CountAsync(new ActiveWorkforceSpec(_chainId, at), cancellationToken).ConfigureAwait(false);
        if (members == 0)
        {
            return "no workforce member is recorded, so no training can be shown complete";
        }

        var overdue = await _queries.CountAsync(new TrainingOverdueSpec(_chainId, at), cancellationToken).ConfigureAwait(false);
        var expired = await _queries.CountAsync(new TrainingExpiredSpec(_chainId, at), cancellationToken).ConfigureAwait(false);
        var unassigned = await _queries.CountAsync(new WorkforceUntrainedUnassignedSpec(_chainId, at), cancellationToken).ConfigureAwait(false);
        return overdue + expired + unassigned == 0
            ? null
            : $"training of {members} workforce member(s) is not complete: {overdue} overdue, {expired} expired, {unassigned} never trained and unassigned";
    }

    private async Task<string?> AccessTrailAsync(Instant at, CancellationToken cancellationToken)
    {
        if (_chain is null)
        {
            return "no verified chain is available to read the access trail from";
        }

        var from = at - _policy.AccessTrailPeriod;
        await foreach (var entry in _chain.ReadByTypeAsync(AccessEntryTypes.All, cancellationToken).ConfigureAwait(false))
        {
            if (entry.RecordedAt <= at && entry.OccurredAt >= from && entry.OccurredAt <= at)
            {
                return null;
            }
        }

        return $"no PHI access event was recorded between {DomainText.Show(from)} and {DomainText.Show(at)}";
    }
}
