using ComplianceKit.Approvals;
using ComplianceKit.Bundles;
using ComplianceKit.Ledger;
using ComplianceKit.Signing;
using ComplianceKit.Tests.Signing;
using NodaTime;

namespace ComplianceKit.Tests.Bundles;

public sealed class EvidenceBundleVerifierTests
{
    private static TestPki Pki => TestPki.Instance;

    [Fact]
    public async Task Verify_FullExport_IsVerifiedWithCountsApprovalsAndCheckpoint()
    {
        var chain = await BundleTestChain.CreateAsync();
        var bundle = await chain.BundleAsync();

        var report = await BundleVerification.VerifyAsync(bundle);

        Assert.True(report.IsValid, BundleVerification.Describe(report));
        Assert.True(report.TrustChecked);
        Assert.Equal(chain.Entries.Count, report.EntriesRead);
        Assert.Equal(chain.Entries.Count(e => e.EntryType == "baa.executed"), report.EntryCountsByType["baa.executed"]);
        Assert.Equal(chain.Head.Size, report.Checkpoint!.TreeSize);
        Assert.Equal(chain.Head.Root, report.Checkpoint.Root);
        Assert.Equal(SignatureVerificationStatus.Valid, report.CheckpointSignature!.Status);
        Assert.Equal(2, report.Approvals.Count);
        Assert.All(report.Approvals, a => Assert.True(a.SignatureStatus == SignatureVerificationStatus.Valid && a.BindingProblem is null && a.Authorized == true, a.ToString()));
        Assert.Contains(report.Approvals, a => a.SignerName == "Erin Engineer" && a.Role == "Release Manager" && a.Decision == ApprovalDecision.ApprovedWithConditions);
        Assert.True(report.TrustAnchorDeclared);
    }

    [Fact]
    public async Task Verify_SelectiveExportByType_ProvesEachEntryAndHoldsNothingElse()
    {
        var chain = await BundleTestChain.CreateAsync();
        var scope = new BundleScope(entryTypes: ["baa.executed", ApprovalEntryTypes.ApprovalSigned]);

        var report = await BundleVerification.VerifyAsync(await chain.BundleAsync(scope));

        Assert.True(report.IsValid, BundleVerification.Describe(report));
        Assert.Equal(chain.Entries.Count(scope.Includes), report.EntriesRead);
        Assert.Equal(["approval.signed", "baa.executed"], report.EntryCountsByType.Keys);
        Assert.Equal(2, report.Approvals.Count);
        Assert.All(report.Approvals, a => Assert.Null(a.Authorized));
        Assert.False(report.Manifest!.Scope.IsFull);
    }

    [Fact]
    public async Task Verify_SelectiveExportByTimeAndSubject_UsesRecordedAtHalfOpen()
    {
        var chain = await BundleTestChain.CreateAsync();
        var from = chain.Entries[10].RecordedAt;
        var to = chain.Entries[30].RecordedAt;
        var scope = new BundleScope(from, to, subjects: ["subject:3", "subject:4"]);

        var report = await BundleVerification.VerifyAsync(await chain.BundleAsync(scope));

        Assert.True(report.IsValid, BundleVerification.Describe(report));
        Assert.Equal(chain.Entries.Count(e => e.Sequence is >= 10 and < 30 && e.Subject is "subject:3" or "subject:4" && e.RecordedAt >= from && e.RecordedAt < to), report.EntriesRead);
    }

    [Fact]
    public async Task Verify_FullExportWithPurgedPayloads_NotesEachPurgeAndVerifies()
    {
        var chain = await BundleTestChain.CreateAsync();
        chain.Purge("access-6y", 5, 6, 9);

        var report = await BundleVerification.VerifyAsync(await chain.BundleAsync());

        Assert.True(report.IsValid, BundleVerification.Describe(report));
        Assert.Equal(3, report.PurgedEntries);
        Assert.Equal([5L, 6L, 9L], report.Findings.Where(f => f.Kind == BundleFindingKind.PayloadPurged).Select(f => f.Sequence!.Value));
    }

