using ComplianceKit.Anchoring;
using ComplianceKit.Merkle;
using ComplianceKit.Signing;
using ComplianceKit.Tests.Signing;
using NodaTime.Testing;

namespace ComplianceKit.Tests.Anchoring;

/// <summary>
/// A restored database looks like a rollback to a witness: it co-signs the smaller or forked tree only with a signed restore statement
/// whose restored-to checkpoint it accepted before and whose lost range is exactly its own state, and records that it did.
/// </summary>
public sealed class CheckpointWitnessRestoreTests : IDisposable
{
    private const string Origin = "test-clinic/compliancekit/default";
    private static readonly InMemoryMerkleTree Lost = new(Enumerable.Range(0, 40).Select(i => MerkleHasher.HashLeaf([(byte)i])));

    // The backup held the first 10 entries; what was appended after the restore differs from the lost entries.
    private static readonly InMemoryMerkleTree Restored = new(Enumerable.Range(0, 40).Select(i => MerkleHasher.HashLeaf([(byte)(i < 10 ? i : 100 + i)])));
    private readonly DirectoryInfo _state = Directory.CreateTempSubdirectory("compliancekit-witness-");
    private readonly X509CertificateSigner _log = new(TestPki.Instance.RsaSigner);
    private readonly X509CertificateSigner _witnessKey = new(TestPki.Instance.EcdsaSigner);

    [Fact]
    public async Task CosignAfterRestore_AValidStatement_CosignsTheSmallerTreeAndRecordsTheRestore()
    {
        await WitnessedUpTo30Async();

        var result = await Witness().CosignAfterRestoreAsync(await SignAsync(Restored, 20), await ProofAsync(Restored, 10, 20), await StatementAsync(10, Lost, 30, _log));

        Assert.True(result.IsCosigned, result.Message);
        Assert.Equal(10, result.AcceptedRestore!.RestoredTo.TreeSize);
        Assert.Equal(Restored.ComputeRoot(20), Witness().LastAccepted(Origin)!.Root);
        Assert.Contains($"restore 10 {Convert.ToBase64String(Lost.ComputeRoot(10))} 30 ", await File.ReadAllTextAsync(HistoryFile()), StringComparison.Ordinal);
        Assert.Equal([10L], Witness().AcceptedPrefixes(Origin).Select(h => h.Size));
    }

    [Fact]
    public async Task CosignAfterRestore_ThenTheRestoredHistoryGrows_IsCosignedAsAnyExtension()
    {
        await WitnessedUpTo30Async();
        await Witness().CosignAfterRestoreAsync(await SignAsync(Restored, 20), await ProofAsync(Restored, 10, 20), await StatementAsync(10, Lost, 30, _log));

        var next = await Witness().CosignAsync(await SignAsync(Restored, 35), await ProofAsync(Restored, 20, 35));
        var oldHistory = await Witness().CosignAsync(await SignAsync(Lost, 38), await ProofAsync(Lost, 30, 38));

        Assert.True(next.IsCosigned, next.Message);
        Assert.Equal(WitnessFindingKind.Fork, oldHistory.Refusal);
    }

    [Fact]
    public async Task Cosign_TheRestoredTreeWithoutAStatement_IsStillARollback()
    {
        await WitnessedUpTo30Async();

        var result = await Witness().CosignAsync(await SignAsync(Restored, 20), await ProofAsync(Restored, 10, 20));

        Assert.Equal(WitnessFindingKind.Rollback, result.Refusal);
        Assert.Equal(30, Witness().LastAccepted(Origin)!.TreeSize);
    }

    [Fact]
    public async Task CosignAfterRestore_AForkLargerThanTheLostHistory_IsCosignedWithTheStatementAndAForkWithout()
    {
        await WitnessedUpTo30Async();

        var without = await Witness().CosignAsync(await SignAsync(Restored, 35), await ProofAsync(Restored, 30, 35));
        var with = await Witness().CosignAfterRestoreAsync(await SignAsync(Restored, 35), await ProofAsync(Restored, 10, 35), await StatementAsync(10, Lost, 30, _log));

        Assert.Equal(WitnessFindingKind.Fork, without.Refusal);
        Assert.True(with.IsCosigned, with.Message);
    }

    [Fact]
    public async Task CosignAfterRestore_AStatementSignedByAnUntrustedKey_IsARollbackAndNothingIsRecorded()
    {
        await WitnessedUpTo30Async();
        using var foreign = new X509CertificateSigner(TestPki.Instance.ForeignSigner);
        var history = await File.ReadAllTextAsync(HistoryFile());

        var result = await Witness().CosignAfterRestoreAsync(await SignAsync(Restored, 20), await ProofAsync(Restored, 10, 20), await StatementAsync(10, Lost, 30, foreign));

        Assert.Equal(WitnessFindingKind.Rollback, result.Refusal);
        Assert.Contains("signature does not verify", result.Message, StringComparison.Ordinal);
        Assert.Equal(30, Witness().LastAccepted(Origin)!.TreeSize);
        Assert.Equal(history, await File.ReadAllTextAsync(HistoryFile()));
    }

