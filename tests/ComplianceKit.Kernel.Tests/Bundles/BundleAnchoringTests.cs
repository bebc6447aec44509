using System.Security.Cryptography.X509Certificates;
using ComplianceKit.Anchoring;
using ComplianceKit.Bundles;
using ComplianceKit.Tests.Signing;
using NodaTime;

namespace ComplianceKit.Tests.Bundles;

/// <summary>
/// A bundle held to published checkpoints and witness co-signatures (docs/FORMAT.md 12.14): carried checkpoints, the auditor's own,
/// contradictions, checkpoints newer than the bundle, forged and untrusted co-signatures, the quorum, and version 1's refusal of the member.
/// </summary>
public sealed class BundleAnchoringTests
{
    private static X509Certificate2 Witness => TestPki.Instance.EcdsaSigner;

    private static X509Certificate2 OtherWitness => TestPki.Instance.IntermediateSigner;

    [Fact]
    public async Task Verify_ACarriedCheckpointCosignedByAPinnedWitness_AnchorsItsPrefixAndNamesTheWitness()
    {
        var chain = await ChainAsync();
        var published = await chain.PublishedAsync(12, chain.Now, Witness);
        var bundle = await chain.BundleAsync(carried: [published]);

        var report = await BundleVerification.VerifyAsync(bundle, new BundleVerificationOptions { Witnesses = [Witness] });

        Assert.True(report.IsValid, BundleVerification.Describe(report));
        var anchoring = Assert.IsType<BundleAnchoring>(report.Anchoring);
        Assert.Equal(1, anchoring.CheckpointsCarried);
        Assert.Equal(12, anchoring.Report.AnchoredSize);
        Assert.Equal(8, anchoring.Report.UnanchoredEntries);
        Assert.Equal(chain.Now, anchoring.Report.NewestAnchorTime);
        Assert.Equal([Witness.Subject], anchoring.NewestAnchorWitnesses);
        var manifest = BundleManifest.Parse(BundleZip.Members(bundle)[BundleFormat.ManifestFile]);
        var anchor = Assert.Single(manifest.Anchors);
        Assert.Equal(BundleFormat.AnchorCosignatureFile(12, CertificateFingerprintOf(Witness)), Assert.Single(anchor.CosignatureFiles));
    }

    [Fact]
    public async Task Verify_CarriedCheckpointsWithoutWitnesses_AnchorNothing()
    {
        var chain = await ChainAsync();
        var bundle = await chain.BundleAsync(carried: [await chain.PublishedAsync(12, chain.Now, Witness)]);

        var report = await BundleVerification.VerifyAsync(bundle);

        Assert.True(report.IsValid, BundleVerification.Describe(report));
        Assert.Equal(0, report.Anchoring!.Report.AnchoredSize);
        Assert.Equal(20, report.Anchoring.Report.UnanchoredEntries);
    }

    [Fact]
    public async Task Verify_APublishedCheckpointTheFullBundleRewrote_IsAnchorContradictedNamingIt()
    {
        var chain = await ChainAsync();
        var rewritten = await BundleTestChain.SignedAsync(new Checkpoint(chain.CheckpointAt(12).Origin, 12, new byte[32]), chain.Now);
        var bundle = await chain.BundleAsync();

        var report = await BundleVerification.VerifyAsync(bundle, new BundleVerificationOptions { PublishedCheckpoints = [rewritten] });

        var finding = Assert.Single(report.Findings, f => f.IsFailure);
        Assert.Equal(BundleFindingKind.AnchorContradicted, finding.Kind);
        Assert.Contains(rewritten.File, finding.Message, StringComparison.Ordinal);
        Assert.StartsWith("Contradicted", finding.Message, StringComparison.Ordinal);
        Assert.Equal(0, report.Anchoring!.Report.AnchoredSize);
    }

    [Fact]
    public async Task Verify_PublishedCheckpointsTheFullBundleExtends_AnchorWithoutCarryingAnything()
    {
        var chain = await ChainAsync();
        var options = new BundleVerificationOptions { PublishedCheckpoints = [await chain.PublishedAsync(7, chain.Now), await chain.PublishedAsync(15, chain.Now)] };

        var report = await BundleVerification.VerifyAsync(await chain.BundleAsync(), options);

        Assert.True(report.IsValid, BundleVerification.Describe(report));
        Assert.Equal(15, report.Anchoring!.Report.AnchoredSize);
        Assert.Equal(0, report.Anchoring.CheckpointsCarried);
    }

