namespace ComplianceKit.Ledger;

/// <summary>An entry or argument breaks a documented limit; nothing was written.</summary>
public sealed class LedgerValidationException : Exception
{
    /// <summary>Creates the exception with a message naming the problem.</summary>
    public LedgerValidationException(string message) : base(message)
    {
    }

    /// <summary>Creates the exception with a message and the underlying cause.</summary>
    public LedgerValidationException(string message, Exception innerException) : base(message, innerException)
    {
    }

    /// <summary>Creates the exception with a default message.</summary>
    public LedgerValidationException() : base("The entry is invalid.")
    {
    }
}
