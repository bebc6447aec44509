using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace ComplianceKit.EntityFrameworkCore.Dialects;

/// <summary>Carries a context's <see cref="ILedgerDialect"/> in its EF Core options, so every context the host builds brings its dialect.</summary>
internal sealed class LedgerDialectOptionsExtension(ILedgerDialect dialect) : IDbContextOptionsExtension
{
    private DbContextOptionsExtensionInfo? _info;

    public ILedgerDialect Dialect { get; } = dialect;

    public DbContextOptionsExtensionInfo Info => _info ??= new ExtensionInfo(this);

    public void ApplyServices(IServiceCollection services)
    {
        // Nothing: the dialect is read from the options, it adds no EF service.
    }

    public void Validate(IDbContextOptions options)
    {
    }

    private sealed class ExtensionInfo(LedgerDialectOptionsExtension extension) : DbContextOptionsExtensionInfo(extension)
    {
        public override bool IsDatabaseProvider => false;

        public override string LogFragment => $"ComplianceKitDialect={extension.Dialect.GetType().Name} ";

        public override int GetServiceProviderHashCode() => 0;

        public override bool ShouldUseSameServiceProvider(DbContextOptionsExtensionInfo other) => other is ExtensionInfo;

        public override void PopulateDebugInfo(IDictionary<string, string> debugInfo) =>
            debugInfo["ComplianceKit:Dialect"] = extension.Dialect.GetType().FullName ?? "";
    }
}
