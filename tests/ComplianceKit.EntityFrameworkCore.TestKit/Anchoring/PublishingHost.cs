using ComplianceKit.Anchoring;
using ComplianceKit.EntityFrameworkCore.TestKit.Infrastructure;
using ComplianceKit.Signing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;

namespace ComplianceKit.EntityFrameworkCore.TestKit.Anchoring;

/// <summary>The services a host with the hosted checkpoint publisher registers, over a test database (Organization "Test Clinic").</summary>
internal static class PublishingHost
{
    /// <summary>Logging, the clock, the organisation's signer, the host's contexts and the EF Core store; the caller adds the publisher.</summary>
    public static (ServiceCollection Services, ComplianceKitBuilder Kit) Create(TestDatabase db, IClock clock, ICmsSigner organisation)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton(clock);
        services.AddSingleton(organisation);
        services.AddSingleton<IDbContextFactory<HostDbContext>>(new HostContextFactory(db));
        services.AddScoped(_ => db.CreateContext());
        var kit = services.AddComplianceKit(o => o.Organization = "Test Clinic");
        kit.AddEntityFrameworkCoreStore<HostDbContext>(); // the test database's contexts carry its dialect
        return (services, kit);
    }

    /// <summary>Publishes <paramref name="chain"/> every <paramref name="everyEntries"/> entries, looked for every 20 ms, to a directory sink, co-signed by <paramref name="witness"/>.</summary>
    public static void Publish(CheckpointPublishingOptions options, string chain, long everyEntries, string sink, ICheckpointWitnessClient witness)
    {
        options.Chains.Add(chain);
        options.Schedule = new CheckpointSchedule { EveryEntries = everyEntries };
        options.PollInterval = Duration.FromMilliseconds(20);
        options.Sinks.Add(new DirectoryCheckpointSink(sink));
        options.Witnesses.Add(witness);
    }
}
