using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace ComplianceKit.AspNetCore.Health;

/// <summary>
/// The access trail's group-commit queue: degraded from <see cref="ComplianceKitHealthCheckOptions.QueueDegradedFraction"/> of
/// its capacity, unhealthy when full (callers then wait or are refused). Healthy, saying so, when no access trail is registered.
/// </summary>
internal sealed class AccessQueueHealthCheck(IServiceProvider services, IOptions<ComplianceKitHealthCheckOptions> options) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (services.GetService(typeof(AccessQueueProbe)) is not AccessQueueProbe probe)
        {
            return Task.FromResult(HealthCheckResult.Healthy("No access trail is registered (AddAccessTrail)."));
        }

        var length = probe.Length;
        var data = new Dictionary<string, object> { ["chain"] = probe.ChainId, ["length"] = length, ["capacity"] = probe.Capacity };
        var said = $"The access queue of chain '{probe.ChainId}' holds {length} of {probe.Capacity} events";
        var result = length >= probe.Capacity
            ? HealthCheckResult.Unhealthy($"{said}: full, access events wait or are refused.", data: data)
            : length >= probe.Capacity * options.Value.QueueDegradedFraction
                ? HealthCheckResult.Degraded($"{said}: the database is not keeping up.", data: data)
                : HealthCheckResult.Healthy($"{said}.", data);
        return Task.FromResult(result);
    }
}
