using System.Text;
using ComplianceKit.Bundles;

namespace ComplianceKit.Tests.Bundles;

/// <summary>The bundle format versions (FORMAT.md 12.12): exports write version 2, verifiers read version 1 by its own rules and version 2.</summary>
public sealed class BundleFormatVersionTests
{
    private static readonly Lazy<Task<BundleTestChain>> Shared = new(() => BundleTestChain.CreateAsync(facts: 10));

    [Fact]
    public async Task Export_WritesTheCurrentVersion_AndTheVerifierReportsIt()
    {
        var chain = await Shared.Value;

        var bundle = await chain.BundleAsync();
        var report = await BundleVerification.VerifyAsync(bundle);

        Assert.Equal(BundleFormatVersion.V2, BundleFormat.CurrentVersion);
        Assert.Contains("\"format\": \"compliancekit.bundle/v2\"", Encoding.UTF8.GetString(BundleZip.Members(bundle)[BundleFormat.ManifestFile]), StringComparison.Ordinal);
        Assert.True(report.IsValid, BundleVerification.Describe(report));
        Assert.Equal(BundleFormatVersion.V2, report.Manifest!.Version);
    }

    [Fact]
    public async Task Verify_VersionOneBundle_VerifiesByItsOwnRules()
    {
        var chain = await Shared.Value;

        var bundle = await chain.BundleAsync(version: BundleFormatVersion.V1);
        var selective = await chain.BundleAsync(new BundleScope(entryTypes: ["role.granted"]), version: BundleFormatVersion.V1);
        var report = await BundleVerification.VerifyAsync(bundle);
        var selectiveReport = await BundleVerification.VerifyAsync(selective);

        Assert.Contains("\"format\": \"compliancekit.bundle/v1\"", Encoding.UTF8.GetString(BundleZip.Members(bundle)[BundleFormat.ManifestFile]), StringComparison.Ordinal);
        Assert.True(report.IsValid, BundleVerification.Describe(report));
        Assert.Equal(BundleFormatVersion.V1, report.Manifest!.Version);
        Assert.True(selectiveReport.IsValid, BundleVerification.Describe(selectiveReport));
    }

    [Fact]
    public async Task Verify_VersionOneBundleWithAnEntryRemoved_IsTheSameFindingAsInVersionTwo()
    {
        var chain = await Shared.Value;
        static Task<byte[]> RemoveEntry(byte[] bundle) =>
            BundleZip.ResignAsync(bundle, (n, b) => n == BundleFormat.EntriesFile ? BundleZip.Join(BundleZip.Lines(b).Where((_, i) => i != 4)) : b);

        var v1 = await BundleVerification.VerifyAsync(await RemoveEntry(await chain.BundleAsync(version: BundleFormatVersion.V1)));
        var v2 = await BundleVerification.VerifyAsync(await RemoveEntry(await chain.BundleAsync()));

        Assert.Equal(BundleVerdict.Invalid, v1.Verdict);
        Assert.Equal(v2.Findings.Select(f => (f.Kind, f.Sequence)).Order(), v1.Findings.Select(f => (f.Kind, f.Sequence)).Order());
        Assert.Contains(v1.Findings, f => f.Kind == BundleFindingKind.SequenceGap);
    }

    [Theory]
    [InlineData("compliancekit.bundle/v3")]
    [InlineData("compliancekit.bundle/V2")]
    [InlineData("compliancekit.bundle/v2 ")]
    public async Task ParseManifest_UnknownFormat_IsMalformedNamingTheVersionsItReads(string format)
    {
        var chain = await Shared.Value;
        var manifest = Encoding.UTF8.GetString(BundleZip.Members(await chain.BundleAsync())[BundleFormat.ManifestFile])
            .Replace(BundleFormat.FormatIdV2, format, StringComparison.Ordinal);

        var error = Assert.Throws<FormatException>(() => BundleManifest.Parse(Encoding.UTF8.GetBytes(manifest)));

        Assert.Contains("compliancekit.bundle/v1", error.Message, StringComparison.Ordinal);
        Assert.Contains("compliancekit.bundle/v2", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ParseManifest_VersionOneWithAMemberItDoesNotDefine_IsMalformed()
    {
        var chain = await Shared.Value;
        var manifest = Encoding.UTF8.GetString(BundleZip.Members(await chain.BundleAsync(version: BundleFormatVersion.V1))[BundleFormat.ManifestFile])
            .Replace("\"files\":", "\"witnessCosignatures\": [],\n  \"files\":", StringComparison.Ordinal);

        var error = Assert.Throws<FormatException>(() => BundleManifest.Parse(Encoding.UTF8.GetBytes(manifest)));

        Assert.Contains("witnessCosignatures", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FormatIds_AreExactAndRoundTrip()
    {
        Assert.True(BundleFormat.TryParseFormatId("compliancekit.bundle/v1", out var v1));
        Assert.True(BundleFormat.TryParseFormatId(BundleFormat.FormatId, out var current));
        Assert.False(BundleFormat.TryParseFormatId(null, out _));
        Assert.False(BundleFormat.TryParseFormatId("compliancekit.bundle/v0", out _));

        Assert.Equal(BundleFormatVersion.V1, v1);
        Assert.Equal(BundleFormat.CurrentVersion, current);
        Assert.Equal(BundleFormat.FormatIdV2, BundleFormat.FormatIdOf(BundleFormatVersion.V2));
        Assert.Throws<ArgumentOutOfRangeException>(() => BundleFormat.FormatIdOf((BundleFormatVersion)3));
    }
}
