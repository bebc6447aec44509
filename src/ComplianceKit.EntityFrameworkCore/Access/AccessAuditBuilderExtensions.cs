using ComplianceKit;
using ComplianceKit.Access;
using ComplianceKit.EntityFrameworkCore;
using ComplianceKit.EntityFrameworkCore.GroupCommit;
using ComplianceKit.Ledger;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Adds the access audit trail, written with group commit, to ComplianceKit.</summary>
public static class AccessAuditBuilderExtensions
{
    /// <summary>
    /// Registers <see cref="IAccessAuditLog"/> as a singleton <see cref="GroupCommitAccessLog{TContext}"/>
    /// writing through the host's <see cref="IDbContextFactory{TContext}"/> (register it with
    /// <c>AddDbContextFactory&lt;TContext&gt;</c>), plus <see cref="RecordPseudonymizer"/> and
    /// <see cref="AccessEventEncoder"/> for queries and for entries written inside business transactions. The log is also
    /// registered as the access chain's <see cref="IChainWriter"/>, so the hosted checkpoint publisher appends its entries
    /// through it instead of contending with it for the chain's lock.
    /// Options are validated at start-up. When the host stops, the container disposes the log, which
    /// commits what is queued (up to <see cref="GroupCommitOptions.ShutdownTimeout"/>) and logs what it could not.
    /// </summary>
    /// <param name="builder">The builder from <c>AddComplianceKit</c>.</param>
    /// <param name="configure">Sets the pseudonym key (required) and the chain.</param>
    /// <param name="configureGroupCommit">Sets batch size, longest wait, queue capacity, queue-full behaviour and shutdown timeout.</param>
    /// <returns>The same builder.</returns>
    public static ComplianceKitBuilder AddAccessAudit<TContext>(this ComplianceKitBuilder builder, Action<AccessAuditOptions> configure,
        Action<GroupCommitOptions>? configureGroupCommit = null)
        where TContext : DbContext, IComplianceKitDbContext
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configure);
        var services = builder.Services;
        services.AddOptions<AccessAuditOptions>()
            .Configure(configure)
            .Validate(o => o.PseudonymKey is { } key && RecordPseudonymizer.KeyProblem(key) is null,
                $"AccessAuditOptions.PseudonymKey must hold at least {RecordPseudonymizer.MinimumKeySize} bytes of secret random data, not all zero.")
            .Validate(o => IsValidChainId(o.ChainId), "AccessAuditOptions.ChainId must be 1 to 64 of letters, digits, '.', '_', ':' and '-'.")
            .ValidateOnStart();
        services.AddOptions<GroupCommitOptions>()
            .Configure(o => configureGroupCommit?.Invoke(o))
            .Validate<IOptions<ComplianceKitOptions>>((o, ledger) => o.FindError(ledger.Value.MaxBatchSize) is null,
                "GroupCommitOptions are out of range: a positive batch size within ComplianceKitOptions.MaxBatchSize, a positive queue capacity, no negative delay or timeout.")
            .ValidateOnStart();
        services.TryAddSingleton(sp => new RecordPseudonymizer(sp.GetRequiredService<IOptions<AccessAuditOptions>>().Value.PseudonymKey));
        services.TryAddSingleton(sp => new AccessEventEncoder(sp.GetRequiredService<RecordPseudonymizer>()));
        services.TryAddSingleton<GroupCommitAccessLog<TContext>>();
        services.TryAddSingleton<IAccessAuditLog>(sp => sp.GetRequiredService<GroupCommitAccessLog<TContext>>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IChainWriter, GroupCommitAccessLog<TContext>>(sp => sp.GetRequiredService<GroupCommitAccessLog<TContext>>()));
        return builder;
    }

    private static bool IsValidChainId(string chainId)
    {
        try
        {
            LedgerLimits.ValidateChainId(chainId);
            return true;
        }
        catch (LedgerValidationException)
        {
            return false;
        }
    }
}
