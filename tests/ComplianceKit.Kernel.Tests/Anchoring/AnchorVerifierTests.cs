using ComplianceKit.Anchoring;
using ComplianceKit.Merkle;
using ComplianceKit.Signing;
using ComplianceKit.Tests.Signing;

namespace ComplianceKit.Tests.Anchoring;

/// <summary>The pure comparison of a chain with published checkpoints: what anchors, what is only unanchored, what contradicts.</summary>
public sealed class AnchorVerifierTests
{
    private const string Origin = "test-clinic/compliancekit/default";
    private static readonly InMemoryMerkleTree Tree = new(Enumerable.Range(0, 30).Select(i => MerkleHasher.HashLeaf([(byte)i])));
    private static readonly CmsSignatureVerifier Verifier = new(TestPki.Instance.NewPolicy());

    [Fact]
    public async Task Check_ConsistentCheckpoints_AnchorTheLargestSizeAndTheNewestTime()
    {
        var report = await CheckAsync(30, 0, await CandidateAsync(10, Tree.ComputeRoot(10), 1), await CandidateAsync(20, Tree.ComputeRoot(20), 2));

        Assert.True(report.IsValid);
        Assert.Equal(20, report.AnchoredSize);
        Assert.Equal(10, report.UnanchoredEntries);
        Assert.Equal(TestPki.SigningTime + NodaTime.Duration.FromMinutes(2), report.NewestAnchorTime);
    }

    [Fact]
    public async Task Check_WithoutTheWitnessQuorum_AnchorsNothingButIsNoFinding()
    {
        var report = await CheckAsync(30, 2, await CandidateAsync(20, Tree.ComputeRoot(20), 1, witnesses: 1));

        Assert.True(report.IsValid);
        Assert.Equal(0, report.AnchoredSize);
        Assert.Equal(1, report.CheckpointsWithoutQuorum);
        Assert.Null(report.NewestAnchorTime);
    }

    [Fact]
    public async Task Check_ASignatureOverOtherBytes_IsSignatureInvalidNamingTheCheckpoint()
    {
        var good = await CandidateAsync(20, Tree.ComputeRoot(20), 1);
        var forged = good with { Source = "forged.txt", Signature = Verifier.Verify(new Checkpoint(Origin, 20, Tree.ComputeRoot(19)).ToBytes(), good.Checkpoint.Signature) };

        var report = await CheckAsync(30, 0, forged);

        var finding = Assert.Single(report.Findings);
        Assert.Equal(AnchorFindingKind.SignatureInvalid, finding.Kind);
        Assert.Contains("forged.txt", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Check_OtherOrigins_AreIgnored()
    {
        var other = await CandidateAsync(20, new byte[32], 1, origin: "test-clinic/compliancekit/other");

        var report = await CheckAsync(30, 0, other);

        Assert.Equal(0, report.CheckpointsChecked);
        Assert.True(report.IsValid);
    }

    private static Task<AnchorReport> CheckAsync(long size, int required, params AnchorCandidate[] candidates) =>
        AnchorVerifier.CheckAsync(Origin, size, (n, _) => Task.FromResult(Tree.ComputeRoot(n)), candidates, required, CancellationToken.None);

    private static async Task<AnchorCandidate> CandidateAsync(long size, byte[] root, int minutes, int witnesses = 0, string origin = Origin)
    {
        using var signer = new X509CertificateSigner(TestPki.Instance.RsaSigner);
        var checkpoint = new Checkpoint(origin, size, root);
        var signature = await signer.SignDetachedAsync(checkpoint.ToBytes(), TestPki.SigningTime + NodaTime.Duration.FromMinutes(minutes));
        return new AnchorCandidate($"{size}.txt", new SignedCheckpoint(checkpoint, signature), Verifier.Verify(checkpoint.ToBytes(), signature), witnesses);
    }
}
