using ComplianceKit.Ledger;
using ComplianceKit.Hashing;
using ComplianceKit.Verification;

namespace ComplianceKit.Cli.Output;

/// <summary>The text a person reads after <c>verify --db</c>.</summary>
internal static class VerificationText
{
    public static void Write(TextWriter output, string database, IReadOnlyList<ChainVerificationReport> reports)
    {
        output.WriteLine($"Ledger {database}: {reports.Count} chain(s)");
        foreach (var report in reports)
        {
            var verdict = report.IsValid ? "VERIFIED" : $"FAILED ({report.Status})";
            output.WriteLine($"  chain {report.ChainId}: {report.EntriesRead} entries, {verdict}");
            output.WriteLine($"    tree size {report.TreeHead.Size}, root {Hex.Format(report.TreeHead.Root)}");
            if (report.PurgedEntries > 0)
            {
                output.WriteLine($"    {report.PurgedEntries} payload(s) purged under recorded retention policies");
            }

            foreach (var failure in report.Failures)
            {
                output.WriteLine($"    entry {failure.Sequence}: {failure.Status}: {failure.Message}");
            }

            var unlisted = report.TotalFailures - report.Failures.LongCount();
            if (unlisted > 0)
            {
                output.WriteLine($"    ... and {unlisted} more failure(s) not listed");
            }
        }

        output.WriteLine(reports.All(r => r.IsValid) ? "Result: every chain verifies." : "Result: TAMPERING OR DAMAGE FOUND (see the entries above).");
    }
}
