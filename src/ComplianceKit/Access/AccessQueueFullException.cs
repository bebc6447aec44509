namespace ComplianceKit.Access;

/// <summary>
/// The access log's queue is full and it is configured to refuse new events rather than make callers
/// wait: the event was not recorded. The host decides what that means for the request (refuse it, or
/// serve it and alert), so that no access goes unrecorded silently.
/// </summary>
public sealed class AccessQueueFullException : Exception
{
    /// <summary>Creates the exception with a message naming the queue's capacity.</summary>
    public AccessQueueFullException(string message) : base(message)
    {
    }

    /// <summary>Creates the exception with a message and a cause.</summary>
    public AccessQueueFullException(string message, Exception innerException) : base(message, innerException)
    {
    }

    /// <summary>Creates the exception with a default message.</summary>
    public AccessQueueFullException() : base("The access log's queue is full; the event was not recorded.")
    {
    }
}
