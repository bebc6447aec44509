using System.Text.Json;
using ComplianceKit.Cli.Tests.Infrastructure;

namespace ComplianceKit.Cli.Tests.Conformance;

/// <summary>
/// <c>verify --checkpoint-key</c> and <c>report --checkpoint-key</c> on the conformance suite's rotated-key bundles (FORMAT.md 12.16): the
/// report names the keys followed from the pinned original to the key that signed, and why a compromised key is refused.
/// </summary>
public sealed class VerifyKeyChainReportTests
{
    private static readonly string Rotated = Path.Combine(ConformanceSuiteTests.Suite, "bundles", "v2-key-rotated.zip");
    private static readonly string Compromised = Path.Combine(ConformanceSuiteTests.Suite, "bundles", "v2-key-compromised.zip");
    private static readonly string Ca = Path.Combine(ConformanceSuiteTests.Suite, "ca.pem");
    private static readonly string Original = Path.Combine(ConformanceSuiteTests.Suite, "organisation.pem");

    [Fact]
    public async Task Verify_RotatedKeyPinnedOriginal_TextShowsTheChainFollowed()
    {
        var result = await CliRun.RunAsync("verify", Rotated, "--trust", Ca, "--checkpoint-key", Original);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("key chain", result.Output, StringComparison.Ordinal);
        Assert.Matches("followed from your pinned key ([0-9a-f]{64}): \\1 -> [0-9a-f]{64}", result.Output);
    }

    [Fact]
    public async Task Verify_RotatedKeyJson_NamesPinFollowedKeysAndPeriods()
    {
        var result = await CliRun.RunAsync("verify", Rotated, "--trust", Ca, "--checkpoint-key", Original, "--json");
        using var json = JsonDocument.Parse(result.Output);

        Assert.True(result.ExitCode == 0, result.ToString());
        var keys = json.RootElement.GetProperty("checkpointKeys");
        Assert.True(keys.GetProperty("accepted").GetBoolean());
        var followed = keys.GetProperty("followed").EnumerateArray().Select(k => k.GetString()).ToList();
        Assert.Equal(2, followed.Count);
        Assert.Equal(keys.GetProperty("pinnedSha256").GetString(), followed[0]);
        Assert.Equal(keys.GetProperty("checkpointKeySha256").GetString(), followed[1]);
        Assert.Equal(2, keys.GetProperty("chain").GetArrayLength());
    }

    [Fact]
    public async Task Verify_CompromisedKey_ExitOneAndJsonSaysCompromised()
    {
        var result = await CliRun.RunAsync("verify", Compromised, "--trust", Ca, "--checkpoint-key", Original, "--json");
        using var json = JsonDocument.Parse(result.Output);

        Assert.True(result.ExitCode == 1, result.ToString());
        var keys = json.RootElement.GetProperty("checkpointKeys");
        Assert.False(keys.GetProperty("accepted").GetBoolean());
        Assert.Equal("Compromised", keys.GetProperty("refusal").GetString());
        Assert.Contains(json.RootElement.GetProperty("findings").EnumerateArray(), f => f.GetProperty("kind").GetString() == "CheckpointKeyRefused" && f.GetProperty("code").GetInt32() == 185);
    }

    [Fact]
    public async Task Report_RotatedKeyPinnedOriginal_HtmlHasTheKeyChain()
    {
        var folder = Directory.CreateTempSubdirectory("compliancekit-keychain-");
        try
        {
            var page = Path.Combine(folder.FullName, "report.html");

            var result = await CliRun.RunAsync("report", Rotated, "--trust", Ca, "--checkpoint-key", Original, "--html", page);

            Assert.True(result.ExitCode == 0, result.ToString());
            var html = await File.ReadAllTextAsync(page);
            Assert.Contains("<dt>Key chain</dt>", html, StringComparison.Ordinal);
            Assert.Contains("followed from your pinned key", html, StringComparison.Ordinal);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task Verify_CheckpointKeyFileWithTwoCertificates_UsageErrorNamesIt()
    {
        var folder = Directory.CreateTempSubdirectory("compliancekit-keychain-");
        try
        {
            var two = Path.Combine(folder.FullName, "two.pem");
            await File.WriteAllTextAsync(two, await File.ReadAllTextAsync(Original) + await File.ReadAllTextAsync(Ca));

            var result = await CliRun.RunAsync("verify", Rotated, "--trust", Ca, "--checkpoint-key", two);

            Assert.Equal(2, result.ExitCode);
            Assert.Contains("must hold exactly one certificate", result.Error, StringComparison.Ordinal);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }
}
