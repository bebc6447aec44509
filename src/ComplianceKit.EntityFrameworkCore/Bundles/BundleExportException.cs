namespace ComplianceKit.EntityFrameworkCore.Bundles;

/// <summary>An export cannot be made as asked; nothing usable was written.</summary>
public sealed class BundleExportException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What is wrong, in a sentence.</param>
    /// <param name="contradictsCheckpoint">Whether the ledger contradicts the officer's earlier checkpoint (evidence of a rewritten log).</param>
    public BundleExportException(string message, bool contradictsCheckpoint = false) : base(message) =>
        ContradictsCheckpoint = contradictsCheckpoint;

    /// <summary>Creates the exception with a default message.</summary>
    public BundleExportException() : base("The bundle cannot be exported.")
    {
    }

    /// <summary>Creates the exception with a message and its cause.</summary>
    public BundleExportException(string message, Exception innerException) : base(message, innerException)
    {
    }

    /// <summary>
    /// Whether the ledger contradicts the earlier checkpoint given with <see cref="BundleExportRequest.SinceCheckpoint"/>:
    /// a smaller chain, or another root at that size. That is evidence that the log was rewritten.
    /// </summary>
    public bool ContradictsCheckpoint { get; }
}
