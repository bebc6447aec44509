using System.Globalization;
using System.Text;

namespace ComplianceKit.Checklists;

/// <summary>
/// Parses a markdown deployment or compliance checklist (GitHub task lists, headings, sign-off lines) into a
/// <see cref="ChecklistDocument"/>. Pure: it reads only the text, stream or reader it is given.
/// </summary>
/// <remarks>
/// Stateless and thread-safe. Time and memory are linear in the input size: every line is classified by
/// hand-written scanning with bounded look-around, without regular expressions.
/// Lines inside fenced code blocks and HTML comments are never imported.
/// </remarks>
public sealed class MarkdownChecklistParser
{
    private readonly int maxInputLength;

    /// <summary>Creates a parser.</summary>
    /// <param name="options">Limits; <see langword="null"/> for the defaults.</param>
    /// <exception cref="ArgumentOutOfRangeException"><see cref="MarkdownChecklistParserOptions.MaxInputLength"/> is not positive.</exception>
    public MarkdownChecklistParser(MarkdownChecklistParserOptions? options = null)
    {
        maxInputLength = options?.MaxInputLength ?? MarkdownChecklistParserOptions.DefaultMaxInputLength;
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxInputLength, nameof(options));
    }

    /// <summary>
    /// Parses checklist text. Text that was UTF-8 decoded as Windows-1252 and saved again (<c>â€”</c> for <c>—</c>) is repaired
    /// first when the repair is unambiguous, with a <see cref="ChecklistWarningKind.MojibakeRepaired"/> warning counting the repairs.
    /// </summary>
    /// <param name="text">The markdown; CRLF, LF and lone CR line breaks may be mixed. A leading U+FEFF is ignored.</param>
    /// <param name="sourceName">A name for messages and <see cref="ChecklistDocument.SourceName"/>, such as a file name.</param>
    /// <returns>The parsed document.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="text"/> is null.</exception>
    /// <exception cref="ChecklistFormatException">
    /// The text is empty, longer than <see cref="MarkdownChecklistParserOptions.MaxInputLength"/>, looks binary
    /// (NUL or many control characters), or has no heading, checkbox item or sign-off line.
    /// </exception>
    public ChecklistDocument Parse(string text, string? sourceName = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        EnsureWithinLimit(text.Length, "characters", sourceName);
        return ParseText(text, sourceName, encodingName: null, decodeWarning: null);
    }

    /// <summary>
    /// Reads the stream to its end and parses it. A byte-order mark selects UTF-8, UTF-16 (LE/BE) or UTF-32 (LE/BE);
    /// without one the bytes are read as UTF-8, and invalid sequences become U+FFFD with a
    /// <see cref="ChecklistWarningKind.InvalidEncoding"/> warning rather than an exception.
    /// </summary>
    /// <param name="stream">A readable stream; it is not closed.</param>
    /// <param name="sourceName">A name for messages and <see cref="ChecklistDocument.SourceName"/>, such as a file name.</param>
    /// <returns>The parsed document; <see cref="ChecklistDocument.SourceEncoding"/> names the encoding used.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="stream"/> is null.</exception>
    /// <exception cref="ChecklistFormatException">As for <see cref="Parse(string, string?)"/>.</exception>
    public ChecklistDocument Parse(Stream stream, string? sourceName = null)
    {
        ArgumentNullException.ThrowIfNull(stream);
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = stream.Read(chunk, 0, chunk.Length)) > 0)
        {
            buffer.Write(chunk, 0, read);
            EnsureWithinLimit(buffer.Length, "bytes", sourceName);
        }

        var decoded = ChecklistTextDecoder.Decode(buffer.GetBuffer().AsSpan(0, checked((int)buffer.Length)));
        return ParseText(decoded.Text, sourceName, decoded.EncodingName, decoded.Warning);
    }

    /// <summary>Reads the reader to its end and parses the text; the reader's own decoding applies.</summary>
    /// <param name="reader">The reader; it is not disposed.</param>
    /// <param name="sourceName">A name for messages and <see cref="ChecklistDocument.SourceName"/>, such as a file name.</param>
    /// <returns>The parsed document.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="reader"/> is null.</exception>
    /// <exception cref="ChecklistFormatException">As for <see cref="Parse(string, string?)"/>.</exception>
    public ChecklistDocument Parse(TextReader reader, string? sourceName = null)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var builder = new StringBuilder();
        var chunk = new char[16384];
        int read;
        while ((read = reader.Read(chunk, 0, chunk.Length)) > 0)
        {
            builder.Append(chunk, 0, read);
            EnsureWithinLimit(builder.Length, "characters", sourceName);
        }

        return ParseText(builder.ToString(), sourceName, encodingName: null, decodeWarning: null);
    }

    private void EnsureWithinLimit(long length, string unit, string? sourceName)
    {
        if (length > maxInputLength)
        {
            throw new ChecklistFormatException(
                string.Create(
                    CultureInfo.InvariantCulture,
                    $"{ChecklistTextInspector.Describe(sourceName)} is larger than the limit of {maxInputLength} {unit}; a checklist is never this large."),
                sourceName);
        }
    }

    private static ChecklistDocument ParseText(string text, string? sourceName, string? encodingName, ChecklistWarning? decodeWarning)
    {
        if (text.Length > 0 && text[0] == '\uFEFF')
        {
            text = text[1..];
        }

        ChecklistTextInspector.EnsureText(text, sourceName);
        var initialWarnings = new List<ChecklistWarning>(2);
        if (decodeWarning is not null)
        {
            initialWarnings.Add(decodeWarning);
        }

        (text, var mojibake) = ChecklistTextInspector.RepairMojibake(text);
        if (mojibake is not null)
        {
            initialWarnings.Add(mojibake);
        }

        var session = new ChecklistParseSession(ChecklistParseSession.SplitLines(text), initialWarnings);
        return session.Run(sourceName, encodingName);
    }
}
