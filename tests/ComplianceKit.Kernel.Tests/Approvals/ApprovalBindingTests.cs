using ComplianceKit.Approvals;
using ComplianceKit.Ledger;
using ComplianceKit.Signing;
using ComplianceKit.Tests.Bundles;
using ComplianceKit.Tests.Signing;
using NodaTime;

namespace ComplianceKit.Tests.Approvals;

/// <summary>The one binding rule gates, verify --db and the bundle verifier share (docs/FORMAT.md section 7, "Binding").</summary>
public sealed class ApprovalBindingTests
{
    [Fact]
    public async Task Problem_BoundApproval_IsNull()
    {
        var (entry, approval, signature) = await ApprovalAsync();

        Assert.Null(ApprovalBinding.Problem(entry, BundleTestChain.ChainId, approval, signature, _ => null));
    }

    [Fact]
    public async Task Problem_EntrySubjectIsNotTheStatements_SaysSo()
    {
        var (entry, approval, signature) = await ApprovalAsync();
        var moved = new LedgerEntry
        {
            ChainId = entry.ChainId, Sequence = entry.Sequence, EntryType = entry.EntryType, Subject = "release:9.9.9", Actor = entry.Actor,
            OccurredAt = entry.OccurredAt, RecordedAt = entry.RecordedAt, Payload = entry.Payload, PayloadSalt = entry.PayloadSalt,
            PayloadDigest = entry.PayloadDigest, PreviousHash = entry.PreviousHash, EntryHash = entry.EntryHash,
        };

        var problem = ApprovalBinding.Problem(moved, BundleTestChain.ChainId, approval, signature, _ => null);

        Assert.Contains("'release:9.9.9' is not the statement's subject 'release:2.4.0-production'", problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Problem_SigningTimeDiffersOnAnInvalidSignature_IsStillAProblem()
    {
        var (entry, approval, signature) = await ApprovalAsync();
        var invalid = new SignatureVerificationResult(SignatureVerificationStatus.UntrustedChain, "not trusted", signature.SignerCertificate,
            signature.SigningTime!.Value + Duration.FromSeconds(1));

        var problem = ApprovalBinding.Problem(entry, BundleTestChain.ChainId, approval, invalid, _ => null);

        Assert.Contains("the signature at", problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Problem_OtherCertificateOrChainOrUnprovenHead_NamesEach()
    {
        var (entry, approval, signature) = await ApprovalAsync();
        var other = new SignatureVerificationResult(SignatureVerificationStatus.Valid, "ok", TestPki.Instance.EcdsaSigner, signature.SigningTime);

        var certificate = ApprovalBinding.Problem(entry, BundleTestChain.ChainId, approval, other, _ => null);
        var chain = ApprovalBinding.Problem(entry, "another-chain", approval, signature, _ => null);
        var unproven = ApprovalBinding.Problem(entry, BundleTestChain.ChainId, approval, signature, _ => "not a prefix");

        Assert.Contains("another certificate", certificate, StringComparison.Ordinal);
        Assert.Contains("cannot precede", chain, StringComparison.Ordinal);
        Assert.Equal("not a prefix", unproven);
    }

    private static async Task<(LedgerEntry Entry, SignedApproval Approval, SignatureVerificationResult Signature)> ApprovalAsync()
    {
        var chain = new BundleTestChain();
        chain.AppendFacts(3);
        var entry = await chain.ApproveAsync(TestPki.Instance.RsaSigner, "Compliance Officer");
        var approval = SignedApproval.FromEntry(entry);
        return (entry, approval, new CmsSignatureVerifier(TestPki.Instance.NewPolicy()).Verify(approval.StatementBytes, approval.Signature));
    }
}
