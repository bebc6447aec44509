namespace ComplianceKit.Canonicalization;

/// <summary>
/// Thrown by <see cref="PayloadPrivacyGuard.EnsureNoPhi"/> when a payload appears to contain protected
/// health information. The message names the JSONPath and the kind of identifier, never the value.
/// </summary>
public sealed class PhiDetectedException : Exception
{
    /// <summary>Creates an exception with a generic message.</summary>
    public PhiDetectedException()
        : base("The payload appears to contain protected health information.")
    {
    }

    /// <summary>Creates an exception with the given message.</summary>
    /// <param name="message">What was found and where; must not repeat the PHI itself.</param>
    public PhiDetectedException(string message)
        : base(message)
    {
    }

    /// <summary>Creates an exception with the given message and cause.</summary>
    /// <param name="message">What was found and where; must not repeat the PHI itself.</param>
    /// <param name="innerException">The underlying error.</param>
    public PhiDetectedException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    internal PhiDetectedException(string message, string jsonPath)
        : base(message) => JsonPath = jsonPath;

    /// <summary>The JSONPath of the offending property or value, for example <c>$.subject.ssn</c>; <see langword="null"/> when not known.</summary>
    public string? JsonPath { get; }
}
