using ComplianceKit.Pkcs11;
using ComplianceKit.Signing;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers signers whose keys stay on a PKCS #11 token (beside <c>AddComplianceKit</c>; this package needs only the kernel).</summary>
public static class Pkcs11ServiceCollectionExtensions
{
    /// <summary>
    /// Registers a <see cref="Pkcs11Signer"/> as the host's <see cref="ICmsSigner"/> (and as itself), a singleton opened
    /// on first use from <see cref="Pkcs11SignerOptions"/> (the unnamed options: <paramref name="configure"/>, and whatever
    /// the host binds from configuration with <c>services.Configure&lt;Pkcs11SignerOptions&gt;(section)</c>). The
    /// container disposes it, which logs out and releases the module.
    /// </summary>
    /// <returns>The services, to chain further registrations.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="services"/> is null.</exception>
    public static IServiceCollection AddPkcs11Signer(this IServiceCollection services, Action<Pkcs11SignerOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var options = services.AddOptions<Pkcs11SignerOptions>();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        services.AddSingleton(sp => Pkcs11Signer.Open(sp.GetRequiredService<IOptions<Pkcs11SignerOptions>>().Value));
        services.AddSingleton<ICmsSigner>(sp => sp.GetRequiredService<Pkcs11Signer>());
        return services;
    }

    /// <summary>
    /// Registers a <see cref="Pkcs11Signer"/> as a keyed <see cref="ICmsSigner"/> (and keyed <see cref="Pkcs11Signer"/>)
    /// under <paramref name="name"/>, opened on first use from the named <see cref="Pkcs11SignerOptions"/>
    /// <paramref name="name"/>: one registration per key, for example an officer's smart card and the organisation's
    /// HSM key for checkpoints. Resolve with <c>GetRequiredKeyedService&lt;ICmsSigner&gt;(name)</c> or <c>[FromKeyedServices]</c>.
    /// </summary>
    /// <returns>The services, to chain further registrations.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="services"/> or <paramref name="name"/> is null.</exception>
    public static IServiceCollection AddPkcs11Signer(this IServiceCollection services, string name, Action<Pkcs11SignerOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(name);
        var options = services.AddOptions<Pkcs11SignerOptions>(name);
        if (configure is not null)
        {
            options.Configure(configure);
        }

        services.AddKeyedSingleton(name, (sp, _) => Pkcs11Signer.Open(sp.GetRequiredService<IOptionsMonitor<Pkcs11SignerOptions>>().Get(name)));
        services.AddKeyedSingleton<ICmsSigner>(name, (sp, key) => sp.GetRequiredKeyedService<Pkcs11Signer>(key));
        return services;
    }
}
