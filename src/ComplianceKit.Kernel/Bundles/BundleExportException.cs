namespace ComplianceKit.Bundles;

/// <summary>An export cannot be made as asked; nothing usable was written.</summary>
public sealed class BundleExportException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What is wrong, in a sentence.</param>
    /// <param name="contradictsCheckpoint">Whether the ledger contradicts the officer's earlier checkpoint (evidence of a rewritten log).</param>
    /// <param name="ledgerFails">Whether the ledger itself fails a check: the chain does not verify, or a proof it gives does not verify against the root to be signed.</param>
    public BundleExportException(string message, bool contradictsCheckpoint = false, bool ledgerFails = false) : base(message)
    {
        ContradictsCheckpoint = contradictsCheckpoint;
        IsFinding = contradictsCheckpoint || ledgerFails;
    }

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

    /// <summary>
    /// Whether the export was refused because of what the ledger holds (it contradicts the earlier checkpoint, does not
    /// verify, or gives a proof that fails against the root about to be signed), rather than because of what was asked.
    /// </summary>
    public bool IsFinding { get; }
}