    [Fact]
    public async Task Verify_SelectiveExportOfAPurgedEntry_CarriesThePurgeEntryThatAccountsForIt()
    {
        var chain = await BundleTestChain.CreateAsync();
        var purge = chain.Purge("access-6y", 7);
        chain.AppendFacts(2);

        var report = await BundleVerification.VerifyAsync(await chain.BundleAsync(new BundleScope(subjects: [chain.Entries[7].Subject])));

        Assert.True(report.IsValid, BundleVerification.Describe(report));
        Assert.Equal(1, report.PurgedEntries);
        Assert.Equal(1, report.EntryCountsByType[BundleFormat.PurgeEntryType]);
        Assert.Contains(report.Findings, f => f.Kind == BundleFindingKind.PayloadPurged && f.Sequence == 7 && f.Message.Contains($"entry {purge.Sequence}", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Verify_PayloadAbsentWithoutAPurge_ReportsPayloadMissingAtTheEntry()
    {
        var chain = await BundleTestChain.CreateAsync();
        chain.Entries[12] = BundleTestChain.WithoutPayload(chain.Entries[12]);

        var report = await BundleVerification.VerifyAsync(await chain.BundleAsync());

        Assert.Equal(BundleVerdict.Invalid, report.Verdict);
        var finding = Assert.Single(report.Findings, f => f.IsFailure);
        Assert.Equal((BundleFindingKind.PayloadMissing, BundleFormat.EntriesFile, 12L), (finding.Kind, finding.File, finding.Sequence!.Value));
    }

    [Fact]
    public async Task Verify_WithoutTrustAnchors_ChecksIntegrityButSaysSignersAreNotEstablished()
    {
        var chain = await BundleTestChain.CreateAsync();

        var report = await new EvidenceBundleVerifier(trust: null).VerifyAsync(new MemoryStream(await chain.BundleAsync()));

        Assert.True(report.IsValid, BundleVerification.Describe(report));
        Assert.False(report.TrustChecked);
        Assert.Equal(SignatureVerificationStatus.UntrustedChain, report.CheckpointSignature!.Status);
        Assert.Null(report.TrustAnchorDeclared);
    }

    [Fact]
    public async Task Verify_OfficerTrustsAnotherCa_SignerNotTrustedIsATrustFindingNotTampering()
    {
        var chain = await BundleTestChain.CreateAsync();
        var verifier = new EvidenceBundleVerifier(new SignatureTrustPolicy([Pki.OtherRoot]));

        var report = await verifier.VerifyAsync(new MemoryStream(await chain.BundleAsync()));

        Assert.Equal(BundleVerdict.Invalid, report.Verdict);
        Assert.Contains(report.Findings, f => f.Kind == BundleFindingKind.SignerNotTrusted && f.File == BundleFormat.CheckpointSignatureFile
            && f.Message.Contains("UntrustedChain", StringComparison.Ordinal));
        Assert.All(report.Findings.Where(f => f.IsFailure), f => Assert.True(f.IsTrustProblem && !f.IsTampering && !f.IsUnreadable, f.ToString()));
        Assert.False(report.TrustAnchorDeclared);
    }

    [Fact]
    public async Task Verify_ForgedApprovalRecordedInTheLedger_NamesTheEntryAndTheSigner()
    {
        var chain = await BundleTestChain.CreateAsync();
        var genuine = SignedApproval.FromEntry(chain.Entries.Last(e => e.EntryType == ApprovalEntryTypes.ApprovalSigned));
        var forged = (byte[])genuine.Signature.Clone();
        forged[^5] ^= 0x20;
        var entry = chain.Append(new EntryDraft(ApprovalEntryTypes.ApprovalSigned, "release:2.4.0-production", "intruder", SignedApproval.ToPayload(genuine.StatementBytes, forged)));

        var report = await BundleVerification.VerifyAsync(await chain.BundleAsync());

        Assert.Equal(BundleVerdict.Invalid, report.Verdict);
        var finding = Assert.Single(report.Findings, f => f.IsFailure);
        Assert.Equal((BundleFindingKind.ApprovalSignatureInvalid, entry.Sequence), (finding.Kind, finding.Sequence!.Value));
        Assert.Contains("Erin Engineer", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_ApprovalByASignerWithoutTheRole_IsANoteNotAFailure()
    {
        var chain = await BundleTestChain.CreateAsync();
        await chain.ApproveAsync(Pki.IntermediateSigner, "Project Manager");

        var report = await BundleVerification.VerifyAsync(await chain.BundleAsync());

        Assert.True(report.IsValid, BundleVerification.Describe(report));
        Assert.False(report.Approvals.Single(a => a.SignerName == "Ian Intermediate").Authorized);
        Assert.Contains(report.Findings, f => f.Kind == BundleFindingKind.ApprovalNotAuthorized && !f.IsFailure);
    }

    [Fact]
    public async Task Verify_ExportedSinceAnEarlierCheckpoint_ProvesConsistencyWithIt()
    {
        var chain = await BundleTestChain.CreateAsync();
        var earlier = chain.CheckpointAt(20);

        var report = await BundleVerification.VerifyAsync(await chain.BundleAsync(new BundleScope(entryTypes: ["baa.executed"]), since: earlier),
            new BundleVerificationOptions { PreviousCheckpoint = earlier });

        Assert.True(report.IsValid, BundleVerification.Describe(report));
        var previous = report.PreviousCheckpoint!;
        Assert.Equal((20L, true, (bool?)true), (previous.TreeSize, previous.FromOfficer, previous.Consistent));
        Assert.Equal(earlier.Root, previous.Root);
    }

    [Fact]
    public async Task Verify_FullExportAndTheOfficersOwnCheckpoint_ChecksThePrefixFromTheEntries()
    {
        var chain = await BundleTestChain.CreateAsync();

        var report = await BundleVerification.VerifyAsync(await chain.BundleAsync(), new BundleVerificationOptions { PreviousCheckpoint = chain.CheckpointAt(17) });

        Assert.True(report.IsValid, BundleVerification.Describe(report));
        Assert.True(report.PreviousCheckpoint!.Consistent);
    }

    [Fact]
    public async Task Verify_OfficersCheckpointFromARewrittenLog_IsACheckpointMismatch()
    {
        var chain = await BundleTestChain.CreateAsync();
        var other = await BundleTestChain.CreateAsync();

        var report = await BundleVerification.VerifyAsync(await chain.BundleAsync(), new BundleVerificationOptions { PreviousCheckpoint = other.CheckpointAt(17) });

        Assert.Equal(BundleVerdict.Invalid, report.Verdict);
        Assert.Contains(report.Findings, f => f.Kind == BundleFindingKind.CheckpointMismatch && f.Message.Contains("fork", StringComparison.Ordinal));
        Assert.False(report.PreviousCheckpoint!.Consistent);
    }

    [Fact]
    public async Task Verify_SelectiveExportWithoutAProofFromTheOfficersCheckpoint_IsUnproven()
    {
        var chain = await BundleTestChain.CreateAsync();

        var report = await BundleVerification.VerifyAsync(await chain.BundleAsync(new BundleScope(entryTypes: ["baa.executed"])),
            new BundleVerificationOptions { PreviousCheckpoint = chain.CheckpointAt(17) });

        Assert.Equal(BundleVerdict.Invalid, report.Verdict);
        Assert.Contains(report.Findings, f => f.Kind == BundleFindingKind.PreviousCheckpointUnproven && f.Message.Contains("--since-checkpoint", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Verify_BundleOlderThanTheOfficersCheckpoint_IsUnproven()
    {
        var chain = await BundleTestChain.CreateAsync();
        var bundle = await chain.BundleAsync(treeSize: 30);

        var report = await BundleVerification.VerifyAsync(bundle, new BundleVerificationOptions { PreviousCheckpoint = chain.CheckpointAt(chain.Entries.Count) });

        Assert.Equal(BundleVerdict.Invalid, report.Verdict);
        Assert.Contains(report.Findings, f => f.Kind == BundleFindingKind.PreviousCheckpointUnproven && f.Message.Contains("older", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Verify_ReportsProgressAndEveryEntryToTheObserver()
    {
        var chain = await BundleTestChain.CreateAsync();
        var seen = new List<long>();
        var progress = new List<BundleProgress>();

        var report = await BundleVerification.VerifyAsync(await chain.BundleAsync(), new BundleVerificationOptions
        {
            OnEntry = e => seen.Add(e.Sequence),
            Progress = new SynchronousProgress(progress.Add),
        });

        Assert.True(report.IsValid);
        Assert.Equal(chain.Entries.Select(e => e.Sequence), seen);
        Assert.Equal(chain.Entries.Count, progress[^1].EntriesRead);
        Assert.Equal(progress[^1].BytesExpected, progress[^1].BytesRead);
    }

    private sealed class SynchronousProgress(Action<BundleProgress> report) : IProgress<BundleProgress>
    {
        public void Report(BundleProgress value) => report(value);
    }
}
