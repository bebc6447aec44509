using ComplianceKit.Access;
using ComplianceKit.EntityFrameworkCore.GroupCommit;
using ComplianceKit.EntityFrameworkCore.TestKit.Access;
using ComplianceKit.EntityFrameworkCore.TestKit.Infrastructure;
using ComplianceKit.EntityFrameworkCore.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using NodaTime;
using NodaTime.Testing;

namespace ComplianceKit.EntityFrameworkCore.Tests.Access;

/// <summary>AddAccessAudit wires the group-commit log the way a host would.</summary>
public sealed class AccessAuditRegistrationTests
{
    [Fact]
    public async Task AddAccessAudit_WithAContextFactory_RecordsThroughOneSingletonAndFlushesOnDispose()
    {
        await using var db = await TestDatabase.CreateAsync(StoreEngines.Sqlite);
        var services = new ServiceCollection();
        services.AddSingleton<IDbContextFactory<HostDbContext>>(new HostContextFactory(db));
        services.AddSingleton<IClock>(new FakeClock(Instant.FromUtc(2026, 3, 2, 9, 0)));
        services.AddComplianceKit(o => o.Organization = "Acme Clinic")
            .AddAccessAudit<HostDbContext>(o => o.PseudonymKey = AccessTestKit.Key, g => g.MaxBatchSize = 50);

        AccessReceipt receipt;
        await using (var provider = services.BuildServiceProvider())
        {
            var log = provider.GetRequiredService<IAccessAuditLog>();
            Assert.Same(provider.GetRequiredService<GroupCommitAccessLog<HostDbContext>>(), log);
            receipt = await log.RecordAsync(AccessTestKit.Event("patient/1"));
            Assert.Equal(AccessTestKit.Pseudonymizer.Pseudonymize("patient/1"), provider.GetRequiredService<RecordPseudonymizer>().Pseudonymize("patient/1"));
        }

        Assert.Equal("access", receipt.ChainId);
        Assert.Equal(1, await AccessTestKit.CountEntriesAsync(db));
    }

    [Fact]
    public void AddAccessAudit_WithoutAKey_FailsValidationNamingTheKey()
    {
        var services = new ServiceCollection();
        services.AddComplianceKit().AddAccessAudit<HostDbContext>(o => o.ChainId = "access");
        using var provider = services.BuildServiceProvider();

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<AccessAuditOptions>>().Value);

        Assert.Contains("PseudonymKey", error.Message, StringComparison.Ordinal);
    }
}
