using System.Text;
using ComplianceKit.Bundles;
using ComplianceKit.Signing;
using ComplianceKit.Tests.Signing;

namespace ComplianceKit.Tests.Bundles;

/// <summary>Changes an intruder could make to a bundle, with and without the organisation's key: each is named.</summary>
public sealed class BundleTamperingTests
{
    private static readonly Lazy<Task<(BundleTestChain Chain, byte[] Bundle)>> Shared = new(async () =>
    {
        var chain = await BundleTestChain.CreateAsync();
        return (chain, await chain.BundleAsync());
    });

    [Fact]
    public async Task Verify_OneByteOfAPayloadChanged_NamesTheFileAndTheEntry()
    {
        var (_, bundle) = await Shared.Value;

        var report = await BundleVerification.VerifyAsync(BundleZip.Rewrite(bundle, (name, bytes) => name == BundleFormat.EntriesFile ? ChangePayloadOfLine(bytes, 3) : bytes));

        Assert.Equal(BundleVerdict.Invalid, report.Verdict);
        Assert.Contains(report.Findings, f => f.Kind == BundleFindingKind.FileAltered && f.File == BundleFormat.EntriesFile);
        Assert.Contains(report.Findings, f => f.Kind == BundleFindingKind.PayloadAltered && f.Sequence == 3);
    }

    [Fact]
    public async Task Verify_ManifestChanged_IsNotTheSignedManifest()
    {
        var (_, bundle) = await Shared.Value;

        var report = await BundleVerification.VerifyAsync(BundleZip.Rewrite(bundle, (name, bytes) =>
            name == BundleFormat.ManifestFile ? Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(bytes).Replace("Test Clinic", "Test Clinix", StringComparison.Ordinal)) : bytes));

