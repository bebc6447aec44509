using ComplianceKit.Cli.Files;
using System.Text.Json;
using ComplianceKit.Approvals;
using ComplianceKit.Cli.Compliance;
using ComplianceKit.Cli.Hosting;
using ComplianceKit.Cli.Output;
using NodaTime;

namespace ComplianceKit.Cli.Approvals;

/// <summary>What <c>approve</c> prints once the approval is recorded: the entry, then the gate as <c>gate</c> evaluates it now.</summary>
internal static class ApproveOutput
{
    public static async Task<int> WriteSignedAsync(LedgerLocation path, string chainId, (ComplianceKit.Administration.AdministrationTrust Trust, string Description) administration, bool json, ApprovalPreview preview, SignedApproval signed, IClock clock,
        TextWriter output, CancellationToken cancellationToken)
    {
        var at = clock.GetCurrentInstant();
        await using var state = await OfficerOptions.OpenVerifiedAsync(path, chainId, administration, at, cancellationToken).ConfigureAwait(false);
        if (state.Snapshot is null)
        {
            await output.WriteLineAsync($"Signed: entry {signed.Sequence}; the gate cannot be evaluated because the ledger does not verify.").ConfigureAwait(false);
            return ExitCodes.CheckFailed;
        }

        var evaluation = await GateFromState.EvaluateAsync(state, path, preview.Gate, at, cancellationToken).ConfigureAwait(false);
        var signedAt = ApprovalPreview.FormatInstant(signed.Statement.SignedAt);
        if (json)
        {
            var report = new
            {
                database = path, chainId, signed = true, sequence = signed.Sequence, signedAt, statement = preview,
                gate = GateJson.From(path, chainId, evaluation, state.AnchorSource, state.Tampering),
            };
            await output.WriteLineAsync(JsonSerializer.Serialize(report, CliJson.Options)).ConfigureAwait(false);
        }
        else
        {
            await output.WriteLineAsync($"Signed: entry {signed.Sequence} (approval.signed), {preview.Decision} by {preview.PrintedName} as {preview.Role} at {signedAt}.").ConfigureAwait(false);
            await output.WriteLineAsync().ConfigureAwait(false);
            GateText.Write(output, evaluation, state.AnchorSource, state.Tampering);
        }

        return ExitCodes.Success;
    }
}
