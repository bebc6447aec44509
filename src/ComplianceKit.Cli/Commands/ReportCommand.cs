using System.CommandLine;
using System.Text;
using ComplianceKit.Cli.Bundles;
using ComplianceKit.Cli.Files;
using ComplianceKit.Cli.Hosting;
using ComplianceKit.Cli.Output;
using ComplianceKit.Cli.Reports;
using ComplianceKit.Signing;

namespace ComplianceKit.Cli.Commands;

/// <summary>
/// <c>compliancekit report &lt;bundle.zip&gt; --html &lt;file&gt; [--trust &lt;ca.pem&gt;]</c>: verifies the bundle and writes one
/// self-contained HTML report. Exits like <c>verify</c>: 0 verified (or intact, without --trust), 1 invalid, 2 unreadable.
/// </summary>
internal static class ReportCommand
{
    public static Command Create()
    {
        var bundle = new Argument<string>("bundle") { Description = "The evidence bundle (.zip) to report on." };
        var html = new Option<string>("--html") { Description = "The HTML file to write; an existing file is refused unless --force, the bundle or a ledger always.", Required = true };
        var force = new Option<bool>("--force") { Description = "Replace an existing --html file (never the bundle, a trust file or a ledger)." };
        var trust = new Option<string[]>("--trust") { Description = "PEM file of the CA certificates you trust (repeatable); without it, signers are not checked." };
        var checkpointKey = new Option<string?>("--checkpoint-key")
        {
            Description = "PEM file of the organisation checkpoint certificate you hold; the report shows the chain of keys followed from it (FORMAT.md 12.16).",
        };
        var command = new Command("report", "Verify an evidence bundle and write a self-contained HTML report a person can read.") { bundle, html, trust, force, checkpointKey };
        command.SetAction((parse, cancellationToken) => RunAsync(parse.GetValue(bundle)!, parse.GetValue(html)!, parse.GetValue(trust) ?? [], parse.GetValue(force),
            parse.GetValue(checkpointKey), parse.InvocationConfiguration.Output, parse.InvocationConfiguration.Error, cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(string path, string htmlPath, string[] trust, bool force, string? checkpointKey, TextWriter output, TextWriter error,
        CancellationToken cancellationToken)
    {
        var target = OutputFile.Plan(htmlPath, "--html", force, [path, .. trust, .. checkpointKey is null ? Array.Empty<string>() : [checkpointKey]]);
        var collector = new ReportCollector();
        var report = await BundleVerificationRun.VerifyAsync(path, trust, previousCheckpoint: null, error, collector.Add, cancellationToken,
            checkpointKey: checkpointKey).ConfigureAwait(false);
        var now = CliHost.Clock.GetCurrentInstant();
        var verifier = trust.Length > 0 ? new CmsSignatureVerifier(BundleInputs.TrustPolicy(trust)) : null;
        var (programme, gates) = await BundleReadiness.AssessAsync(report, collector, verifier, collector.LatestRecordedAt ?? now, cancellationToken).ConfigureAwait(false);
        var page = HtmlBundleReport.Render(Path.GetFileName(path), report, collector, now, programme, gates);
        await target.WriteAllBytesAsync(new UTF8Encoding(encoderShouldEmitUTF8Identifier: false).GetBytes(page), cancellationToken).ConfigureAwait(false);
        await output.WriteLineAsync($"Wrote {htmlPath}").ConfigureAwait(false);
        await output.WriteLineAsync(BundleVerificationText.Verdict(report)).ConfigureAwait(false);
        return BundleVerificationRun.ExitCode(report);
    }
}
