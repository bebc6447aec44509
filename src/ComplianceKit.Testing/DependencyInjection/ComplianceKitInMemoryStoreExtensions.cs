using ComplianceKit.Ledger;
using ComplianceKit.Testing.Ledger;
using ComplianceKit;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using NodaTime;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Adds the in-memory store (ComplianceKit.Testing) to ComplianceKit, in place of a database store, for tests.</summary>
public static class ComplianceKitInMemoryStoreExtensions
{
    /// <summary>
    /// Keeps the ledger in memory: one <see cref="InMemoryLedgerStore"/> for the service provider (a singleton, like a
    /// database) and an <see cref="InMemoryComplianceLedger"/> per scope as <see cref="IComplianceLedger"/>, so the writers
    /// <c>AddComplianceKit</c> registers (approvals, administration, evidence) and a host's own services append to it.
    /// Register a <c>NodaTime.Testing.FakeClock</c> as <c>IClock</c> before <c>AddComplianceKit</c> to control time.
    /// For tests only: nothing is persisted.
    /// </summary>
    /// <param name="builder">The builder from <c>AddComplianceKit</c>.</param>
    /// <returns>The same builder, for chaining.</returns>
    public static ComplianceKitBuilder AddInMemoryStore(this ComplianceKitBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.TryAddSingleton<InMemoryLedgerStore>();
        builder.Services.TryAddScoped<IComplianceLedger>(sp => new InMemoryComplianceLedger(
            sp.GetRequiredService<InMemoryLedgerStore>(), sp.GetRequiredService<IClock>(), sp.GetRequiredService<IOptions<ComplianceKitOptions>>()));
        return builder;
    }
}
