using System.Text;
using ComplianceKit.Anchoring;
using ComplianceKit.Merkle;
using ComplianceKit.Signing;
using ComplianceKit.Tests.Signing;

namespace ComplianceKit.Tests.Anchoring;

/// <summary>
/// The restore statement's bytes (docs/FORMAT.md 13.7) and how verification treats the history it declares lost: a gap reported
/// plainly, never a checkpoint above the admitted loss, never with a signature that does not verify.
/// </summary>
public sealed class RestoreStatementTests
{
    private const string Origin = "test-clinic/compliancekit/default";
    private static readonly InMemoryMerkleTree Lost = new(Enumerable.Range(0, 30).Select(i => MerkleHasher.HashLeaf([(byte)i])));
    private static readonly InMemoryMerkleTree Restored = new(Enumerable.Range(0, 30).Select(i => MerkleHasher.HashLeaf([(byte)(i < 10 ? i : 100 + i)])));
    private static readonly CmsSignatureVerifier Verifier = new(TestPki.Instance.NewPolicy());

    [Fact]
    public void ToBytes_IsTheHeaderTheRestoredToCheckpointAndTheLostHead_AndParsesBack()
    {
        var statement = Statement(10, 25);

        var bytes = statement.ToBytes();
        var parsed = RestoreStatement.Parse(bytes);

        var expected = $"compliancekit/restore-statement/v1\n{Origin}\n10\n{Convert.ToBase64String(Lost.ComputeRoot(10))}\n25\n{Convert.ToBase64String(Lost.ComputeRoot(25))}\n";
        Assert.Equal(expected, Encoding.UTF8.GetString(bytes));
        Assert.Equal(bytes, parsed.ToBytes());
        Assert.Equal(25, parsed.Lost.TreeSize);
    }

    [Theory]
    [InlineData("test-clinic/compliancekit/default\n10\n")]
    [InlineData("compliancekit/restore-statement/v1\ntest-clinic/compliancekit/default\n10\n")]
    [InlineData("compliancekit/restore-statement/v2\n")]
    public void Parse_ACheckpointOrATruncatedStatement_IsAFormatException(string prefix)
    {
        var bytes = Encoding.UTF8.GetBytes(prefix + "AAAA\n");

        Assert.Throws<FormatException>(() => RestoreStatement.Parse(bytes));
    }

    [Fact]
    public void Parse_AnExtraLine_IsAFormatException()
    {
        var bytes = Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(Statement(10, 25).ToBytes()) + "note\n");

        Assert.Throws<FormatException>(() => RestoreStatement.Parse(bytes));
    }

    [Fact]
    public async Task Check_ASignedStatement_ExcusesTheLostCheckpointsAndReportsTheGap()
    {
        var report = await CheckAsync(15, [await CandidateAsync(Lost, 10, epoch: 0), await CandidateAsync(Lost, 25, epoch: 0), await CandidateAsync(Restored, 15, epoch: 1)],
            [await RestoreAsync(10, 25, TestPki.Instance.RsaSigner)]);

        Assert.True(report.IsValid, string.Join("\n", report.Findings));
        var gap = Assert.Single(report.Findings);
        Assert.Equal(AnchorFindingKind.LostInRestore, gap.Kind);
        Assert.StartsWith("entries 10..24 lost in a restore on 2025-06-01, statement signed by CN=Casey Officer", gap.Message, StringComparison.Ordinal);
        Assert.Equal(15, report.AnchoredSize);
    }

    [Fact]
    public async Task Check_ACheckpointAboveTheAdmittedLoss_IsStillTruncated()
    {
        var report = await CheckAsync(15, [await CandidateAsync(Lost, 10, epoch: 0), await CandidateAsync(Lost, 20, epoch: 0), await CandidateAsync(Lost, 25, epoch: 0)],
            [await RestoreAsync(10, 20, TestPki.Instance.RsaSigner)]);

        Assert.False(report.IsValid);
        Assert.Equal(25, Assert.Single(report.Findings, f => f.Kind != AnchorFindingKind.LostInRestore).TreeSize);
        Assert.Equal(0, report.AnchoredSize);
    }

    [Fact]
    public async Task Check_AStatementSignedByAnUntrustedKey_ExcusesNothing()
    {
        var report = await CheckAsync(15, [await CandidateAsync(Lost, 25, epoch: 0)], [await RestoreAsync(10, 25, TestPki.Instance.ForeignSigner)]);

        Assert.False(report.IsValid);
        Assert.Contains(report.Findings, f => f.Kind == AnchorFindingKind.SignatureInvalid);
        Assert.Contains(report.Findings, f => f.Kind == AnchorFindingKind.Truncated && f.TreeSize == 25);
        Assert.DoesNotContain(report.Findings, f => f.Kind == AnchorFindingKind.LostInRestore);
    }

    private static RestoreStatement Statement(long restoredTo, long lost) =>
        new(new Checkpoint(Origin, restoredTo, Lost.ComputeRoot(restoredTo)), new Checkpoint(Origin, lost, Lost.ComputeRoot(lost)));

    private static Task<AnchorReport> CheckAsync(long size, IReadOnlyList<AnchorCandidate> candidates, IReadOnlyList<RestoreCandidate> restores) =>
        AnchorVerifier.CheckAsync(Origin, size, (n, _) => Task.FromResult(Restored.ComputeRoot(n)), candidates, restores, witnessesRequired: 0, CancellationToken.None);

    private static async Task<AnchorCandidate> CandidateAsync(InMemoryMerkleTree tree, long size, int epoch)
    {
        using var signer = new X509CertificateSigner(TestPki.Instance.RsaSigner);
        var checkpoint = new Checkpoint(Origin, size, tree.ComputeRoot(size));
        var signature = await signer.SignDetachedAsync(checkpoint.ToBytes(), TestPki.SigningTime);
        return new AnchorCandidate($"{epoch}/{size}.txt", new SignedCheckpoint(checkpoint, signature), Verifier.Verify(checkpoint.ToBytes(), signature), 0) { Epoch = epoch };
    }

    private static async Task<RestoreCandidate> RestoreAsync(long restoredTo, long lost, System.Security.Cryptography.X509Certificates.X509Certificate2 key)
    {
        using var signer = new X509CertificateSigner(key);
        var statement = Statement(restoredTo, lost);
        var signature = await signer.SignDetachedAsync(statement.ToBytes(), TestPki.SigningTime);
        return new RestoreCandidate("restore-00000001/statement.txt", new SignedRestoreStatement(statement, signature), Verifier.Verify(statement.ToBytes(), signature), 1);
    }
}
