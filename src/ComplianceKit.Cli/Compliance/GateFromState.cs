using ComplianceKit.Cli.Hosting;
using ComplianceKit.Evidence;
using ComplianceKit.Gates;
using ComplianceKit.Readiness;
using NodaTime;

namespace ComplianceKit.Cli.Compliance;

/// <summary>Evaluates a gate from a verified <see cref="ComplianceState"/>, as <c>gate</c> prints it; <c>approve</c> shows the same status afterwards.</summary>
internal static class GateFromState
{
    /// <summary>The gate's evaluation; without trust anchors the library's own rule applies (every required role blocks, controls are still checked).</summary>
    /// <exception cref="UsageException">No such gate, or an entry the gate needs is unreadable.</exception>
    public static async Task<GateEvaluation> EvaluateAsync(ComplianceState state, ComplianceKit.Cli.Files.LedgerLocation path, string gateId, Instant at, CancellationToken cancellationToken)
    {
        var check = new ControlEvidenceGateCheck(state.Snapshot!, state.ChainId, ReadinessPolicy.Default,
            state.Verifier is null ? null : new EvidenceSignatureCheck(state.Verifier), state.Chain);
        try
        {
            return await new GateEvaluator(state.Database.Ledger, state.Verifier, state.Administration, check)
                .EvaluateAsync(state.Chain!, gateId, at, cancellationToken).ConfigureAwait(false);
        }
        catch (KeyNotFoundException ex)
        {
            throw new UsageException(ex.Message);
        }
        catch (FormatException ex)
        {
            throw new UsageException($"'{path}' holds an entry the gate cannot read: {ex.Message}");
        }
    }
}
