using ComplianceKit.Administration;
using ComplianceKit.Canonicalization;
using ComplianceKit.EntityFrameworkCore.Ledger;
using ComplianceKit.EntityFrameworkCore.Telemetry;
using ComplianceKit.Ledger;
using ComplianceKit.Retention;
using ComplianceKit.Signing;
using ComplianceKit.Telemetry;
using ComplianceKit.Verification;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using NodaTime;

namespace ComplianceKit.EntityFrameworkCore.Retention;

/// <summary>
/// Retention on the ledger kept in a host's EF Core database: policies and holds recorded as signed
/// administrative entries, plans, and purges in batches that each clear payloads and salts and append the
/// purge entry in one transaction under the chain's write lock.
/// </summary>
/// <remarks>
/// Policies, overrides and holds are administration (docs/FORMAT.md, section 7.1): plans and purges count only those an
/// administrator under the <see cref="AdministrationTrust"/> signed (or, in the explicit weaker mode, unsigned ones too), and
/// name every other one (<see cref="RetentionPlan.IgnoredRules"/>). The unsigned writers (taking an actor) are refused,
/// writing nothing, unless the trust allows unsigned administration. Not thread-safe, like the context it wraps: resolve one per scope.
/// </remarks>
/// <typeparam name="TContext">The host's context, with <c>ApplyComplianceKit()</c> in its model.</typeparam>
public sealed class EntityFrameworkRetention<TContext> : IRetentionLedger
    where TContext : DbContext, IComplianceKitDbContext
{
    private static readonly string[] RuleTypes = [.. AdministrativeEntryTypes.Retention];

    private readonly TContext _context;
    private readonly IClock _clock;
    private readonly ComplianceKitOptions _options;
    private readonly RetentionOptions _retention;
    private readonly PayloadPrivacyGuard _guard;
    private readonly AdministrationTrust _trust;
    private readonly ILogger _logger;

    /// <summary>Creates retention over the host's context; rule entries count only when they count under <paramref name="trust"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The batch size is not between 1 and <see cref="RetentionOptions.MaxBatchSize"/>.</exception>
    public EntityFrameworkRetention(TContext context, IClock clock, IOptions<ComplianceKitOptions> options, IOptions<RetentionOptions> retentionOptions,
        AdministrationTrust trust, ILogger<EntityFrameworkRetention<TContext>>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(clock);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(retentionOptions);
        ArgumentNullException.ThrowIfNull(trust);
        _trust = trust;
        _context = context;
        _clock = clock;
        _options = options.Value;
        _retention = retentionOptions.Value;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
        ArgumentOutOfRangeException.ThrowIfLessThan(_retention.BatchSize, 1, nameof(retentionOptions));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(_retention.BatchSize, RetentionOptions.MaxBatchSize, nameof(retentionOptions));
        _guard = new PayloadPrivacyGuard(_options.AllowPhiInPayloads);
    }

    /// <inheritdoc />
    public Task<AppendReceipt> SetPolicyAsync(string chainId, RetentionPolicy policy, ICmsSigner administrator, RetentionOverride? approval = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(administrator);
        return SetPolicyAsync(chainId, policy, new Author(administrator, null), approval, cancellationToken);
    }

    /// <inheritdoc />
    public Task<AppendReceipt> SetPolicyAsync(string chainId, RetentionPolicy policy, string actor, RetentionOverride? approval = null,
        CancellationToken cancellationToken = default) =>
        SetPolicyAsync(chainId, policy, Unsigned(actor), approval, cancellationToken);

    /// <inheritdoc />
    public Task<AppendReceipt> RetirePolicyAsync(string chainId, string policyId, ICmsSigner administrator, string reason, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(administrator);
        return RetirePolicyAsync(chainId, policyId, new Author(administrator, null), reason, cancellationToken);
    }

    /// <inheritdoc />
    public Task<AppendReceipt> RetirePolicyAsync(string chainId, string policyId, string actor, string reason, CancellationToken cancellationToken = default) =>
        RetirePolicyAsync(chainId, policyId, Unsigned(actor), reason, cancellationToken);

    /// <inheritdoc />
    public Task<AppendReceipt> PlaceHoldAsync(string chainId, LegalHold hold, ICmsSigner administrator, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(administrator);
        return PlaceHoldAsync(chainId, hold, new Author(administrator, null), cancellationToken);
    }

    /// <inheritdoc />
    public Task<AppendReceipt> PlaceHoldAsync(string chainId, LegalHold hold, string placedBy, CancellationToken cancellationToken = default) =>
        PlaceHoldAsync(chainId, hold, Unsigned(placedBy), cancellationToken);

    /// <inheritdoc />
    public Task<AppendReceipt> ReleaseHoldAsync(string chainId, string holdId, ICmsSigner administrator, string reason, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(administrator);
        return ReleaseHoldAsync(chainId, holdId, new Author(administrator, null), reason, cancellationToken);
    }

    /// <inheritdoc />
    public Task<AppendReceipt> ReleaseHoldAsync(string chainId, string holdId, string releasedBy, string reason, CancellationToken cancellationToken = default) =>
        ReleaseHoldAsync(chainId, holdId, Unsigned(releasedBy), reason, cancellationToken);

    private async Task<AppendReceipt> SetPolicyAsync(string chainId, RetentionPolicy policy, Author author, RetentionOverride? approval, CancellationToken cancellationToken)
    {
        LedgerLimits.ValidateChainId(chainId);
        ArgumentNullException.ThrowIfNull(policy);
        var subject = RetentionSubjects.Policy(policy.Id);
        var drafts = new List<EntryDraft>(2);
        if (_retention.RegulatoryMinimums.TryGetValue(policy.Category, out var minimum) && RetentionCalendar.IsShorter(policy.Period, minimum))
        {
            if (approval is null)
            {
                throw new RetentionException(
                    $"Policy '{policy.Id}' keeps {policy.Category} for {RetentionPayloads.FormatPeriod(policy.Period)}, shorter than the regulatory minimum " +
                    $"{RetentionPayloads.FormatPeriod(minimum)}. Record an override (reason and decider) to allow it.");
            }

            if (string.IsNullOrWhiteSpace(approval.Reason) || string.IsNullOrWhiteSpace(approval.DecidedBy))
            {
                throw new RetentionException($"An override of policy '{policy.Id}' needs a reason and the person who decided.");
            }

            drafts.Add(await DraftAsync(chainId, RetentionEntryTypes.OverrideApproved, subject, author,
                RetentionPayloads.Override(policy.Id, policy.Category, policy.Period, minimum, approval), cancellationToken).ConfigureAwait(false));
        }

        drafts.Add(await DraftAsync(chainId, RetentionEntryTypes.PolicySet, subject, author, RetentionPayloads.Policy(policy), cancellationToken).ConfigureAwait(false));
        return await AppendAsync(chainId, drafts, cancellationToken).ConfigureAwait(false);
    }

    private async Task<AppendReceipt> RetirePolicyAsync(string chainId, string policyId, Author author, string reason, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(policyId);
        ArgumentException.ThrowIfNullOrWhiteSpace(reason);
        var rules = await ReadRulesAsync(chainId, cancellationToken).ConfigureAwait(false);
        if (rules.FindPolicy(policyId) is null)
        {
            throw new RetentionException($"Chain '{chainId}' has no active policy '{policyId}'.");
        }

        var draft = await DraftAsync(chainId, RetentionEntryTypes.PolicyRetired, RetentionSubjects.Policy(policyId), author,
            RetentionPayloads.PolicyRetired(policyId, reason), cancellationToken).ConfigureAwait(false);
        return await AppendAsync(chainId, [draft], cancellationToken).ConfigureAwait(false);
    }

    private async Task<AppendReceipt> PlaceHoldAsync(string chainId, LegalHold hold, Author author, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(hold);
        var rules = await ReadRulesAsync(chainId, cancellationToken).ConfigureAwait(false);
        if (rules.IsHoldActive(hold.Id))
        {
            throw new RetentionException($"Hold '{hold.Id}' is already active on chain '{chainId}'; release it first or choose another id.");
        }

        var draft = await DraftAsync(chainId, RetentionEntryTypes.HoldPlaced, RetentionSubjects.Hold(hold.Id), author, RetentionPayloads.HoldPlaced(hold),
            cancellationToken).ConfigureAwait(false);
        return await AppendAsync(chainId, [draft], cancellationToken).ConfigureAwait(false);
    }

    private async Task<AppendReceipt> ReleaseHoldAsync(string chainId, string holdId, Author author, string reason, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(holdId);
        ArgumentException.ThrowIfNullOrWhiteSpace(reason);
        var rules = await ReadRulesAsync(chainId, cancellationToken).ConfigureAwait(false);
        if (!rules.IsHoldActive(holdId))
        {
            throw new RetentionException($"Chain '{chainId}' has no active hold '{holdId}'.");
        }

        var draft = await DraftAsync(chainId, RetentionEntryTypes.HoldReleased, RetentionSubjects.Hold(holdId), author,
            RetentionPayloads.HoldReleased(holdId, reason), cancellationToken).ConfigureAwait(false);
        return await AppendAsync(chainId, [draft], cancellationToken).ConfigureAwait(false);
    }

    /// <summary>An unsigned author: refused, before anything is read or written, unless unsigned administration is allowed.</summary>
    private Author Unsigned(string actor)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(actor);
        return _trust.AllowsUnsigned
            ? new Author(null, actor)
            : throw new RetentionException(
                "Retention policies, overrides and holds are administration: sign them with an administrator's certificate under the pinned " +
                "administration root (an unsigned one would be ignored), or allow unsigned administration for a ledger made before signed administration.");
    }

    /// <summary>The rule entry's draft: signed by the administrator (refused when they do not chain to the pinned root), or unsigned with its actor.</summary>
    private async Task<EntryDraft> DraftAsync(string chainId, string entryType, string subject, Author author, byte[] record, CancellationToken cancellationToken)
    {
        if (author.Administrator is not { } administrator)
        {
            return new EntryDraft(entryType, subject, author.Actor!, record);
        }

        try
        {
            return await AdministrationRecorder.SignDraftAsync(chainId, entryType, subject, record, administrator, _trust, _clock.GetCurrentInstant(), cancellationToken)
                .ConfigureAwait(false);
        }
        catch (AdministrationRefusedException ex)
        {
            throw new RetentionException(ex.Message, ex);
        }
    }

    /// <inheritdoc />
    public async Task<RetentionRules> ReadRulesAsync(string chainId, CancellationToken cancellationToken = default)
    {
        LedgerLimits.ValidateChainId(chainId);

        // Only rules the head covers: a rule row planted past the head is not a rule.
        var snapshot = await LedgerSnapshot.BeginAsync(_context, cancellationToken).ConfigureAwait(false);
        await using (snapshot.ConfigureAwait(false))
        {
            var head = await LedgerReader.ReadHeadAsync(LedgerSession.Of(_context), chainId, cancellationToken).ConfigureAwait(false);
            var entries = await EntriesOfTypeReader.ReadOfTypesAsync(LedgerSession.Of(_context), chainId, RuleTypes, head?.Size ?? 0, cancellationToken).ConfigureAwait(false);
            return RetentionRules.FromEntries(entries, _trust);
        }
    }

    /// <inheritdoc />
    public async Task<RetentionPlan> PlanAsync(string chainId, Instant? asOf = null, CancellationToken cancellationToken = default)
    {
        LedgerLimits.ValidateChainId(chainId);
        var at = asOf ?? _clock.GetCurrentInstant();

        // Head, rules and rows from one snapshot: entries appended while planning are outside the plan, rows past the head block it.
        var snapshot = await LedgerSnapshot.BeginAsync(_context, cancellationToken).ConfigureAwait(false);
        await using (snapshot.ConfigureAwait(false))
        {
            var head = await LedgerReader.ReadHeadAsync(LedgerSession.Of(_context), chainId, cancellationToken).ConfigureAwait(false);
            var size = head?.Size ?? 0;
            var rules = RetentionRules.FromEntries(
                await EntriesOfTypeReader.ReadOfTypesAsync(LedgerSession.Of(_context), chainId, RuleTypes, size, cancellationToken).ConfigureAwait(false), _trust);
            var planner = new RetentionPlanner(chainId, size, at, rules, _retention);
            var report = await ChainScan.VerifyAsync(LedgerSession.Of(_context), chainId, head, planner.Add, cancellationToken).ConfigureAwait(false);
            if (!report.IsValid)
            {
                planner.Block($"the chain does not verify ({report.Status} at entry {report.FirstFailure?.Sequence}); investigate before purging anything");
            }

            return planner.Build();
        }
    }

    /// <inheritdoc />
    /// <remarks>Refused when now is further past the chain's newest recorded-at than <see cref="RetentionOptions.MaxClockSkew"/>.</remarks>
    public Task<RetentionApplyResult> ApplyAsync(RetentionPlan plan, string actor, IProgress<PurgeBatchResult>? progress = null,
        CancellationToken cancellationToken = default) =>
        ApplyAsync(plan, actor, clockSkewOverride: null, progress, cancellationToken);

    /// <summary>
    /// Applies <paramref name="plan"/> as <see cref="ApplyAsync(RetentionPlan, string, IProgress{PurgeBatchResult}?, CancellationToken)"/>
    /// does; when now is further past the chain's newest recorded-at than <see cref="RetentionOptions.MaxClockSkew"/>, it
    /// proceeds only with <paramref name="clockSkewOverride"/>, recorded first as a <see cref="RetentionEntryTypes.ClockSkewOverridden"/> entry.
    /// </summary>
    /// <exception cref="RetentionException">The plan is blocked, evaluated after now, or the clock is past the skew without an override.</exception>
    public async Task<RetentionApplyResult> ApplyAsync(RetentionPlan plan, string actor, RetentionOverride? clockSkewOverride,
        IProgress<PurgeBatchResult>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentException.ThrowIfNullOrWhiteSpace(actor);
        if (plan.Blockers.Count > 0)
        {
            throw new RetentionException($"The plan for chain '{plan.ChainId}' may not be applied: {string.Join("; ", plan.Blockers)}.");
        }

        if (_context.Database.CurrentTransaction is not null)
        {
            throw new InvalidOperationException("A purge commits batch by batch, so it cannot run inside the caller's transaction.");
        }

        var now = _clock.GetCurrentInstant();
        if (plan.AsOf > now)
        {
            throw new RetentionException($"The plan was evaluated at {RetentionPayloads.FormatInstant(plan.AsOf)}, after now ({RetentionPayloads.FormatInstant(now)}): nothing is purged before it expires.");
        }

        await GuardClockSkewAsync(plan, now, actor, clockSkewOverride, cancellationToken).ConfigureAwait(false);
        using var activity = ComplianceKitDiagnostics.StartActivity(ComplianceKitActivityNames.Purge, plan.ChainId);
        var batch = new PurgeBatchWriter.BatchContext(_context, plan.ChainId, actor, plan.AsOf, _clock, _options, _guard, new PlanChanges(plan, _trust));
        var batches = new List<PurgeBatchResult>();
        var skipped = new List<SkippedPurge>();
        var number = 0;
        try
        {
            foreach (var items in Batches(plan, _retention.BatchSize))
            {
                cancellationToken.ThrowIfCancellationRequested();
                var result = await PurgeBatchWriter.RunAsync(batch, items, number + 1, skipped, cancellationToken).ConfigureAwait(false);
                if (result is not null)
                {
                    number++;
                    batches.Add(result);
                    // Counted per committed batch, so a purge stopped halfway counts what it removed.
                    ComplianceKitDiagnostics.EntriesPurged.Add(result.Count, ComplianceKitDiagnostics.ChainTag(plan.ChainId));
                    progress?.Report(result);
                }
            }
        }
        catch (Exception ex)
        {
            ComplianceKitDiagnostics.Fail(activity, ex);
            StoreLog.RetentionFailed(_logger, ex, plan.ChainId, batches.Count, batches.Sum(b => b.Count));
            throw;
        }

        skipped.Sort((a, b) => a.Sequence.CompareTo(b.Sequence));
        var applied = new RetentionApplyResult(plan.ChainId, batches, skipped);
        activity?.SetTag(ComplianceKitTagNames.Entries, applied.PurgedCount);
        StoreLog.RetentionApplied(_logger, plan.ChainId, applied.PurgedCount, batches.Count, skipped.Count);
        return applied;
    }

    /// <summary>Refuses (or, with an override, records why it proceeds) when now is too far past the newest recorded-at the plan verified.</summary>
    private async Task GuardClockSkewAsync(RetentionPlan plan, Instant now, string actor, RetentionOverride? decision, CancellationToken cancellationToken)
    {
        var chainId = plan.ChainId;
        if (plan.NewestRecordedAt is not { } last || now - last <= _retention.MaxClockSkew)
        {
            return;
        }

        var gap = $"now ({RetentionPayloads.FormatInstant(now)}) is {(now - last).TotalDays:0.#} days past the newest entry of chain '{chainId}' " +
            $"(recorded at {RetentionPayloads.FormatInstant(last)}), more than the allowed clock skew of {_retention.MaxClockSkew.TotalDays:0.#} days";
        if (decision is null)
        {
            throw new RetentionException($"Nothing purged: {gap}. The clock may have jumped forward; check it, or override with a reason and who decided (recorded in the ledger).");
        }

        if (string.IsNullOrWhiteSpace(decision.Reason) || string.IsNullOrWhiteSpace(decision.DecidedBy))
        {
            throw new RetentionException($"Nothing purged: {gap}, and an override needs a reason and the person who decided.");
        }

        await AppendAsync(chainId, [new EntryDraft(RetentionEntryTypes.ClockSkewOverridden, $"chain:{chainId}", actor,
            RetentionPayloads.ClockSkewOverride(now, last, _retention.MaxClockSkew, decision))], cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The plan's purges grouped by policy definition (one purge entry names one policy), in sequence order, cut to batches.</summary>
    private static IEnumerable<PlannedPurge[]> Batches(RetentionPlan plan, int size) =>
        plan.Purges
            .GroupBy(p => (p.PolicyId, p.PolicySequence))
            .SelectMany(group => group.OrderBy(p => p.Sequence).Chunk(size));

    private async Task<AppendReceipt> AppendAsync(string chainId, IReadOnlyList<EntryDraft> drafts, CancellationToken cancellationToken)
    {
        LedgerLimits.ValidateChainId(chainId);
        var prepared = drafts.Select(d => PreparedEntry.Prepare(d, _options, _guard)).ToArray();
        return await LedgerWriter.AppendAsync(_context, chainId, prepared, _clock, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Who writes a rule entry: an administrator who signs it, or (the weaker mode only) an actor's name.</summary>
    private sealed record Author(ICmsSigner? Administrator, string? Actor);
}
