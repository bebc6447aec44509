using ComplianceKit;
using ComplianceKit.Administration;
using ComplianceKit.Approvals;
using ComplianceKit.Bundles;
using ComplianceKit.Evidence;
using ComplianceKit.Ledger;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using NodaTime;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers ComplianceKit with an <see cref="IServiceCollection"/>.</summary>
public static class ComplianceKitServiceCollectionExtensions
{
    /// <summary>
    /// Adds the core services and options; chain a store on the returned builder. Registers the one real
    /// <see cref="IClock"/> (unless the host registered its own) and the writers over the store's ledger, scoped like
    /// it: <see cref="ApprovalRecorder"/> (signed approvals), <see cref="AdministrationRecorder"/> (signed trust anchors, role
    /// grants and gates) and <see cref="EvidenceRecorder"/> (evidence attached, signed or not, and withdrawn), and the
    /// <see cref="EvidenceBundleExporter"/> that reads it.
    /// <see cref="AdministrationTrust"/> comes from <see cref="ComplianceKitOptions.AdministrationRootPem"/> (or the weaker
    /// <see cref="ComplianceKitOptions.AllowUnsignedAdministration"/>).
    /// </summary>
    /// <param name="services">The host's services.</param>
    /// <param name="configure">Sets the options, for example the organisation's name.</param>
    /// <returns>A builder to add a store with.</returns>
    public static ComplianceKitBuilder AddComplianceKit(this IServiceCollection services, Action<ComplianceKitOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddOptions<ComplianceKitOptions>()
            .Configure(o => configure?.Invoke(o))
            .Validate(o => !string.IsNullOrWhiteSpace(o.Organization), "ComplianceKitOptions.Organization is required.")
            .Validate(o => o.MaxBatchSize > 0 && o.MaxPayloadBytes > 0, "ComplianceKitOptions limits must be positive.")
            .ValidateOnStart();
#pragma warning disable RS0030 // The one place the real clock is named; hosts and tests replace it.
        services.TryAddSingleton<IClock>(SystemClock.Instance);
#pragma warning restore RS0030
        services.TryAddScoped<ApprovalRecorder>();
        services.TryAddScoped<ComplianceKit.Anchoring.CheckpointPublisher>();
        services.TryAddScoped<EvidenceRecorder>();

        // Resolved when first asked for: a host with neither a pinned root nor the weaker mode gets the reason then.
        services.TryAddSingleton(sp => AdministrationTrust.FromOptions(sp.GetRequiredService<IOptions<ComplianceKitOptions>>().Value));
        services.TryAddScoped<AdministrationRecorder>();

        // Store-agnostic: reads only IComplianceLedger, so it is scoped like the store's ledger.
        services.TryAddScoped(sp => new EvidenceBundleExporter(sp.GetRequiredService<IComplianceLedger>(), sp.GetRequiredService<IClock>(),
            sp.GetRequiredService<IOptions<ComplianceKitOptions>>().Value));
        return new ComplianceKitBuilder(services);
    }
}