        Assert.Equal(BundleVerdict.Invalid, report.Verdict);
        Assert.Contains(report.Findings, f => f.Kind == BundleFindingKind.FileAltered && f.File == BundleFormat.ManifestFile);
    }

    [Fact]
    public async Task Verify_CheckpointChanged_SignatureNoLongerCoversIt()
    {
        var (_, bundle) = await Shared.Value;

        var report = await BundleVerification.VerifyAsync(BundleZip.Rewrite(bundle, (name, bytes) =>
            name == BundleFormat.CheckpointFile ? ShrinkTreeSize(bytes) : bytes));

        Assert.Equal(BundleVerdict.Invalid, report.Verdict);
        Assert.Contains(report.Findings, f => f.Kind == BundleFindingKind.CheckpointSignatureInvalid && f.Message.Contains("ContentMismatch", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Verify_CheckpointResignedByAnotherTrustedKey_IsNotTheSignerTheManifestNames()
    {
        var (_, bundle) = await Shared.Value;
        using var other = new X509CertificateSigner(TestPki.Instance.EcdsaSigner);
        var members = BundleZip.Members(bundle);
        var resigned = await other.SignDetachedAsync(members[BundleFormat.CheckpointFile], BundleManifest.Parse(members[BundleFormat.ManifestFile]).CreatedAt);

        var report = await BundleVerification.VerifyAsync(BundleZip.Rewrite(bundle, (name, bytes) => name == BundleFormat.CheckpointSignatureFile ? resigned : bytes));

        Assert.Equal(BundleVerdict.Invalid, report.Verdict);
        Assert.Contains(report.Findings, f => f.Kind == BundleFindingKind.CheckpointMismatch && f.Message.Contains("Erin Engineer", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Verify_ApprovalSignatureFileSwapped_IsNotTheListedFile()
    {
        var (chain, bundle) = await Shared.Value;
        var approvals = chain.Entries.Where(e => e.EntryType == "approval.signed").Select(e => e.Sequence).ToList();
        var first = BundleFormat.ApprovalSignatureFile(approvals[0]);
        var second = BundleFormat.ApprovalSignatureFile(approvals[1]);
        var members = BundleZip.Members(bundle);

        var report = await BundleVerification.VerifyAsync(BundleZip.Rewrite(bundle, (name, bytes) => name == first ? members[second] : name == second ? members[first] : bytes));

        Assert.Equal(BundleVerdict.Invalid, report.Verdict);
        Assert.Contains(report.Findings, f => f.Kind == BundleFindingKind.FileAltered && f.File == first);
        Assert.Contains(report.Findings, f => f.Kind == BundleFindingKind.FileAltered && f.File == second);
    }

    [Fact]
    public async Task Verify_MemberRemovedOrAdded_IsMissingOrUnexpected()
    {
        var (chain, bundle) = await Shared.Value;
        var statement = BundleFormat.ApprovalStatementFile(chain.Entries.First(e => e.EntryType == "approval.signed").Sequence);
        var members = BundleZip.Members(bundle);
        members.Remove(statement);
        members["notes.txt"] = "nothing to see"u8.ToArray();

        var report = await BundleVerification.VerifyAsync(BundleZip.Write(members));

        Assert.Equal(BundleVerdict.Invalid, report.Verdict);
        Assert.Contains(report.Findings, f => f.Kind == BundleFindingKind.FileMissing && f.File == statement);
        Assert.Contains(report.Findings, f => f.Kind == BundleFindingKind.UnexpectedFile && f.File == "notes.txt");
    }

    [Fact]
    public async Task Verify_ResignedBundleWithAnEntryLeftOut_ReportsTheGapAndTheHead()
    {
        var (_, bundle) = await Shared.Value;

        var report = await BundleVerification.VerifyAsync(await BundleZip.ResignAsync(bundle,
            (name, bytes) => name == BundleFormat.EntriesFile ? BundleZip.Join(BundleZip.Lines(bytes).Where((_, i) => i != 20)) : bytes));

        Assert.Equal(BundleVerdict.Invalid, report.Verdict);
        Assert.Contains(report.Findings, f => f.Kind == BundleFindingKind.SequenceGap && f.Sequence == 20);
        Assert.Contains(report.Findings, f => f.Kind == BundleFindingKind.CountMismatch);
        Assert.DoesNotContain(report.Findings, f => f.Kind == BundleFindingKind.FileAltered);
    }

    [Fact]
    public async Task Verify_ResignedBundleWithTheLastEntriesCut_IsAHeadMismatch()
    {
        var (_, bundle) = await Shared.Value;

        var report = await BundleVerification.VerifyAsync(await BundleZip.ResignAsync(bundle,
            (name, bytes) => name == BundleFormat.EntriesFile ? BundleZip.Join(BundleZip.Lines(bytes).SkipLast(2)) : bytes,
            m => BundleZip.Copy(m, entryCount: m.EntryCount - 2)));

        Assert.Equal(BundleVerdict.Invalid, report.Verdict);
        Assert.Contains(report.Findings, f => f.Kind == BundleFindingKind.HeadMismatch);
    }

    [Fact]
    public async Task Verify_ResignedSelectiveBundleWithAForeignEntry_FailsItsInclusionProof()
    {
        var (chain, _) = await Shared.Value;
        var selective = await chain.BundleAsync(new BundleScope(entryTypes: ["baa.executed"]));
        var other = await BundleTestChain.CreateAsync();
        var foreign = BundleZip.Lines(BundleZip.Members(await other.BundleAsync(new BundleScope(entryTypes: ["baa.executed"])))[BundleFormat.EntriesFile])[2];

        var report = await BundleVerification.VerifyAsync(await BundleZip.ResignAsync(selective, (name, bytes) =>
            name == BundleFormat.EntriesFile ? BundleZip.Join(BundleZip.Lines(bytes).Select((line, i) => i == 2 ? foreign : line)) : bytes));

        Assert.Equal(BundleVerdict.Invalid, report.Verdict);
        Assert.Contains(report.Findings, f => f.Kind == BundleFindingKind.InclusionProofInvalid && f.File == BundleFormat.EntriesFile);
    }

    [Fact]
    public async Task Verify_ResignedBundleDeclaringAFalsePurge_IsAPurgeMismatch()
    {
        var (_, bundle) = await Shared.Value;

        var report = await BundleVerification.VerifyAsync(await BundleZip.ResignAsync(bundle,
            (name, bytes) => name == BundleFormat.EntriesFile ? BundleZip.Join(BundleZip.Lines(bytes).Select((line, i) => i == 4 ? DropPayload(line) : line)) : bytes,
            m => BundleZip.Copy(m, purges: [new ManifestPurge(10, "made-up", [(4, 4)])])));

        Assert.Equal(BundleVerdict.Invalid, report.Verdict);
        Assert.Contains(report.Findings, f => f.Kind == BundleFindingKind.PurgeMismatch && f.Sequence == 10);
    }

    internal static byte[] ChangePayloadOfLine(byte[] entries, int line)
    {
        var lines = BundleZip.Lines(entries);
        var marker = "\"payload\":\"";
        var at = lines[line].IndexOf(marker, StringComparison.Ordinal) + marker.Length;
        var c = lines[line][at + 2];
        lines[line] = lines[line][..(at + 2)] + (c == 'A' ? 'B' : 'A') + lines[line][(at + 3)..];
        return BundleZip.Join(lines);
    }

    private static byte[] ShrinkTreeSize(byte[] checkpoint)
    {
        var lines = Encoding.UTF8.GetString(checkpoint).Split('\n');
        lines[1] = (long.Parse(lines[1], System.Globalization.CultureInfo.InvariantCulture) - 1).ToString(System.Globalization.CultureInfo.InvariantCulture);
        return Encoding.UTF8.GetBytes(string.Join('\n', lines));
    }

    private static string DropPayload(string line)
    {
        var json = System.Text.Json.Nodes.JsonNode.Parse(line)!.AsObject();
        json["payload"] = null;
        json["payloadSalt"] = null;
        return json.ToJsonString();
    }
}
