namespace ComplianceKit.Timestamps;

/// <summary>No configured Time-Stamp Authority gave an acceptable token; the message names each authority and why.</summary>
public sealed class TimestampUnavailableException : Exception
{
    /// <summary>Creates the exception with a message naming each authority and its failure.</summary>
    public TimestampUnavailableException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }
}
