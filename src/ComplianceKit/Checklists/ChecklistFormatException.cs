namespace ComplianceKit.Checklists;

/// <summary>
/// Thrown by <see cref="MarkdownChecklistParser"/> when the input is not a markdown checklist at all:
/// empty, binary (NUL or many control characters), or without any heading, checkbox item or sign-off line.
/// </summary>
public sealed class ChecklistFormatException : FormatException
{
    /// <summary>Creates an exception with a default message.</summary>
    public ChecklistFormatException()
        : base("The input is not a markdown checklist.")
    {
    }

    /// <summary>Creates an exception with the given message.</summary>
    /// <param name="message">What is wrong with the input.</param>
    public ChecklistFormatException(string message)
        : base(message)
    {
    }

    /// <summary>Creates an exception with the given message and cause.</summary>
    /// <param name="message">What is wrong with the input.</param>
    /// <param name="innerException">The exception that caused this one.</param>
    public ChecklistFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates an exception that names the source.</summary>
    /// <param name="message">What is wrong with the input.</param>
    /// <param name="sourceName">The caller's name for the input, or <see langword="null"/>.</param>
    public ChecklistFormatException(string message, string? sourceName)
        : base(message) => SourceName = sourceName;

    /// <summary>The caller's name for the input (for example a file name), or <see langword="null"/>.</summary>
    public string? SourceName { get; }
}
