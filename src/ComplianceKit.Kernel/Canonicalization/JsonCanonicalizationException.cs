namespace ComplianceKit.Canonicalization;

/// <summary>
/// Thrown when a payload cannot be brought to RFC 8785 canonical form: it is not valid JSON, has
/// trailing content, repeats a property name, contains an unpaired surrogate or invalid UTF-8, holds
/// a number that is not a finite double, or nests deeper than <see cref="JsonCanonicalizer.MaxDepth"/>.
/// </summary>
/// <remarks>
/// The message names the problem and, where known, the JSONPath and byte offset. Messages written by
/// ComplianceKit never repeat string or number values from the payload; for syntax errors the message
/// of the System.Text.Json reader is appended, and it may quote the character or literal at fault.
/// </remarks>
public sealed class JsonCanonicalizationException : Exception
{
    /// <summary>Creates an exception with a generic message.</summary>
    public JsonCanonicalizationException()
        : base("The JSON payload cannot be canonicalized.")
    {
    }

    /// <summary>Creates an exception with the given message.</summary>
    /// <param name="message">What is wrong with the payload.</param>
    public JsonCanonicalizationException(string message)
        : base(message)
    {
    }

    /// <summary>Creates an exception with the given message and cause.</summary>
    /// <param name="message">What is wrong with the payload.</param>
    /// <param name="innerException">The underlying error, typically a <see cref="System.Text.Json.JsonException"/>.</param>
    public JsonCanonicalizationException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    internal JsonCanonicalizationException(string message, string? jsonPath, long? byteOffset, Exception? innerException = null)
        : base(message, innerException)
    {
        JsonPath = jsonPath;
        ByteOffset = byteOffset;
    }

    /// <summary>
    /// The JSONPath (for example <c>$.items[3].name</c>) of the value or member at fault, or of the
    /// innermost enclosing value reached; <see langword="null"/> when the input could not be read at all.
    /// </summary>
    public string? JsonPath { get; }

    /// <summary>
    /// The zero-based offset of the problem in the UTF-8 input (for <see cref="JsonCanonicalizer.Canonicalize(string)"/>,
    /// in its UTF-8 encoding), or <see langword="null"/> when unknown.
    /// </summary>
    public long? ByteOffset { get; }
}
