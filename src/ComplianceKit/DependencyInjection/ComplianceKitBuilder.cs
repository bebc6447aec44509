namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Returned by <c>AddComplianceKit</c>; store packages add their extension methods here.</summary>
public sealed class ComplianceKitBuilder
{
    /// <summary>Wraps the host's services.</summary>
    public ComplianceKitBuilder(IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        Services = services;
    }

    /// <summary>The host's services.</summary>
    public IServiceCollection Services { get; }
}
