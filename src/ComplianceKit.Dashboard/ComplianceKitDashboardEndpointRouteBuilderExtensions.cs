using ComplianceKit.Dashboard;
using ComplianceKit.Dashboard.Pages;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Microsoft.AspNetCore.Builder;

/// <summary>Mounts the ComplianceKit officer's dashboard on a host's endpoints, as Hangfire mounts its dashboard.</summary>
public static class ComplianceKitDashboardEndpointRouteBuilderExtensions
{
    /// <summary>
    /// Maps the dashboard at <paramref name="pattern"/> (the page) and <c>{pattern}/bundle</c> (an evidence bundle download), both
    /// requiring <see cref="ComplianceKitDashboardOptions.AuthorizationPolicy"/> unless <see cref="ComplianceKitDashboardOptions.AllowAnonymous"/>.
    /// The host must have registered ComplianceKit and a store (<c>AddComplianceKit().Add...Store()</c>) and, for a policy, authorization.
    /// Every request verifies the chain and decides only from its verified entries.
    /// </summary>
    /// <returns>The group's convention builder, for further conventions (rate limiting, host filters).</returns>
    /// <exception cref="InvalidOperationException">Neither a policy nor anonymous access was configured.</exception>
    public static RouteGroupBuilder MapComplianceKitDashboard(this IEndpointRouteBuilder endpoints, string pattern, Action<ComplianceKitDashboardOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        ArgumentException.ThrowIfNullOrEmpty(pattern);
        ArgumentNullException.ThrowIfNull(configure);
        var options = new ComplianceKitDashboardOptions();
        configure(options);
        if (options.AuthorizationPolicy is not { Length: > 0 } && !options.AllowAnonymous)
        {
            throw new InvalidOperationException(
                "The ComplianceKit dashboard shows PHI-adjacent compliance data: name an AuthorizationPolicy, or set AllowAnonymous explicitly when the path is protected otherwise.");
        }

        if (options.WitnessesRequired is { } required && (required < 1 || required > options.Witnesses.Count))
        {
            throw new InvalidOperationException($"ComplianceKitDashboardOptions.WitnessesRequired must be between 1 and the {options.Witnesses.Count} witness(es) pinned.");
        }

        var group = endpoints.MapGroup(pattern);
        if (options.AuthorizationPolicy is { Length: > 0 } policy)
        {
            group.RequireAuthorization(policy);
        }
        else
        {
            group.AllowAnonymous();
        }

        group.MapGet("/", (HttpContext context) => DashboardEndpoints.PageAsync(context, options)).ExcludeFromDescription();
        group.MapGet("/bundle", (HttpContext context) => DashboardEndpoints.BundleAsync(context, options)).ExcludeFromDescription();
        return group;
    }
}
