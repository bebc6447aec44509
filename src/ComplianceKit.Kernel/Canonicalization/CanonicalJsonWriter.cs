using System.Buffers;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;

namespace ComplianceKit.Canonicalization;

/// <summary>
/// One pass of <see cref="Utf8JsonReader"/> over the input that writes RFC 8785 output. Members are
/// written in document order, then each object's members are reordered in place once it closes.
/// </summary>
internal sealed class CanonicalJsonWriter : IDisposable
{
    // One more than the limit, so the limit is enforced here with a clearer message than the reader's.
    private static readonly JsonReaderOptions ReaderOptions = new() { MaxDepth = JsonCanonicalizer.MaxDepth + 1 };

    private readonly PooledByteBuffer _output;
    private readonly PooledByteBuffer _unescaped = new(256);
    private readonly List<Member> _members = [];
    private readonly JsonPathTracker _path = new();

    private CanonicalJsonWriter(PooledByteBuffer output) => _output = output;

    /// <summary>Appends the canonical form of <paramref name="utf8Json"/> to <paramref name="output"/>.</summary>
    /// <exception cref="JsonCanonicalizationException">The input cannot be canonicalized.</exception>
    public static void Write(ReadOnlySpan<byte> utf8Json, PooledByteBuffer output)
    {
        using var writer = new CanonicalJsonWriter(output);
        writer.WriteDocument(utf8Json);
    }

    public void Dispose() => _unescaped.Dispose();

    private void WriteDocument(ReadOnlySpan<byte> json)
    {
        var reader = new Utf8JsonReader(json, ReaderOptions);
        try
        {
            if (!reader.Read())
            {
                throw new JsonCanonicalizationException("The payload is empty; it must be exactly one JSON value.", "$", 0);
            }

            WriteValue(ref reader);
        }
        catch (JsonException ex)
        {
            long? offset = ToByteOffset(json, ex.LineNumber, ex.BytePositionInLine);
            throw new JsonCanonicalizationException(
                $"The payload is not valid JSON (near {_path}): {ex.Message}", _path.ToString(), offset, ex);
        }

        int end = (int)reader.BytesConsumed;
        int trailing = json[end..].IndexOfAnyExcept(" \t\r\n"u8);
        if (trailing >= 0)
        {
            throw new JsonCanonicalizationException(
                $"Unexpected content at byte offset {end + trailing} after the JSON value; a payload must be exactly one JSON value.",
                "$",
                end + trailing);
        }
    }

