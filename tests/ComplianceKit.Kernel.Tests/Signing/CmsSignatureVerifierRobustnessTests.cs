using ComplianceKit.Signing;
using CsCheck;
using static ComplianceKit.Tests.Signing.SigningTestData;

namespace ComplianceKit.Tests.Signing;

/// <summary>Whatever bytes arrive as a signature, the verifier answers with a status and never throws.</summary>
public sealed class CmsSignatureVerifierRobustnessTests
{
    private static readonly Lazy<byte[]> ValidSignature = new(() => Sign(TestPki.Instance.EcdsaSigner, Statement));
    private static readonly Lazy<CmsSignatureVerifier> SharedVerifier = new(() => new CmsSignatureVerifier(TestPki.Instance.NewPolicy()));

    [Fact]
    public void Verify_RandomlyCorruptedSignature_ReturnsAStatusWithoutThrowing()
    {
        var signature = ValidSignature.Value;
        var corruptions = Gen.Int[0, signature.Length - 1].Select(Gen.Byte).Array[1, 4];

        corruptions.Sample(
            changes =>
            {
                var corrupted = (byte[])signature.Clone();
                foreach (var (index, value) in changes)
                {
                    corrupted[index] = value;
                }

                var result = SharedVerifier.Value.Verify(Statement, corrupted);

                Assert.True(Enum.IsDefined(result.Status));
                Assert.False(string.IsNullOrWhiteSpace(result.Message));
            },
            iter: 400);
    }

    [Fact]
    public void Verify_TruncatedOrRandomBytes_ReturnsNonValidStatusWithoutThrowing()
    {
        var signature = ValidSignature.Value;
        var inputs = Gen.OneOf(
            Gen.Int[0, signature.Length - 1].Select(n => signature[..n]),
            Gen.Byte.Array[0, 2048]);

        inputs.Sample(
            bytes =>
            {
                var result = SharedVerifier.Value.Verify(Statement, bytes);

                Assert.NotEqual(SignatureVerificationStatus.Valid, result.Status);
            },
            iter: 400);
    }

    [Fact]
    public void Verify_NullArguments_ThrowArgumentNullException()
    {
        var verifier = SharedVerifier.Value;

        Assert.Throws<ArgumentNullException>(() => verifier.Verify(null!, ValidSignature.Value));
        Assert.Throws<ArgumentNullException>(() => verifier.Verify(Statement, null!));
    }
}
