using ComplianceKit.Ledger;
using ComplianceKit.Ledger.Specification;
using ComplianceKit.Testing.Ledger;
using Microsoft.Extensions.Options;
using NodaTime;

namespace ComplianceKit.Testing.Tests.Ledger;

/// <summary>The in-memory ledger passes the ledger contract every store passes (ComplianceKit.Ledger.Specification).</summary>
public sealed class InMemoryLedgerContractTests : LedgerContractTests
{
    /// <inheritdoc />
    protected override Task<ILedgerStore> CreateStoreAsync() => Task.FromResult<ILedgerStore>(new Store());

    /// <summary>One <see cref="InMemoryLedgerStore"/> per test; each ledger opened over it is one scope's.</summary>
    private sealed class Store : ILedgerStore
    {
        private readonly InMemoryLedgerStore _store = new();

        public IComplianceLedger Open(IClock clock, ComplianceKitOptions options) =>
            new InMemoryComplianceLedger(_store, clock, Options.Create(options));

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
