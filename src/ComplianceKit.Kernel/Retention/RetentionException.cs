namespace ComplianceKit.Retention;

/// <summary>
/// Retention refused to do what was asked: a policy shorter than its category minimum with no
/// override, a hold id already active or not active, a plan that may not be applied. Nothing was written.
/// </summary>
public sealed class RetentionException : Exception
{
    /// <summary>Creates the exception with a message naming the problem.</summary>
    public RetentionException(string message) : base(message)
    {
    }

    /// <summary>Creates the exception with a message and the underlying cause.</summary>
    public RetentionException(string message, Exception innerException) : base(message, innerException)
    {
    }

    /// <summary>Creates the exception with a default message.</summary>
    public RetentionException() : base("Retention refused the request.")
    {
    }
}
