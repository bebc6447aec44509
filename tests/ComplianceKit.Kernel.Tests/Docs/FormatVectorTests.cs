using System.Security.Cryptography;
using System.Text;
using ComplianceKit.Anchoring;
using ComplianceKit.Approvals;
using ComplianceKit.Bundles;
using ComplianceKit.Hashing;
using ComplianceKit.Merkle;
using NodaTime;

namespace ComplianceKit.Tests.Docs;

/// <summary>
/// docs/FORMAT.md's test vectors for the Merkle root, an inclusion proof, a consistency proof, the checkpoint and an
/// approval statement: the library produces each value, proofs verify, and the document states the same value.
/// </summary>
public sealed class FormatVectorTests
{
    private const string Root7 = "bee2275db16667589a4515f63e0d053a2fa602c1d9f9703e98920a5bdad59baf";
    private static readonly string Format = RepositoryDocs.Read("docs/FORMAT.md");
    private static readonly InMemoryMerkleTree Tree = new(Enumerable.Range(0, 7).Select(i => MerkleHasher.HashLeaf(SHA256.HashData([(byte)i]))));

    [Fact]
    public void Roots_AreTheDocumentedOnes()
    {
        AssertDocumented(Hex.Format(Tree.ComputeRoot(4)), "0dcc2b645c00dfa2338e1c7ac2c4b570beda5a476d58836e55e28bde55e6bee1");
        AssertDocumented(Hex.Format(Tree.ComputeRoot(7)), Root7);
    }

    [Fact]
    public async Task InclusionProof_IsTheDocumentedOneAndVerifies()
    {
        var proof = await MerkleProofBuilder.BuildInclusionAsync(Tree, 3, 7);

        Assert.Equal(
            ["27d02c8f713c90ea0c37901129db86ac03186ee22a1f6f13da67e6b5bcee2044", "604d540f09268b91672ab011394d5266ccd7d4484d0d109411a55848126a1b2c", "8da0dadfa0aaea7d9f4cd621d80cfbda617c8d13798abb8c3854351059e33be0"],
            proof.Path.Select(p => Hex.Format(p)));
        Assert.Contains(string.Join(", ", proof.Path.Select(p => $"`{Hex.Format(p)}`")), Format, StringComparison.Ordinal);
        Assert.True(MerkleProofVerifier.VerifyInclusion(Tree.GetLeafHash(3), proof, Hex.Parse(Root7)).IsValid);
    }

    [Fact]
    public async Task ConsistencyProof_IsTheDocumentedOneAndVerifies()
    {
        var proof = await MerkleProofBuilder.BuildConsistencyAsync(Tree, 4, 7);

        AssertDocumented(Hex.Format(proof.Path.Single()), "8da0dadfa0aaea7d9f4cd621d80cfbda617c8d13798abb8c3854351059e33be0");
        Assert.True(MerkleProofVerifier.VerifyConsistency(proof, Tree.ComputeRoot(4), Tree.ComputeRoot(7)).IsValid);
    }

    [Fact]
    public void Checkpoint_IsTheDocumentedBytes()
    {
        var checkpoint = new Checkpoint(Checkpoint.OriginFor("Test Clinic", "default"), 7, Tree.ComputeRoot(7),
            [$"{BundleFormat.ManifestDigestExtension} {Hex.Format(SHA256.HashData("{}"u8))}", $"{BundleFormat.SumsDigestExtension} {Hex.Format(SHA256.HashData([]))}"]).ToBytes();

        Assert.Contains("```\n" + Encoding.UTF8.GetString(checkpoint) + "```", Format, StringComparison.Ordinal);
        AssertDocumented(Hex.Format(SHA256.HashData(checkpoint)), "be67ccb2a286add7c2f418aac905c7cb0f96b38c44625e4af870ce428870f07f");
        Assert.Equal(7, Checkpoint.Parse(checkpoint).TreeSize);
    }

    [Fact]
    public void ApprovalStatement_IsTheDocumentedBytes()
    {
        var statement = new ApprovalStatement
        {
            Organization = "Test Clinic",
            Subject = new ApprovalSubject("release", "2.4.0"),
            ArtifactSha256 = Hex.Format(SHA256.HashData("release notes 2.4.0"u8)),
            Decision = ApprovalDecision.Approved,
            Meaning = SignatureMeaning.Approval,
            Signer = new ApprovalSigner("Casey Officer", "Compliance Officer", string.Concat(Enumerable.Repeat("ab", 32))),
            SignedAt = Instant.FromUtc(2026, 3, 1, 9, 30),
            LedgerHead = new LedgerHeadReference("default", 7, Root7),
        };

        var bytes = statement.ToCanonicalBytes();

        Assert.Contains("```\n" + Encoding.UTF8.GetString(bytes) + "\n```", Format, StringComparison.Ordinal);
        AssertDocumented(Hex.Format(SHA256.HashData(bytes)), "d7fdbe9bff882f7d88ae65c25c6ef678d08965659857cb1e386594d7f9580475");
        Assert.Equal(statement, ApprovalStatement.Parse(bytes));
    }

    private static void AssertDocumented(string actual, string expected)
    {
        Assert.Equal(expected, actual);
        Assert.Contains($"`{expected}`", Format, StringComparison.Ordinal);
    }
}
