using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using ComplianceKit.Bundles;
using ComplianceKit.Canonicalization;
using ComplianceKit.Ledger;
using ComplianceKit.Merkle;
using ComplianceKit.Signing;
using ComplianceKit.Testing.Pki;
using NodaTime;
using NodaTime.Testing;

namespace ComplianceKit.Benchmarks.Bundles;

/// <summary>
/// A full-export bundle of <c>n</c> entries (the benchmark chain's drafts, linked as the store links them),
/// signed by a throwaway CA's organisation certificate. Kept in the temp folder between runs with its CA
/// (<c>compliancekit-bench-bundle-{n}.zip</c> and <c>.ca.pem</c>), so the CLI can be measured on the same file.
/// </summary>
internal static class BenchmarkBundle
{
    public static async Task<(string Bundle, string CaPem)> CreateAsync(int size)
    {
        var bundle = Path.Combine(Path.GetTempPath(), $"compliancekit-bench-bundle-{size}.zip");
        var caPem = bundle + ".ca.pem";
        if (File.Exists(bundle) && File.Exists(caPem))
        {
            return (bundle, caPem);
        }

        var now = Instant.FromUtc(2026, 1, 1, 0, 0);
        using var authority = TestCertificateAuthority.CreateRoot(new FakeClock(now), "CN=Benchmark Root CA, O=ComplianceKit Benchmarks",
            TestKeyType.EcdsaP256, now.Minus(Duration.FromDays(1)), now.Plus(Duration.FromDays(3650)));
        var ca = authority.Certificate;
        using var org = authority.Issue("CN=Benchmark Clinic ledger, O=Benchmark Clinic", new TestCertificateProfile
        {
            ValidFrom = now.Minus(Duration.FromDays(1)), ValidUntil = now.Plus(Duration.FromDays(365)), KeyUsage = X509KeyUsageFlags.DigitalSignature,
        });
        using var signer = new X509CertificateSigner(org);

        var state = ChainState.Empty("bench");
        var options = new ComplianceKitOptions();
        var guard = new PayloadPrivacyGuard(allowPhi: false);
        var tree = new CompactRange();
        var temporary = bundle + ".tmp";
        await using (var file = File.Create(temporary))
        {
            // The tree head is known only after linking, so link first, holding hashes, then write.
            var linked = new List<LedgerEntry>(size);
            for (var start = 0; start < size; start += 10_000)
            {
                var prepared = Enumerable.Range(start, Math.Min(10_000, size - start))
                    .Select(i => PreparedEntry.Prepare(BenchmarkData.Draft(i), options, guard)).ToList();
                foreach (var entry in ChainLinker.Link(state, prepared, now.Plus(Duration.FromMilliseconds(start)), []))
                {
                    tree.Append(MerkleHasher.HashLeaf(entry.EntryHash));
                    linked.Add(entry);
                }
            }

            var head = new MerkleTreeHead(tree.Size, tree.ComputeRoot());
            using var composer = new BundleComposer(file, "Benchmark Clinic", "bench", head, now.Plus(Duration.FromDays(1)), BundleScope.Full);
            foreach (var entry in linked)
            {
                await composer.AddEntryAsync(entry, null, CancellationToken.None);
            }

            await composer.CompleteAsync((_, _) => Task.FromResult<IReadOnlyList<byte[]>>([]), null, [ca], signer, CancellationToken.None);
        }

        File.Move(temporary, bundle, overwrite: true);
        await File.WriteAllTextAsync(caPem, ca.ExportCertificatePem());
        return (bundle, caPem);
    }
}
