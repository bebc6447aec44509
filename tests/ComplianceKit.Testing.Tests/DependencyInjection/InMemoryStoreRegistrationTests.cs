using ComplianceKit.Ledger;
using ComplianceKit.Testing.Ledger;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using NodaTime.Testing;

namespace ComplianceKit.Testing.Tests.DependencyInjection;

/// <summary>AddInMemoryStore gives every scope a ledger over one shared store, stamped by the host's clock.</summary>
public sealed class InMemoryStoreRegistrationTests
{
    [Fact]
    public async Task AddInMemoryStore_TwoScopes_ShareOneStoreAndUseTheRegisteredClock()
    {
        var clock = new FakeClock(Instant.FromUtc(2026, 5, 4, 10, 0));
        var services = new ServiceCollection();
        services.AddSingleton<IClock>(clock);
        services.AddComplianceKit(o => o.Organization = "Acme Clinic").AddInMemoryStore();
        await using var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true, ValidateOnBuild = true });

        await using (var scope = provider.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<IComplianceLedger>()
                .AppendAsync(EntryDraft.FromJson("note.added", "case:1", "dev:ana", "{}"));
        }

        await using var other = provider.CreateAsyncScope();
        var ledger = other.ServiceProvider.GetRequiredService<IComplianceLedger>();
        var entry = await ledger.GetEntryAsync("default", 0);

        Assert.IsType<InMemoryComplianceLedger>(ledger);
        Assert.Equal(clock.GetCurrentInstant(), entry!.RecordedAt);
        Assert.True((await ledger.VerifyAsync("default")).IsValid);
    }
}
