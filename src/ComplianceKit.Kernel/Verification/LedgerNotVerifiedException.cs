using ComplianceKit.Ledger;

namespace ComplianceKit.Verification;

/// <summary>Thrown when the compliance projection is asked for over a chain that does not verify: state is never built from a tampered ledger.</summary>
public sealed class LedgerNotVerifiedException : Exception
{
    /// <summary>Creates the exception with a default message.</summary>
    public LedgerNotVerifiedException()
        : base("The ledger does not verify.")
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public LedgerNotVerifiedException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and a cause.</summary>
    public LedgerNotVerifiedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception from the verification report.</summary>
    public LedgerNotVerifiedException(ChainVerificationReport report)
        : base(Describe(report)) => Report = report;

    /// <summary>The failing report, when the exception came from one.</summary>
    public ChainVerificationReport? Report { get; }

    private static string Describe(ChainVerificationReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var first = report.FirstFailure;
        return $"Chain '{report.ChainId}' does not verify ({report.Status}, {report.TotalFailures} finding(s)); nothing is decided or built from it."
            + (first is null ? "" : $" First: entry {first.Sequence}: {first.Message}");
    }
}
