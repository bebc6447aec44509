using ComplianceKit;
using ComplianceKit.Access;
using ComplianceKit.AspNetCore.AccessTrail;
using ComplianceKit.AspNetCore.Health;
using ComplianceKit.EntityFrameworkCore;
using ComplianceKit.EntityFrameworkCore.GroupCommit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Adds the PHI access trail of an ASP.NET Core host to ComplianceKit.</summary>
public static class AccessTrailBuilderExtensions
{
    /// <summary>
    /// One registration for the access trail: the group-commit <see cref="IAccessAuditLog"/> (<c>AddAccessAudit</c>) with its
    /// pseudonym key and chain read from configuration (<see cref="AccessTrailOptions.ConfigurationSection"/>, key in hex), the
    /// endpoint filter that <c>RecordsAccess()</c> puts on endpoints, and the EF Core interceptor on <typeparamref name="TContext"/>
    /// that notes every <see cref="IPhiRecord"/> read or written during a request. The host registers <typeparamref name="TContext"/>
    /// with <c>AddDbContextFactory</c> (the log's writer makes its own context). A missing, short or all-zero key fails the host's start.
    /// </summary>
    /// <param name="builder">The builder from <c>AddComplianceKit</c>, with the EF Core store registered.</param>
    /// <param name="configure">Changes where the key is read from and what is read from each request.</param>
    /// <param name="configureGroupCommit">Batch size, queue capacity and the rest of <see cref="GroupCommitOptions"/>.</param>
    /// <returns>The same builder.</returns>
    public static ComplianceKitBuilder AddAccessTrail<TContext>(this ComplianceKitBuilder builder, Action<AccessTrailOptions>? configure = null,
        Action<GroupCommitOptions>? configureGroupCommit = null)
        where TContext : DbContext, IComplianceKitDbContext
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        services.AddOptions<AccessTrailOptions>().Configure(o => configure?.Invoke(o));
        services.AddOptions<AccessAuditOptions>().Configure<IConfiguration, IOptions<AccessTrailOptions>>((o, configuration, trail) =>
        {
            var section = configuration.GetSection(trail.Value.ConfigurationSection);
            if (section["ChainId"] is { Length: > 0 } chain)
            {
                o.ChainId = chain;
            }

            // An invalid hex key is left unset, so start-up validation fails with the documented message.
            if (o.PseudonymKey is null && section["PseudonymKey"] is { Length: > 0 } hex && hex.Length % 2 == 0 && hex.All(char.IsAsciiHexDigit))
            {
                o.PseudonymKey = Convert.FromHexString(hex);
            }
        });
        builder.AddAccessAudit<TContext>(_ => { }, configureGroupCommit);
        services.AddHttpContextAccessor();
        services.TryAddSingleton<AccessTrailFilter>();
        services.TryAddSingleton<AccessTrailInterceptor>();
        services.TryAddSingleton(sp =>
        {
            var log = sp.GetRequiredService<GroupCommitAccessLog<TContext>>();
            return new AccessQueueProbe(log.ChainId, () => log.QueueLength, sp.GetRequiredService<IOptions<GroupCommitOptions>>().Value.QueueCapacity);
        });
        services.ConfigureDbContext<TContext>((sp, options) => options.AddInterceptors(sp.GetRequiredService<AccessTrailInterceptor>()));
        return builder;
    }
}
