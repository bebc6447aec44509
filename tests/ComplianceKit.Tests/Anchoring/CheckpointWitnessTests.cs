using ComplianceKit.Anchoring;
using ComplianceKit.Merkle;
using ComplianceKit.Signing;
using ComplianceKit.Tests.Signing;
using NodaTime.Testing;

namespace ComplianceKit.Tests.Anchoring;

/// <summary>The witness co-signs only consistent extensions, refuses a rollback, a fork and another root at the same size, and keeps its state on disk.</summary>
public sealed class CheckpointWitnessTests : IDisposable
{
    private const string Origin = "test-clinic/compliancekit/default";
    private static readonly InMemoryMerkleTree Log = new(Enumerable.Range(0, 40).Select(i => MerkleHasher.HashLeaf([(byte)i])));
    private static readonly InMemoryMerkleTree Other = new(Enumerable.Range(0, 40).Select(i => MerkleHasher.HashLeaf([(byte)(i == 3 ? 200 : i)])));
    private readonly DirectoryInfo _state = Directory.CreateTempSubdirectory("compliancekit-witness-");
    private readonly X509CertificateSigner _log = new(TestPki.Instance.RsaSigner);
    private readonly X509CertificateSigner _witnessKey = new(TestPki.Instance.EcdsaSigner);

    [Fact]
    public async Task Cosign_AConsistentExtension_CosignsWithAnIntactSignatureAndRemembersIt()
    {
        var witness = Witness();
        var first = await witness.CosignAsync(await SignAsync(Log, 10), []);

        var second = await Witness().CosignAsync(await SignAsync(Log, 25), await ProofAsync(Log, 10, 25));

        Assert.True(first.IsCosigned, first.Message);
        Assert.True(second.IsCosigned, second.Message);
        Assert.Equal(Fingerprint(TestPki.Instance.EcdsaSigner), WitnessCosignatures.SignerOf(new Checkpoint(Origin, 25, Log.ComputeRoot(25)).ToBytes(), second.Cosignature!));
        Assert.Equal(25, Witness().LastAccepted(Origin)!.TreeSize);
    }

    [Fact]
    public async Task Cosign_ARollback_IsRefusedAsRollbackAndTheStateStays()
    {
        await Witness().CosignAsync(await SignAsync(Log, 20), []);

        var result = await Witness().CosignAsync(await SignAsync(Log, 12), []);

        Assert.Equal(WitnessFindingKind.Rollback, result.Refusal);
        Assert.Null(result.Cosignature);
        Assert.Equal(20, Witness().LastAccepted(Origin)!.TreeSize);
    }

    [Fact]
    public async Task Cosign_AFork_IsRefusedAsForkEvenWithItsOwnValidProof()
    {
        await Witness().CosignAsync(await SignAsync(Log, 10), []);

        var result = await Witness().CosignAsync(await SignAsync(Other, 30), await ProofAsync(Other, 10, 30));

        Assert.Equal(WitnessFindingKind.Fork, result.Refusal);
        Assert.Equal(Log.ComputeRoot(10), Witness().LastAccepted(Origin)!.Root);
    }

    [Fact]
    public async Task Cosign_TheSameSizeWithAnotherRoot_IsRefusedAsConflictingRoot()
    {
        await Witness().CosignAsync(await SignAsync(Log, 10), []);

        var result = await Witness().CosignAsync(await SignAsync(Other, 10), []);
        var same = await Witness().CosignAsync(await SignAsync(Log, 10), []);

        Assert.Equal(WitnessFindingKind.ConflictingRoot, result.Refusal);
        Assert.True(same.IsCosigned, same.Message);
    }

    [Fact]
    public async Task Cosign_ACheckpointNotSignedByATrustedLog_IsRefusedAsSignatureInvalid()
    {
        using var foreign = new X509CertificateSigner(TestPki.Instance.ForeignSigner);
        var checkpoint = new Checkpoint(Origin, 10, Log.ComputeRoot(10));

        var result = await Witness().CosignAsync(new SignedCheckpoint(checkpoint, await foreign.SignDetachedAsync(checkpoint.ToBytes(), TestPki.SigningTime)), []);

        Assert.Equal(WitnessFindingKind.SignatureInvalid, result.Refusal);
        Assert.Null(Witness().LastAccepted(Origin));
    }

    public void Dispose()
    {
        _log.Dispose();
        _witnessKey.Dispose();
        _state.Delete(recursive: true);
    }

    private static string Fingerprint(System.Security.Cryptography.X509Certificates.X509Certificate2 certificate) => ComplianceKit.Approvals.CertificateFingerprint.Of(certificate);

    private CheckpointWitness Witness() =>
        new(_state.FullName, new CmsSignatureVerifier(TestPki.Instance.NewPolicy()), _witnessKey, new FakeClock(TestPki.SigningTime));

    private async Task<SignedCheckpoint> SignAsync(InMemoryMerkleTree tree, long size)
    {
        var checkpoint = new Checkpoint(Origin, size, tree.ComputeRoot(size));
        return new SignedCheckpoint(checkpoint, await _log.SignDetachedAsync(checkpoint.ToBytes(), TestPki.SigningTime));
    }

    private static async Task<IReadOnlyList<byte[]>> ProofAsync(InMemoryMerkleTree tree, long first, long second) =>
        (await MerkleProofBuilder.BuildConsistencyAsync(tree, first, second)).Path;
}
