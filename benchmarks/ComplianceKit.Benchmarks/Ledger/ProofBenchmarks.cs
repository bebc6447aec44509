using BenchmarkDotNet.Attributes;
using ComplianceKit.EntityFrameworkCore;
using ComplianceKit.EntityFrameworkCore.Ledger;

namespace ComplianceKit.Benchmarks.Ledger;

/// <summary>Inclusion and consistency proofs from stored Merkle levels, against reading the chain head (one row).</summary>
[MemoryDiagnoser]
public class ProofBenchmarks
{
    private ComplianceKitDbContext _context = null!;
    private EntityFrameworkLedger<ComplianceKitDbContext> _ledger = null!;
    private readonly Random _random = new(42);

    /// <summary>Entries in the chain.</summary>
    [ParamsSource(nameof(Sizes))]
    public int Entries { get; set; }

    public static IEnumerable<int> Sizes => BenchmarkData.ProofChainSizes;

    [GlobalSetup]
    public async Task SetupAsync()
    {
        _context = new ComplianceKitDbContext(BenchmarkData.Sqlite(await BenchmarkData.ChainDatabaseAsync(Entries)));
        _ledger = BenchmarkData.Ledger(_context);
    }

    [GlobalCleanup]
    public void Cleanup() => _context.Dispose();

    [Benchmark(Baseline = true, Description = "read the tree head (one row)")]
    public Task ReadTreeHead() => _ledger.GetTreeHeadAsync("bench");

    [Benchmark(Description = "inclusion proof, random entry")]
    public Task InclusionProof() => _ledger.GetInclusionProofAsync("bench", _random.NextInt64(Entries), Entries);

    [Benchmark(Description = "consistency proof, random earlier size")]
    public Task ConsistencyProof() => _ledger.GetConsistencyProofAsync("bench", 1 + _random.NextInt64(Entries - 1), Entries);

    [Benchmark(Description = "tree head at a random earlier size")]
    public Task TreeHeadAtEarlierSize() => _ledger.GetTreeHeadAsync("bench", 1 + _random.NextInt64(Entries - 1));
}
