using ComplianceKit.Gates;

namespace ComplianceKit.Cli.Output;

/// <summary>The text a person reads for a gate evaluation.</summary>
internal static class GateText
{
    public static void Write(TextWriter output, GateEvaluation evaluation)
    {
        var gate = evaluation.Gate;
        output.WriteLine($"  Gate {gate.Id} ({gate.Title}) at {evaluation.At}: {evaluation.Status.ToString().ToUpperInvariant()}");
        foreach (var check in evaluation.Approvals.Where(c => c.Counts))
        {
            var s = check.Approval.Statement;
            var conditions = s.Conditions is null ? "" : $" — conditions: {s.Conditions}";
            output.WriteLine($"    signed  #{check.Approval.Sequence} {s.Signer.Role}: {s.Signer.Name}, {s.Decision} ({s.Meaning}) at {s.SignedAt}{conditions}");
        }

        foreach (var blocker in evaluation.Blockers)
        {
            output.WriteLine($"    BLOCKER {blocker.Kind}: {blocker.Message}");
        }
    }
}
