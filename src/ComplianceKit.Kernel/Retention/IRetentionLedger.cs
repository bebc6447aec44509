using ComplianceKit.Ledger;
using ComplianceKit.Signing;
using NodaTime;

namespace ComplianceKit.Retention;

/// <summary>
/// Retention on a ledger: policies and legal holds recorded as entries, plans that say exactly what
/// would be purged and why, and purges that remove payloads and salts while the chain keeps verifying.
/// Implemented by a store package (for example ComplianceKit.EntityFrameworkCore).
/// </summary>
/// <remarks>
/// Policies, overrides and holds are administrative entries (docs/FORMAT.md, section 7.1): plans count only those signed by
/// an administrator under the pinned administration root (the overloads taking an <see cref="ICmsSigner"/>), unless the host
/// opted into unsigned administration; the overloads taking an actor's name write unsigned entries and are refused otherwise.
/// Every rule change is itself an entry (docs/FORMAT.md, "Retention"), so a chain carries the
/// definitions its purges name. A purge runs in batches; each batch is one transaction that clears the
/// payloads and appends the <see cref="RetentionEntryTypes.Purged"/> entry naming them, under the
/// chain's write lock, so a crash never leaves a payload gone without its purge entry, and appends wait
/// for at most one batch where the store grants the lock in arrival order (PostgreSQL). Not thread-safe, like the context under it: one per scope.
/// </remarks>
public interface IRetentionLedger
{
    /// <summary>
    /// Records a policy (a <see cref="RetentionEntryTypes.PolicySet"/> entry), replacing an active one with the same id.
    /// A policy shorter than its category's regulatory minimum needs <paramref name="approval"/>, which is
    /// then recorded first, in the same transaction, as a <see cref="RetentionEntryTypes.OverrideApproved"/>
    /// entry; for a policy that meets its minimum the approval is not needed and not recorded.
    /// </summary>
    /// <remarks>Unsigned: refused unless the host allows unsigned administration (the weaker mode).</remarks>
    /// <exception cref="RetentionException">
    /// The policy is shorter than its category minimum and no approval was given, or unsigned administration is not allowed; nothing was written.
    /// </exception>
    Task<AppendReceipt> SetPolicyAsync(string chainId, RetentionPolicy policy, string actor, RetentionOverride? approval = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// Records a policy as <see cref="SetPolicyAsync(string, RetentionPolicy, string, RetentionOverride?, CancellationToken)"/> does, every
    /// entry signed by <paramref name="administrator"/> (docs/FORMAT.md, section 7.1); the entries' actor is <c>admin:</c> and the
    /// administrator's common name.
    /// </summary>
    /// <exception cref="RetentionException">
    /// The administrator does not chain to the pinned administration root, or the policy is shorter than its category minimum and no
    /// approval was given; nothing was written.
    /// </exception>
    Task<AppendReceipt> SetPolicyAsync(string chainId, RetentionPolicy policy, ICmsSigner administrator, RetentionOverride? approval = null,
        CancellationToken cancellationToken = default);

    /// <summary>Retires an active policy (a <see cref="RetentionEntryTypes.PolicyRetired"/> entry); nothing is purged under it afterwards.</summary>
    /// <exception cref="RetentionException">No active policy has that id, or unsigned administration is not allowed (the weaker mode only).</exception>
    Task<AppendReceipt> RetirePolicyAsync(string chainId, string policyId, string actor, string reason, CancellationToken cancellationToken = default);

    /// <summary>Retires an active policy with an entry signed by <paramref name="administrator"/>.</summary>
    /// <exception cref="RetentionException">No active policy has that id, or the administrator does not chain to the pinned root; nothing was written.</exception>
    Task<AppendReceipt> RetirePolicyAsync(string chainId, string policyId, ICmsSigner administrator, string reason, CancellationToken cancellationToken = default);

    /// <summary>Places a legal hold (a <see cref="RetentionEntryTypes.HoldPlaced"/> entry whose actor is <paramref name="placedBy"/>).</summary>
    /// <exception cref="RetentionException">A hold with that id is already active, or unsigned administration is not allowed (the weaker mode only).</exception>
    Task<AppendReceipt> PlaceHoldAsync(string chainId, LegalHold hold, string placedBy, CancellationToken cancellationToken = default);

    /// <summary>Places a legal hold with an entry signed by <paramref name="administrator"/>.</summary>
    /// <exception cref="RetentionException">A hold with that id is already active, or the administrator does not chain to the pinned root; nothing was written.</exception>
    Task<AppendReceipt> PlaceHoldAsync(string chainId, LegalHold hold, ICmsSigner administrator, CancellationToken cancellationToken = default);

    /// <summary>Releases an active legal hold (a <see cref="RetentionEntryTypes.HoldReleased"/> entry).</summary>
    /// <exception cref="RetentionException">No active hold has that id, or unsigned administration is not allowed (the weaker mode only).</exception>
    Task<AppendReceipt> ReleaseHoldAsync(string chainId, string holdId, string releasedBy, string reason, CancellationToken cancellationToken = default);

    /// <summary>Releases an active legal hold with an entry signed by <paramref name="administrator"/>.</summary>
    /// <exception cref="RetentionException">No active hold has that id, or the administrator does not chain to the pinned root; nothing was written.</exception>
    Task<AppendReceipt> ReleaseHoldAsync(string chainId, string holdId, ICmsSigner administrator, string reason, CancellationToken cancellationToken = default);

    /// <summary>Replays the chain's rule entries below its head: active policies, overrides and holds that count, and the ignored ones named.</summary>
    Task<RetentionRules> ReadRulesAsync(string chainId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Plans a purge of the chain as of <paramref name="asOf"/> (default: now). Reads the whole chain once and
    /// verifies it on the way; a chain that does not verify gets a plan with a blocker and no purges.
    /// Writes nothing.
    /// </summary>
    Task<RetentionPlan> PlanAsync(string chainId, Instant? asOf = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// Applies a plan in batches. Purges at most the plan's entries: under each batch's lock it skips any
    /// entry that a hold placed since covers, whose policy changed since, whose subject has a newer
    /// entry (last-effective basis), that no longer verifies, or that is already purged.
    /// </summary>
    /// <param name="plan">A plan from <see cref="PlanAsync"/>.</param>
    /// <param name="actor">Who applies it; the actor of every purge entry.</param>
    /// <param name="progress">Told about each batch right after it commits, on the applying thread.</param>
    /// <param name="cancellationToken">Stops between batches, or rolls back the current one.</param>
    /// <exception cref="RetentionException">The plan has blockers, or was evaluated at an instant later than now.</exception>
    /// <exception cref="InvalidOperationException">A transaction is open on the store's connection: a purge commits batch by batch.</exception>
    Task<RetentionApplyResult> ApplyAsync(RetentionPlan plan, string actor, IProgress<PurgeBatchResult>? progress = null, CancellationToken cancellationToken = default);
}
