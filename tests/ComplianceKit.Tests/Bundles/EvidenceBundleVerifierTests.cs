using ComplianceKit.Bundles;
using ComplianceKit.Approvals;
using ComplianceKit.Signing;

namespace ComplianceKit.Tests.Bundles;

public sealed class EvidenceBundleVerifierTests
{
    [Fact]
    public async Task Verify_FullExport_IsVerifiedWithCountsApprovalsAndCheckpoint()
    {
        var chain = await BundleTestChain.CreateAsync();
        var bundle = await chain.BundleAsync();

        var report = await BundleVerification.VerifyAsync(bundle);

        Assert.True(report.IsValid, BundleVerification.Describe(report));
        Assert.Equal(chain.Entries.Count, report.EntriesRead);
        Assert.Equal(chain.Entries.Count(e => e.EntryType == "baa.executed"), report.EntryCountsByType["baa.executed"]);
        Assert.Equal(chain.Head.Size, report.Checkpoint!.TreeSize);
        Assert.Equal(SignatureVerificationStatus.Valid, report.CheckpointSignature!.Status);
        Assert.Equal(2, report.Approvals.Count);
        Assert.All(report.Approvals, a => Assert.True(a.SignatureStatus == SignatureVerificationStatus.Valid && a.BindingProblem is null && a.Authorized == true, a.ToString()));
        Assert.Contains(report.Approvals, a => a.SignerName == "Erin Engineer" && a.Decision == ApprovalDecision.ApprovedWithConditions);
    }
}