    [Fact]
    public async Task Verify_ASelectiveBundleWithoutAProofFromThePublishedSize_IsAnchorUnproven()
    {
        var chain = await ChainAsync();
        var bundle = await chain.BundleAsync(new BundleScope(entryTypes: ["baa.executed"]));

        var report = await BundleVerification.VerifyAsync(bundle, new BundleVerificationOptions { PublishedCheckpoints = [await chain.PublishedAsync(12, chain.Now)] });

        Assert.Equal(BundleFindingKind.AnchorUnproven, Assert.Single(report.Findings, f => f.IsFailure).Kind);
    }

    [Fact]
    public async Task Verify_ASelectiveBundleCarryingTheCheckpoint_IsHeldToTheAuditorsCopyByItsProof()
    {
        var chain = await ChainAsync();
        var honest = await chain.PublishedAsync(12, chain.Now);
        var selective = new BundleScope(entryTypes: ["baa.executed"]);
        var forkedCopy = await BundleTestChain.SignedAsync(new Checkpoint(honest.Checkpoint.Checkpoint.Origin, 12, new byte[32]), chain.Now);

        var consistent = await BundleVerification.VerifyAsync(await chain.BundleAsync(selective, carried: [honest]), new BundleVerificationOptions { PublishedCheckpoints = [honest] });
        var contradicted = await BundleVerification.VerifyAsync(await chain.BundleAsync(selective, carried: [honest]), new BundleVerificationOptions { PublishedCheckpoints = [forkedCopy] });

        Assert.True(consistent.IsValid, BundleVerification.Describe(consistent));
        Assert.Equal(12, consistent.Anchoring!.Report.AnchoredSize);
        Assert.Equal(BundleFindingKind.AnchorContradicted, Assert.Single(contradicted.Findings, f => f.IsFailure).Kind);
    }

