using System.Text.Json;
using ComplianceKit.Cli.Tests.Infrastructure;

namespace ComplianceKit.Cli.Tests.Conformance;

/// <summary><c>verify --tsa-trust</c> on the conformance suite's timestamped bundle: the report says which time each signature was judged at and why.</summary>
public sealed class VerifyTimestampReportTests
{
    private static readonly string Bundle = Path.Combine(ConformanceSuiteTests.Suite, "bundles", "v2-timestamp-valid.zip");
    private static readonly string Ca = Path.Combine(ConformanceSuiteTests.Suite, "ca.pem");
    private static readonly string TsaRoot = Path.Combine(ConformanceSuiteTests.Suite, "tsa-root.pem");

    [Fact]
    public async Task Verify_WithTsaTrust_TextSaysTheTimestampsTimeWasUsed()
    {
        var result = await CliRun.RunAsync("verify", Bundle, "--trust", Ca, "--tsa-trust", TsaRoot);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("judged at     2026-01-05T09:00:30", result.Output, StringComparison.Ordinal);
        Assert.Contains("(RFC 3161 timestamp): judged at the time of the RFC 3161 timestamp by CN=Conformance Time-Stamp Authority", result.Output, StringComparison.Ordinal);
        Assert.Contains("    judged at 2026-01-05T09:00:30", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_WithAndWithoutTsaTrust_JsonNamesTheTimeBasisOfTheCheckpointAndEachApproval()
    {
        var with = await CliRun.RunAsync("verify", Bundle, "--trust", Ca, "--tsa-trust", TsaRoot, "--json");
        var without = await CliRun.RunAsync("verify", Bundle, "--trust", Ca, "--json");
        using var withJson = JsonDocument.Parse(with.Output);
        using var withoutJson = JsonDocument.Parse(without.Output);

        Assert.True(with.ExitCode == 0, with.ToString());
        Assert.True(without.ExitCode == 0, without.ToString());
        var signature = withJson.RootElement.GetProperty("checkpoint").GetProperty("signature");
        Assert.Equal("Timestamp", signature.GetProperty("timeBasis").GetString());
        Assert.Equal("2026-01-05T09:00:30.000000Z", signature.GetProperty("trustedTime").GetString());
        Assert.All(withJson.RootElement.GetProperty("approvals").EnumerateArray(), a => Assert.Equal("Timestamp", a.GetProperty("timeBasis").GetString()));
        var claimed = withoutJson.RootElement.GetProperty("checkpoint").GetProperty("signature");
        Assert.Equal("ClaimedSigningTime", claimed.GetProperty("timeBasis").GetString());
        Assert.Contains("no time-stamping trust anchor is configured", claimed.GetProperty("timeBasisReason").GetString(), StringComparison.Ordinal);
    }
}
