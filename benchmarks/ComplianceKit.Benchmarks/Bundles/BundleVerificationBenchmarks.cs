using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using BenchmarkDotNet.Attributes;
using ComplianceKit.Bundles;
using ComplianceKit.Signing;

namespace ComplianceKit.Benchmarks.Bundles;

/// <summary>
/// Offline verification of a full-export bundle against the hashing limit: SHA-256 over the same file's
/// bytes, read the same way, in the same run (what <c>sha256sum bundle.zip</c> does).
/// </summary>
[MemoryDiagnoser]
public class BundleVerificationBenchmarks
{
    private string _bundle = "";
    private EvidenceBundleVerifier _verifier = null!;

    /// <summary>Entries in the bundle.</summary>
    [ParamsSource(nameof(Sizes))]
    public int Entries { get; set; }

    public static IEnumerable<int> Sizes => BenchmarkData.Smoke ? [1_000] : [100_000, 1_000_000];

    [GlobalSetup]
    public async Task SetupAsync()
    {
        var (bundle, caPem) = await BenchmarkBundle.CreateAsync(Entries);
        _bundle = bundle;
        var anchors = new X509Certificate2Collection();
        anchors.ImportFromPemFile(caPem);
        _verifier = new EvidenceBundleVerifier(new SignatureTrustPolicy(anchors));
    }

    [Benchmark(Baseline = true, Description = "SHA-256 of the bundle file (sha256sum)")]
    public async Task<byte[]> Sha256OfBundleFile()
    {
        await using var file = new FileStream(_bundle, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 20, FileOptions.SequentialScan);
        return await SHA256.HashDataAsync(file);
    }

    [Benchmark(Description = "verify bundle (files, entries, chain, root, checkpoint signature)")]
    public async Task<bool> VerifyBundle()
    {
        await using var file = new FileStream(_bundle, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
        var report = await _verifier.VerifyAsync(file);
        return report.IsValid ? true : throw new InvalidOperationException(report.FirstFailure?.ToString());
    }
}