    [Fact]
    public async Task CosignAfterRestore_AStatementNamingAnotherLostRange_IsARollback()
    {
        await WitnessedUpTo30Async();

        var result = await Witness().CosignAfterRestoreAsync(await SignAsync(Restored, 20), await ProofAsync(Restored, 10, 20), await StatementAsync(10, Lost, 25, _log));

        Assert.Equal(WitnessFindingKind.Rollback, result.Refusal);
        Assert.Contains("this witness last accepted size 30", result.Message, StringComparison.Ordinal);
        Assert.Equal(30, Witness().LastAccepted(Origin)!.TreeSize);
    }

    [Fact]
    public async Task CosignAfterRestore_ARestoredToCheckpointTheWitnessNeverAccepted_IsARollback()
    {
        await WitnessedUpTo30Async();

        var result = await Witness().CosignAfterRestoreAsync(await SignAsync(Lost, 20), await ProofAsync(Lost, 15, 20), await StatementAsync(15, Lost, 30, _log));

        Assert.Equal(WitnessFindingKind.Rollback, result.Refusal);
        Assert.Contains("never accepted its restored-to checkpoint", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CosignAfterRestore_ACheckpointThatDoesNotExtendTheRestoredToOne_IsARollback()
    {
        await WitnessedUpTo30Async();
        var unrelated = new InMemoryMerkleTree(Enumerable.Range(0, 20).Select(i => MerkleHasher.HashLeaf([(byte)(200 + i)])));

        var result = await Witness().CosignAfterRestoreAsync(await SignAsync(unrelated, 20), await ProofAsync(unrelated, 10, 20), await StatementAsync(10, Lost, 30, _log));

        Assert.Equal(WitnessFindingKind.Rollback, result.Refusal);
        Assert.Contains("does not extend the restored-to size 10", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void RestoreStatement_TheRestoredToSizeNotBelowTheLostSize_IsRefused()
    {
        var head = new Checkpoint(Origin, 30, Lost.ComputeRoot(30));

        Assert.Throws<ArgumentException>(() => new RestoreStatement(head, head));
    }

    public void Dispose()
    {
        _log.Dispose();
        _witnessKey.Dispose();
        _state.Delete(recursive: true);
    }

    /// <summary>The witness accepted sizes 10, 20 and 30 of the history that is later lost.</summary>
    private async Task WitnessedUpTo30Async()
    {
        Assert.True((await Witness().CosignAsync(await SignAsync(Lost, 10), [])).IsCosigned);
        Assert.True((await Witness().CosignAsync(await SignAsync(Lost, 20), await ProofAsync(Lost, 10, 20))).IsCosigned);
        Assert.True((await Witness().CosignAsync(await SignAsync(Lost, 30), await ProofAsync(Lost, 20, 30))).IsCosigned);
    }

    private string HistoryFile() => Path.Combine(_state.FullName, DirectoryCheckpointSink.FolderOf(Origin) + ".accepted");

    private CheckpointWitness Witness() =>
        new(_state.FullName, new CmsSignatureVerifier(TestPki.Instance.NewPolicy()), _witnessKey, new FakeClock(TestPki.SigningTime));

    private async Task<SignedCheckpoint> SignAsync(InMemoryMerkleTree tree, long size)
    {
        var checkpoint = new Checkpoint(Origin, size, tree.ComputeRoot(size));
        return new SignedCheckpoint(checkpoint, await _log.SignDetachedAsync(checkpoint.ToBytes(), TestPki.SigningTime));
    }

    private static async Task<SignedRestoreStatement> StatementAsync(long restoredTo, InMemoryMerkleTree lostTree, long lost, X509CertificateSigner signer)
    {
        var statement = new RestoreStatement(new Checkpoint(Origin, restoredTo, lostTree.ComputeRoot(restoredTo)), new Checkpoint(Origin, lost, lostTree.ComputeRoot(lost)));
        return new SignedRestoreStatement(statement, await signer.SignDetachedAsync(statement.ToBytes(), TestPki.SigningTime));
    }

    private static async Task<IReadOnlyList<byte[]>> ProofAsync(InMemoryMerkleTree tree, long first, long second) =>
        (await MerkleProofBuilder.BuildConsistencyAsync(tree, first, second)).Path;
}
