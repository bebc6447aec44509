using ComplianceKit.AspNetCore.Health;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Adds ComplianceKit's health checks to the host's <see cref="IHealthChecksBuilder"/>.</summary>
public static class ComplianceKitHealthChecksBuilderExtensions
{
    /// <summary>
    /// Adds <c>compliancekit-ledger</c> (the ledger is reachable and every chain verifies incrementally, from the point this
    /// process last verified it to the head; unhealthy with the reason otherwise) and <c>compliancekit-access-queue</c> (the access
    /// trail's queue below <see cref="ComplianceKitHealthCheckOptions.QueueDegradedFraction"/> of its capacity, degraded above,
    /// unhealthy when full), and, when <see cref="ComplianceKitHealthCheckOptions.CheckpointSchedule"/> is set,
    /// <c>compliancekit-checkpoint-age</c> (entries anchored by a verified checkpoint within the schedule; degraded one period
    /// late, unhealthy two).
    /// </summary>
    /// <param name="builder">From <c>services.AddHealthChecks()</c>.</param>
    /// <param name="configure">Chains to verify, the queue threshold, tags.</param>
    /// <returns>The same builder.</returns>
    public static IHealthChecksBuilder AddComplianceKitHealthChecks(this IHealthChecksBuilder builder, Action<ComplianceKitHealthCheckOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var options = new ComplianceKitHealthCheckOptions();
        configure?.Invoke(options);
        builder.Services.AddOptions<ComplianceKitHealthCheckOptions>().Configure(o =>
        {
            configure?.Invoke(o);
        });
        builder.Services.TryAddSingleton<VerifiedPoints>();
        builder.Services.TryAddSingleton<LedgerHealthCheck>();
        builder.Services.TryAddSingleton<AccessQueueHealthCheck>();
        builder.Add(new HealthCheckRegistration("compliancekit-ledger", sp => sp.GetRequiredService<LedgerHealthCheck>(), HealthStatus.Unhealthy, options.Tags));
        builder.Add(new HealthCheckRegistration("compliancekit-access-queue", sp => sp.GetRequiredService<AccessQueueHealthCheck>(), HealthStatus.Unhealthy, options.Tags));
        if (options.CheckpointSchedule is not null)
        {
            builder.Services.TryAddSingleton<CheckpointAgeHealthCheck>();
            builder.Add(new HealthCheckRegistration("compliancekit-checkpoint-age", sp => sp.GetRequiredService<CheckpointAgeHealthCheck>(), HealthStatus.Unhealthy, options.Tags));
        }

        return builder;
    }
}