    private void WriteValue(ref Utf8JsonReader reader)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.StartObject: WriteObject(ref reader); break;
            case JsonTokenType.StartArray: WriteArray(ref reader); break;
            case JsonTokenType.String: WriteString(ref reader); break;
            case JsonTokenType.Number: WriteNumber(ref reader); break;
            case JsonTokenType.True: _output.Write("true"u8); break;
            case JsonTokenType.False: _output.Write("false"u8); break;
            case JsonTokenType.Null: _output.Write("null"u8); break;
            default: throw Error($"Unexpected JSON token {reader.TokenType}", reader.TokenStartIndex);
        }
    }

    private void WriteArray(ref Utf8JsonReader reader)
    {
        EnsureDepth(ref reader);
        _output.Write((byte)'[');
        _path.PushArray();
        bool first = true;
        for (ReadInside(ref reader); reader.TokenType != JsonTokenType.EndArray; ReadInside(ref reader))
        {
            if (!first)
            {
                _output.Write((byte)',');
            }

            first = false;
            _path.NextElement();
            WriteValue(ref reader);
        }

        _path.Pop();
        _output.Write((byte)']');
    }

    private void WriteObject(ref Utf8JsonReader reader)
    {
        EnsureDepth(ref reader);
        _output.Write((byte)'{');
        _path.PushObject();
        int bodyStart = _output.Length;
        int firstMember = _members.Count;
        for (ReadInside(ref reader); reader.TokenType != JsonTokenType.EndObject; ReadInside(ref reader))
        {
            if (_members.Count > firstMember)
            {
                _output.Write((byte)',');
            }

            int memberStart = _output.Length;
            long nameOffset = reader.TokenStartIndex;
            _path.SetProperty(null); // an error in this name is reported at the object, not at the previous member
            string name = WriteString(ref reader)!;
            _output.Write((byte)':');
            _path.SetProperty(name);
            ReadInside(ref reader);
            WriteValue(ref reader);
            _members.Add(new Member(name, memberStart, _output.Length - memberStart, nameOffset));
        }

        SortMembers(bodyStart, firstMember);
        _members.RemoveRange(firstMember, _members.Count - firstMember);
        _path.Pop();
        _output.Write((byte)'}');
    }

    private void SortMembers(int bodyStart, int firstMember)
    {
        Span<Member> members = CollectionsMarshal.AsSpan(_members)[firstMember..];
        if (IsStrictlyAscending(members))
        {
            return;
        }

        // string.CompareOrdinal compares UTF-16 code units, the order RFC 8785 section 3.2.3 prescribes.
        members.Sort(static (a, b) => string.CompareOrdinal(a.Name, b.Name));
        for (int i = 1; i < members.Length; i++)
        {
            if (string.Equals(members[i - 1].Name, members[i].Name, StringComparison.Ordinal))
            {
                _path.SetProperty(members[i].Name);
                throw Error("Duplicate property name (I-JSON, RFC 7493, forbids duplicates)", Math.Max(members[i - 1].NameOffset, members[i].NameOffset));
            }
        }

        int bodyLength = _output.Length - bodyStart;
        byte[] body = ArrayPool<byte>.Shared.Rent(bodyLength);
        try
        {
            _output.WrittenSpan.Slice(bodyStart, bodyLength).CopyTo(body);
            _output.Truncate(bodyStart);
            for (int i = 0; i < members.Length; i++)
            {
                if (i > 0)
                {
                    _output.Write((byte)',');
                }

                _output.Write(body.AsSpan(members[i].Start - bodyStart, members[i].Length));
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(body, clearArray: true);
        }
    }

    private bool IsStrictlyAscending(ReadOnlySpan<Member> members)
    {
        for (int i = 1; i < members.Length; i++)
        {
            int order = string.CompareOrdinal(members[i - 1].Name, members[i].Name);
            if (order == 0)
            {
                _path.SetProperty(members[i].Name);
                throw Error("Duplicate property name (I-JSON, RFC 7493, forbids duplicates)", members[i].NameOffset);
            }

            if (order > 0)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Writes the current string or property-name token; returns the decoded text for property names.</summary>
    private string? WriteString(ref Utf8JsonReader reader)
    {
        ReadOnlySpan<byte> raw = reader.ValueSpan;
        bool isName = reader.TokenType == JsonTokenType.PropertyName;
        string what = isName ? "A property name" : "A string";
        int invalid = CanonicalStrings.IndexOfInvalidUtf8(raw);
        if (invalid >= 0)
        {
            throw Error($"{what} contains bytes that are not valid UTF-8 (for example an encoded lone surrogate)", reader.TokenStartIndex + 1 + invalid);
        }

        ReadOnlySpan<byte> text = raw;
        if (reader.ValueIsEscaped)
        {
            if (!CanonicalStrings.TryUnescape(raw, _unescaped, out int loneSurrogate))
            {
                throw Error($"{what} contains an unpaired UTF-16 surrogate escape (\\uD800-\\uDFFF without its partner)", reader.TokenStartIndex + 1 + loneSurrogate);
            }

            text = _unescaped.WrittenSpan;
        }

        CanonicalStrings.WriteQuoted(text, _output);
        return isName ? Encoding.UTF8.GetString(text) : null;
    }

    private void WriteNumber(ref Utf8JsonReader reader)
    {
        if (!double.TryParse(reader.ValueSpan, NumberStyles.Float, CultureInfo.InvariantCulture, out double value)
            || !double.IsFinite(value))
        {
            throw Error("A number is outside the range of an IEEE-754 double (RFC 8785 section 3.2.2.3 allows only finite doubles)", reader.TokenStartIndex);
        }

        int written = EcmaScriptNumberFormatter.Format(value, _output.GetSpan(EcmaScriptNumberFormatter.MaxLength));
        _output.Advance(written);
    }

    private void EnsureDepth(ref Utf8JsonReader reader)
    {
        // CurrentDepth is 0 for the root container, so the container opened here is level CurrentDepth + 1.
        if (reader.CurrentDepth >= JsonCanonicalizer.MaxDepth)
        {
            throw Error($"Objects and arrays are nested more than {JsonCanonicalizer.MaxDepth} levels deep", reader.TokenStartIndex);
        }
    }

    private void ReadInside(ref Utf8JsonReader reader)
    {
        if (!reader.Read())
        {
            throw Error("The payload ends inside an object or array", reader.BytesConsumed);
        }
    }

    private JsonCanonicalizationException Error(string problem, long byteOffset)
    {
        string path = _path.ToString();
        return new JsonCanonicalizationException($"{problem} at {path} (byte offset {byteOffset}).", path, byteOffset);
    }

    /// <summary>Converts the reader's line-relative error position to an offset from the start of the input.</summary>
    private static long? ToByteOffset(ReadOnlySpan<byte> json, long? lineNumber, long? bytePositionInLine)
    {
        if (lineNumber is not { } line || bytePositionInLine is not { } position)
        {
            return null;
        }

        int lineStart = 0;
        for (long i = 0; i < line; i++)
        {
            int newline = json[lineStart..].IndexOf((byte)'\n');
            if (newline < 0)
            {
                return null;
            }

            lineStart += newline + 1;
        }

        return lineStart + position;
    }

    private readonly record struct Member(string Name, int Start, int Length, long NameOffset);
}
