using ComplianceKit.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;

namespace ComplianceKit.Cli.Hosting;

/// <summary>
/// The tool is a host like any app: its services come from <c>AddComplianceKit().AddEntityFrameworkCoreStore&lt;ComplianceKitDbContext&gt;()</c>
/// over the ledger a command names, and its clock is the one <c>AddComplianceKit</c> registers.
/// </summary>
internal static class CliHost
{
    private static readonly Lazy<IClock> RegisteredClock = new(() =>
    {
        using var services = new ServiceCollection().AddComplianceKit().Services.BuildServiceProvider();
        return services.GetRequiredService<IClock>();
    });

    /// <summary>The clock <c>AddComplianceKit</c> registers (the real one): the tool names no clock of its own.</summary>
    public static IClock Clock => RegisteredClock.Value;

    /// <summary>
    /// The services over one ledger, as an app registers them, with <paramref name="clock"/> (tests pass a fake one);
    /// <paramref name="provider"/> chooses the database (<see cref="Files.LedgerDatabase"/>, the one place that does);
    /// <paramref name="configure"/> adds to the ComplianceKit builder (options, retention) before the provider is built.
    /// </summary>
    public static ServiceProvider Build(Action<DbContextOptionsBuilder> provider, IClock clock, Action<ComplianceKitBuilder>? configure = null)
    {
        var services = new ServiceCollection().AddSingleton(clock);
        services.AddDbContext<ComplianceKitDbContext>(provider);
        var kit = services.AddComplianceKit().AddEntityFrameworkCoreStore<ComplianceKitDbContext>().Kit; // the dialect comes with the provider (LedgerDatabase)
        configure?.Invoke(kit);
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true, ValidateOnBuild = true });
    }
}
