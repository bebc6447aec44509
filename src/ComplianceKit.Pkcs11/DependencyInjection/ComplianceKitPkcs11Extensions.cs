using ComplianceKit.Pkcs11;
using ComplianceKit.Signing;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers signers whose keys stay on a PKCS #11 token.</summary>
public static class ComplianceKitPkcs11Extensions
{
    /// <summary>
    /// Registers a <see cref="Pkcs11Signer"/> as the host's <see cref="ICmsSigner"/> (and as itself), a singleton opened
    /// on first use from <see cref="Pkcs11SignerOptions"/> (the unnamed options: <paramref name="configure"/>, and whatever
    /// the host binds from configuration with <c>services.Configure&lt;Pkcs11SignerOptions&gt;(section)</c>). The
    /// container disposes it, which logs out and releases the module.
    /// </summary>
    /// <returns>The builder, to chain further registrations.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="builder"/> is null.</exception>
    public static ComplianceKitBuilder AddPkcs11Signer(this ComplianceKitBuilder builder, Action<Pkcs11SignerOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var options = builder.Services.AddOptions<Pkcs11SignerOptions>();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        builder.Services.AddSingleton(sp => Pkcs11Signer.Open(sp.GetRequiredService<IOptions<Pkcs11SignerOptions>>().Value));
        builder.Services.AddSingleton<ICmsSigner>(sp => sp.GetRequiredService<Pkcs11Signer>());
        return builder;
    }

    /// <summary>
    /// Registers a <see cref="Pkcs11Signer"/> as a keyed <see cref="ICmsSigner"/> (and keyed <see cref="Pkcs11Signer"/>)
    /// under <paramref name="name"/>, opened on first use from the named <see cref="Pkcs11SignerOptions"/>
    /// <paramref name="name"/>: one registration per key, for example an officer's smart card and the organisation's
    /// HSM key for checkpoints. Resolve with <c>GetRequiredKeyedService&lt;ICmsSigner&gt;(name)</c> or <c>[FromKeyedServices]</c>.
    /// </summary>
    /// <returns>The builder, to chain further registrations.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="builder"/> or <paramref name="name"/> is null.</exception>
    public static ComplianceKitBuilder AddPkcs11Signer(this ComplianceKitBuilder builder, string name, Action<Pkcs11SignerOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(name);
        var options = builder.Services.AddOptions<Pkcs11SignerOptions>(name);
        if (configure is not null)
        {
            options.Configure(configure);
        }

        builder.Services.AddKeyedSingleton(name, (sp, _) => Pkcs11Signer.Open(sp.GetRequiredService<IOptionsMonitor<Pkcs11SignerOptions>>().Get(name)));
        builder.Services.AddKeyedSingleton<ICmsSigner>(name, (sp, key) => sp.GetRequiredKeyedService<Pkcs11Signer>(key));
        return builder;
    }
}
