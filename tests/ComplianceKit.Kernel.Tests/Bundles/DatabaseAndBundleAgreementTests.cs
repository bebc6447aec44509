using ComplianceKit.Ledger;
using ComplianceKit.Bundles;
using ComplianceKit.Retention;
using ComplianceKit.Verification;

namespace ComplianceKit.Tests.Bundles;

/// <summary>
/// One rule, one implementation: the chain check <c>verify --db</c> runs (ChainVerifier with the chain's
/// PurgeRegistry) and the bundle verifier give the same verdict and name the same entry.
/// </summary>
public sealed class DatabaseAndBundleAgreementTests
{
    public static TheoryData<string> ForgedPurges => new()
    {
        { """{"asOf":"2026-01-01T00:00:00Z","count":5,"policy":"p","policyEntry":0,"ranges":[[3,3]]}""" },
        { """{"asOf":"2026-01-01T00:00:00Z","count":1,"policy":"p","ranges":[[3,3]]}""" },
        { """{"asOf":"2026-01-01T00:00:00Z","count":1,"policy":"p","policyEntry":99,"ranges":[[3,3]]}""" },
        { """{"policy":"p","ranges":[[3,3]]}""" },
    };

    [Theory]
    [MemberData(nameof(ForgedPurges))]
    public async Task ForgedPurge_IsPayloadMissingInTheDatabaseCheckAndInTheBundle(string forgedPayload)
    {
        var chain = await BundleTestChain.CreateAsync(facts: 8);
        var purge = chain.PurgeWith(forgedPayload, 3);
        var declared = new ManifestPurge(purge.Sequence, "p", [(3, 3)]);

        var database = VerifyLikeTheDatabase(chain);
        var honest = await BundleVerification.VerifyAsync(await chain.BundleAsync());
        var insider = await BundleVerification.VerifyAsync(await BundleZip.ResignAsync(await chain.BundleAsync(), (_, b) => b,
            m => BundleZip.Copy(m, purges: [declared])));
        var selective = await BundleVerification.VerifyAsync(await BundleZip.ResignAsync(await chain.BundleAsync(new BundleScope(entryTypes: [chain.Entries[3].EntryType])),
            (_, b) => b, m => BundleZip.Copy(m, purges: [declared])));

        Assert.Equal(VerificationStatus.PayloadMissing, database.Status);
        Assert.Equal(3, database.FirstFailure!.Sequence);
        foreach (var report in new[] { honest, insider, selective })
        {
            Assert.Equal(BundleVerdict.Invalid, report.Verdict);
            Assert.True(report.Findings.Any(f => f.Kind == BundleFindingKind.PayloadMissing && f.Sequence == 3), BundleVerification.Describe(report));
            Assert.DoesNotContain(report.Findings, f => f.Kind == BundleFindingKind.PayloadPurged);
            Assert.Equal(0, report.PurgedEntries);
        }
    }

    [Fact]
    public async Task ValidPurge_IsPayloadPurgedInBoth()
    {
        var chain = await BundleTestChain.CreateAsync(facts: 8);
        chain.Purge("p", 3);

        var database = VerifyLikeTheDatabase(chain);
        var bundle = await BundleVerification.VerifyAsync(await chain.BundleAsync());

        Assert.Equal(VerificationStatus.PayloadPurged, database.Status);
        Assert.True(bundle.IsValid, BundleVerification.Describe(bundle));
        Assert.Contains(bundle.Findings, f => f.Kind == BundleFindingKind.PayloadPurged && f.Sequence == 3);
    }

    /// <summary>What EntityFrameworkLedger.VerifyAsync does: the chain's purge entries first, then every entry in order.</summary>
    private static ChainVerificationReport VerifyLikeTheDatabase(BundleTestChain chain)
    {
        var verifier = new ChainVerifier(BundleTestChain.ChainId, PurgeRegistry.FromEntries(chain.Entries).Explain);
        foreach (var entry in chain.Entries)
        {
            verifier.Add(entry);
        }

        return verifier.Complete();
    }
}
