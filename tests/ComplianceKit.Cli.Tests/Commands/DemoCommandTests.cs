using System.CommandLine;
using ComplianceKit.Cli.Commands;
using ComplianceKit.Cli.Tests.Infrastructure;

namespace ComplianceKit.Cli.Tests.Commands;

/// <summary>The demo wires ComplianceKit through DI as a host would, records the clinic's programme and prints readiness.</summary>
public sealed class DemoCommandTests : IDisposable
{
    private readonly WorkFolder _work = new();

    [Fact]
    public async Task Demo_RecordsTheProgramme_PrintsReadinessWithItsBlockersAndVerifies()
    {
        var db = _work.File("demo.db");
        using var output = new StringWriter();
        using var error = new StringWriter();

        var exit = await CommandRunner.RunAsync(new RootCommand("test") { DemoCommand.Create() }, ["demo", "--db", db], output, error);
        var readiness = await CliRun.RunAsync("readiness", "--db", db, "--gate", "ehr-2026.3", "--json");

        Assert.True(exit == 0, $"{output}\n{error}");
        var text = output.ToString();
        Assert.Contains("Readiness of gate ehr-2026.3", text, StringComparison.Ordinal);
        Assert.Contains("declared \"Readiness: 95%\"", text, StringComparison.Ordinal);
        Assert.Contains("Approval role:Operations Lead", text, StringComparison.Ordinal);
        Assert.Contains("AgreementMissing vendor:vendor-07", text, StringComparison.Ordinal);
        Assert.Contains("Result: every chain verifies.", text, StringComparison.Ordinal);
        Assert.Equal(1, readiness.Exit);
        var json = readiness.Json();
        Assert.Equal(66.7m, json.GetProperty("components").GetProperty("approvals").GetDecimal());
        Assert.Empty(json.GetProperty("projectionDrift").EnumerateArray());
    }

    public void Dispose() => _work.Dispose();
}
