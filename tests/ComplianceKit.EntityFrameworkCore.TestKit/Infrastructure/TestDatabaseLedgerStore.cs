using ComplianceKit.Ledger;
using ComplianceKit.Ledger.Specification;
using NodaTime;

namespace ComplianceKit.EntityFrameworkCore.TestKit.Infrastructure;

/// <summary>The EF store under the ledger contract: a fresh <see cref="TestDatabase"/>, one host context per opened ledger.</summary>
public sealed class TestDatabaseLedgerStore(TestDatabase database) : ILedgerStore
{
    private readonly List<HostDbContext> _contexts = [];

    /// <summary>A store over a new empty database on <paramref name="engine"/>.</summary>
    public static async Task<ILedgerStore> CreateAsync(IStoreEngine engine) => new TestDatabaseLedgerStore(await TestDatabase.CreateAsync(engine));

    /// <inheritdoc />
    public IComplianceLedger Open(IClock clock, ComplianceKitOptions options)
    {
        var context = database.CreateContext();
        lock (_contexts)
        {
            _contexts.Add(context);
        }

        return database.CreateLedger(context, clock, options);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        foreach (var context in _contexts)
        {
            await context.DisposeAsync();
        }

        await database.DisposeAsync();
    }
}
