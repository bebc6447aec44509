using NodaTime;

namespace ComplianceKit.Ledger.Specification;

/// <summary>
/// One empty store under test, made for one test and removed when disposed. A store's test project implements it
/// (a SQLite file, a fresh PostgreSQL database, an in-memory ledger) and returns it from
/// <see cref="LedgerContractTests.CreateStoreAsync"/>.
/// </summary>
public interface ILedgerStore : IAsyncDisposable
{
    /// <summary>
    /// A new ledger over this store, as one DI scope would resolve it: several may be open at once (the concurrency
    /// tests open one per writer), each used by one caller at a time. The store disposes what it opened.
    /// </summary>
    IComplianceLedger Open(IClock clock, ComplianceKitOptions options);
}