    [Fact]
    public async Task Verify_ALargerCheckpointSignedBeforeTheBundleWasMade_IsTruncation()
    {
        var chain = await ChainAsync();
        var before = await chain.PublishedAsync(20, chain.Now - Duration.FromSeconds(30));
        var cut = await chain.BundleAsync(treeSize: 15);

        var report = await BundleVerification.VerifyAsync(cut, new BundleVerificationOptions { PublishedCheckpoints = [before] });

        var finding = Assert.Single(report.Findings, f => f.IsFailure);
        Assert.Equal(BundleFindingKind.AnchorContradicted, finding.Kind);
        Assert.StartsWith("Truncated", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_ALargerCheckpointSignedAfterTheBundle_IsNewerAndJudgesNothing()
    {
        var chain = await ChainAsync();
        var bundle = await chain.BundleAsync(treeSize: 15);
        var later = await chain.PublishedAsync(20, chain.Now + Duration.FromMinutes(5));

        var report = await BundleVerification.VerifyAsync(bundle, new BundleVerificationOptions { PublishedCheckpoints = [later] });

        Assert.True(report.IsValid, BundleVerification.Describe(report));
        Assert.Equal(1, report.Anchoring!.CheckpointsNewerThanBundle);
        Assert.Equal(0, report.Anchoring.Report.AnchoredSize);
    }

    [Fact]
    public async Task Verify_AForgedCarriedCosignature_IsWitnessCosignatureInvalid()
    {
        var chain = await ChainAsync();
        var published = await chain.PublishedAsync(12, chain.Now, Witness);
        var bundle = await chain.BundleAsync(carried: [published]);
        var name = BundleFormat.AnchorCosignatureFile(12, CertificateFingerprintOf(Witness));
        using var witness = new ComplianceKit.Signing.X509CertificateSigner(Witness);
        var overOtherBytes = await witness.SignDetachedAsync(chain.CheckpointAt(11).ToBytes(), chain.Now);
        var forged = await BundleZip.ResignAsync(bundle, (n, b) => n == name ? overOtherBytes : b);

        var report = await BundleVerification.VerifyAsync(forged, new BundleVerificationOptions { Witnesses = [Witness] });

        Assert.Contains(report.Findings, f => f.Kind == BundleFindingKind.WitnessCosignatureInvalid && f.File == name);
        Assert.Contains(report.Findings, f => f.Kind == BundleFindingKind.WitnessQuorumNotMet);
        Assert.Equal(BundleVerdict.Invalid, report.Verdict);
    }

    [Fact]
    public async Task Verify_ACosignatureByAWitnessNotPinned_CountsForNothingAndTheQuorumFails()
    {
        var chain = await ChainAsync();
        var bundle = await chain.BundleAsync(carried: [await chain.PublishedAsync(12, chain.Now, OtherWitness)]);

        var report = await BundleVerification.VerifyAsync(bundle, new BundleVerificationOptions { Witnesses = [Witness] });

        Assert.Contains(report.Findings, f => f.Kind == BundleFindingKind.WitnessNotTrusted);
        Assert.Equal(BundleFindingKind.WitnessQuorumNotMet, Assert.Single(report.Findings, f => f.IsFailure).Kind);
    }

    [Fact]
    public async Task Verify_OneOfTwoRequiredWitnesses_IsWitnessQuorumNotMet_AndOneRequiredAnchors()
    {
        var chain = await ChainAsync();
        var bundle = await chain.BundleAsync(carried: [await chain.PublishedAsync(12, chain.Now, Witness)]);

        var both = await BundleVerification.VerifyAsync(bundle, new BundleVerificationOptions { Witnesses = [Witness, OtherWitness] });
        var one = await BundleVerification.VerifyAsync(bundle, new BundleVerificationOptions { Witnesses = [Witness, OtherWitness], WitnessesRequired = 1 });

        Assert.Equal(BundleFindingKind.WitnessQuorumNotMet, Assert.Single(both.Findings, f => f.IsFailure).Kind);
        Assert.Equal(1, both.Anchoring!.Report.CheckpointsWithoutQuorum);
        Assert.True(one.IsValid, BundleVerification.Describe(one));
        Assert.Equal(12, one.Anchoring!.Report.AnchoredSize);
    }

    [Fact]
    public async Task Verify_AVersion1BundleHoldingAnchors_IsMalformed()
    {
        var chain = await ChainAsync();
        var bundle = await chain.BundleAsync(carried: [await chain.PublishedAsync(12, chain.Now, Witness)], version: BundleFormatVersion.V1);

        var report = await BundleVerification.VerifyAsync(bundle, new BundleVerificationOptions { Witnesses = [Witness] });

        var finding = Assert.Single(report.Findings, f => f.IsFailure);
        Assert.Equal(BundleFindingKind.Malformed, finding.Kind);
        Assert.Equal(BundleFormat.ManifestFile, finding.File);
    }

    [Fact]
    public async Task Verify_ACarriedProofThatDoesNotLeadToTheCheckpoint_IsConsistencyProofInvalid()
    {
        var chain = await ChainAsync();
        var bundle = await chain.BundleAsync(carried: [await chain.PublishedAsync(12, chain.Now, Witness)]);
        var broken = await BundleZip.ResignAsync(bundle, (_, b) => b, m => BundleZip.Copy(m, anchors: [m.Anchors[0] with { ConsistencyProof = [.. m.Anchors[0].ConsistencyProof.Skip(1)] }]));

        var report = await BundleVerification.VerifyAsync(broken, new BundleVerificationOptions { Witnesses = [Witness] });

        Assert.Contains(report.Findings, f => f.Kind == BundleFindingKind.ConsistencyProofInvalid);
        Assert.False(report.IsValid);
    }

    [Fact]
    public async Task Compose_ACheckpointTheChainDoesNotExtend_RefusesTheExport()
    {
        var chain = await ChainAsync();
        var forked = await BundleTestChain.SignedAsync(new Checkpoint(chain.CheckpointAt(12).Origin, 12, new byte[32]), chain.Now, Witness);

        var refusal = await Assert.ThrowsAsync<BundleExportException>(() => chain.BundleAsync(carried: [forked]));

        Assert.True(refusal.ContradictsCheckpoint);
    }

    private static async Task<BundleTestChain> ChainAsync()
    {
        var chain = new BundleTestChain();
        chain.AppendFacts(20);
        return await Task.FromResult(chain);
    }

    private static string CertificateFingerprintOf(X509Certificate2 certificate) => ComplianceKit.Approvals.CertificateFingerprint.Of(certificate);
}
