using ComplianceKit.EntityFrameworkCore.Dialects;
using Microsoft.EntityFrameworkCore;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>
/// The EF Core store being registered for one context type; a dialect package completes it
/// (<c>.UseSqliteDialect()</c>, <c>.UsePostgreSqlDialect()</c>) and returns the <see cref="ComplianceKitBuilder"/>.
/// </summary>
public sealed class EntityFrameworkCoreStoreBuilder
{
    private readonly Action<ILedgerDialect> _useDialect;

    internal EntityFrameworkCoreStoreBuilder(ComplianceKitBuilder kit, Type contextType, Action<ILedgerDialect> useDialect)
    {
        Kit = kit;
        ContextType = contextType;
        _useDialect = useDialect;
    }

    /// <summary>The ComplianceKit registration the store belongs to.</summary>
    public ComplianceKitBuilder Kit { get; }

    /// <summary>The host's context type that keeps the ledger.</summary>
    public Type ContextType { get; }

    /// <summary>
    /// Sets <paramref name="dialect"/> on every <see cref="ContextType"/> the host's DI builds (through
    /// <c>ConfigureDbContext</c>, before or after the host's <c>AddDbContext</c>) and registers it as the
    /// <see cref="ILedgerDialect"/> service. Dialect packages call this from their own registration method.
    /// </summary>
    /// <returns>The ComplianceKit registration, to chain further.</returns>
    public ComplianceKitBuilder UseDialect(ILedgerDialect dialect)
    {
        ArgumentNullException.ThrowIfNull(dialect);
        _useDialect(dialect);
        Kit.Services.AddSingleton<ILedgerDialect>(dialect);
        return Kit;
    }

    /// <summary>Creates the builder for <typeparamref name="TContext"/>.</summary>
    internal static EntityFrameworkCoreStoreBuilder For<TContext>(ComplianceKitBuilder kit)
        where TContext : DbContext =>
        new(kit, typeof(TContext), dialect => kit.Services.ConfigureDbContext<TContext>(o => o.UseComplianceKitDialect(dialect)));
}
