using ComplianceKit.Anchoring;
using ComplianceKit.Merkle;
using ComplianceKit.Signing;
using ComplianceKit.Tests.Signing;

namespace ComplianceKit.Tests.Anchoring;

/// <summary>A restore statement opens a new folder in the sink for the history after it; the lost history's files stay; a statement about another history is refused.</summary>
public sealed class DirectoryCheckpointSinkRestoreTests : IDisposable
{
    private const string Origin = "test-clinic/compliancekit/default";
    private static readonly InMemoryMerkleTree Lost = new(Enumerable.Range(0, 30).Select(i => MerkleHasher.HashLeaf([(byte)i])));
    private static readonly InMemoryMerkleTree Restored = new(Enumerable.Range(0, 30).Select(i => MerkleHasher.HashLeaf([(byte)(i < 10 ? i : 100 + i)])));
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("compliancekit-sink-");
    private readonly X509CertificateSigner _signer = new(TestPki.Instance.RsaSigner);

    [Fact]
    public async Task PublishRestore_OpensTheNextHistory_WhereTheSameSizesAreWrittenAgainWithTheRestoredRoots()
    {
        var sink = new DirectoryCheckpointSink(_folder.FullName);
        await sink.PublishAsync(await SignAsync(Lost, 10));
        await sink.PublishAsync(await SignAsync(Lost, 20));

        await sink.PublishRestoreAsync(await StatementAsync(10, 20));
        var newest = await sink.GetNewestTreeSizeAsync(Origin);
        await sink.PublishAsync(await SignAsync(Lost, 10));
        await sink.PublishAsync(await SignAsync(Restored, 20));

        Assert.Equal(10, newest);
        var stored = DirectoryCheckpointSink.ReadAll(_folder.FullName);
        Assert.Equal([(0, 10L), (0, 20L), (1, 20L)], stored.Select(s => (s.Epoch, s.Checkpoint.Checkpoint.TreeSize)).OrderBy(p => p));
        Assert.Equal(Restored.ComputeRoot(20), stored.Single(s => s.Epoch == 1).Checkpoint.Checkpoint.Root);
        Assert.Equal(1, Assert.Single(DirectoryCheckpointSink.ReadRestores(_folder.FullName)).Epoch);
    }

    [Fact]
    public async Task PublishRestore_NamingAnotherLostSizeThanTheSinksNewest_IsAConflictAndNothingIsWritten()
    {
        var sink = new DirectoryCheckpointSink(_folder.FullName);
        await sink.PublishAsync(await SignAsync(Lost, 10));
        await sink.PublishAsync(await SignAsync(Lost, 20));

        var refused = await Assert.ThrowsAsync<CheckpointSinkException>(async () => await sink.PublishRestoreAsync(await StatementAsync(10, 15)));

        Assert.True(refused.IsConflict);
        Assert.Empty(DirectoryCheckpointSink.ReadRestores(_folder.FullName));
        Assert.Equal(20, await sink.GetNewestTreeSizeAsync(Origin));
    }

    public void Dispose()
    {
        _signer.Dispose();
        _folder.Delete(recursive: true);
    }

    private async Task<SignedCheckpoint> SignAsync(InMemoryMerkleTree tree, long size)
    {
        var checkpoint = new Checkpoint(Origin, size, tree.ComputeRoot(size));
        return new SignedCheckpoint(checkpoint, await _signer.SignDetachedAsync(checkpoint.ToBytes(), TestPki.SigningTime));
    }

    private async Task<SignedRestoreStatement> StatementAsync(long restoredTo, long lost)
    {
        var statement = new RestoreStatement(new Checkpoint(Origin, restoredTo, Lost.ComputeRoot(restoredTo)), new Checkpoint(Origin, lost, Lost.ComputeRoot(lost)));
        return new SignedRestoreStatement(statement, await _signer.SignDetachedAsync(statement.ToBytes(), TestPki.SigningTime));
    }
}
