using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using System.Runtime.InteropServices;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using System.Text.Unicode;

namespace ComplianceKit.Canonicalization;

/// <summary>
/// Brings JSON to the canonical form of RFC 8785, the JSON Canonicalization Scheme (JCS), so that
/// equal data always hashes to equal bytes. The ledger stores and hashes exactly these bytes.
/// </summary>
/// <remarks>
/// <para>
/// Output: no insignificant whitespace; object members sorted by name compared as arrays of UTF-16
/// code units; strings with only <c>\"</c>, <c>\\</c>, <c>\b</c>, <c>\f</c>, <c>\n</c>, <c>\r</c>,
/// <c>\t</c> and lowercase <c>\u00XX</c> (other controls below U+0020) escaped and everything else as
/// literal UTF-8; numbers as ECMAScript <c>Number.prototype.toString</c> prints the IEEE-754 double
/// (<c>1e+21</c>, <c>1.5e-7</c>, <c>0.000001</c>, <c>-0</c> as <c>0</c>).
/// </para>
/// <para>
/// Numbers are doubles, as RFC 8785 requires: an integer beyond 2^53 or a decimal with more than 17
/// significant digits is rounded to the nearest double (12345678901234567890 becomes
/// 12345678901234567000), and a magnitude below 5e-324 becomes 0. Send such values as strings when
/// every digit matters.
/// </para>
/// <para>
/// Input is rejected with <see cref="JsonCanonicalizationException"/> when it is not exactly one
/// valid JSON value (RFC 8259, no comments, no trailing commas, no byte order mark, nothing but
/// whitespace after the value), repeats a property name within an object, contains invalid UTF-8 or
/// an unpaired surrogate, holds a number that is not finite as a double (such as <c>1e400</c>), or
/// nests objects and arrays more than <see cref="MaxDepth"/> levels deep.
/// </para>
/// <para>All members are thread safe and allocate little beyond the returned array.</para>
/// </remarks>
public static class JsonCanonicalizer
{
    /// <summary>The deepest nesting of objects and arrays accepted; a bare scalar has depth 0, <c>[[1]]</c> depth 2.</summary>
    public const int MaxDepth = 64;

    /// <summary>Returns the RFC 8785 canonical form of a UTF-8 JSON text.</summary>
    /// <param name="utf8Json">Exactly one JSON value, UTF-8 encoded; surrounding whitespace is allowed.</param>
    /// <returns>The canonical UTF-8 bytes.</returns>
    /// <exception cref="JsonCanonicalizationException">The input cannot be canonicalized; the message says why and where.</exception>
    public static byte[] Canonicalize(ReadOnlySpan<byte> utf8Json)
    {
        using var output = new PooledByteBuffer(utf8Json.Length);
        CanonicalJsonWriter.Write(utf8Json, output);
        return output.ToArray();
    }

    /// <summary>Returns the RFC 8785 canonical form of a JSON text held in a .NET string.</summary>
    /// <param name="json">Exactly one JSON value; surrounding whitespace is allowed.</param>
    /// <returns>The canonical UTF-8 bytes.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="json"/> is <see langword="null"/>.</exception>
    /// <exception cref="JsonCanonicalizationException">
    /// The input cannot be canonicalized, including when the string itself contains an unpaired surrogate
    /// (which a lenient UTF-8 encoder would silently replace with U+FFFD).
    /// </exception>
    public static byte[] Canonicalize(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        byte[] utf8 = ArrayPool<byte>.Shared.Rent(System.Text.Encoding.UTF8.GetMaxByteCount(json.Length));
        try
        {
            OperationStatus status = Utf8.FromUtf16(json, utf8, out int charsRead, out int bytesWritten, replaceInvalidSequences: false);
            if (status != OperationStatus.Done)
            {
                throw new JsonCanonicalizationException(
                    $"The JSON text contains an unpaired UTF-16 surrogate at character index {charsRead}.", null, bytesWritten);
            }

            return Canonicalize(utf8.AsSpan(0, bytesWritten));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(utf8, clearArray: true);
        }
    }

    /// <summary>Returns the RFC 8785 canonical form of a parsed JSON value.</summary>
    /// <param name="element">The value; its original text is re-read, so duplicate names it contains are still rejected.</param>
    /// <returns>The canonical UTF-8 bytes.</returns>
    /// <exception cref="ArgumentException"><paramref name="element"/> is <c>default</c> (<see cref="JsonValueKind.Undefined"/>).</exception>
    /// <exception cref="ObjectDisposedException">The <see cref="JsonDocument"/> that owns <paramref name="element"/> has been disposed.</exception>
    /// <exception cref="JsonCanonicalizationException">The value cannot be canonicalized.</exception>
    public static byte[] Canonicalize(JsonElement element)
    {
        if (element.ValueKind == JsonValueKind.Undefined)
        {
            throw new ArgumentException("The JsonElement holds no value.", nameof(element));
        }

        return Canonicalize(JsonMarshal.GetRawUtf8Value(element));
    }

    /// <summary>Serializes <paramref name="value"/> with System.Text.Json and returns the canonical form of the result.</summary>
    /// <typeparam name="T">The type to serialize.</typeparam>
    /// <param name="value">The value to serialize.</param>
    /// <param name="options">Serializer options; <see langword="null"/> for the defaults. Indentation and escaping settings do not affect the result.</param>
    /// <returns>The canonical UTF-8 bytes.</returns>
    /// <exception cref="JsonCanonicalizationException">The serialized JSON cannot be canonicalized (for example a dictionary whose keys collide).</exception>
    /// <exception cref="NotSupportedException">System.Text.Json cannot serialize <typeparamref name="T"/>.</exception>
    [RequiresUnreferencedCode("Reflection-based serialization; use the JsonTypeInfo<T> overload when trimming.")]
    [RequiresDynamicCode("Reflection-based serialization; use the JsonTypeInfo<T> overload for native AOT.")]
    public static byte[] Serialize<T>(T value, JsonSerializerOptions? options = null) =>
        Canonicalize(JsonSerializer.SerializeToUtf8Bytes(value, options));

    /// <summary>Serializes <paramref name="value"/> with source-generated metadata and returns the canonical form; trimming and AOT safe.</summary>
    /// <typeparam name="T">The type to serialize.</typeparam>
    /// <param name="value">The value to serialize.</param>
    /// <param name="typeInfo">Metadata for <typeparamref name="T"/>, usually from a <c>JsonSerializerContext</c>.</param>
    /// <returns>The canonical UTF-8 bytes.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="typeInfo"/> is <see langword="null"/>.</exception>
    /// <exception cref="JsonCanonicalizationException">The serialized JSON cannot be canonicalized.</exception>
    public static byte[] Serialize<T>(T value, JsonTypeInfo<T> typeInfo)
    {
        ArgumentNullException.ThrowIfNull(typeInfo);
        return Canonicalize(JsonSerializer.SerializeToUtf8Bytes(value, typeInfo));
    }

    /// <summary>
    /// Returns whether <paramref name="utf8Json"/> is already, byte for byte, the RFC 8785 canonical form
    /// of itself; <see langword="false"/> (never an exception) when it cannot be canonicalized at all.
    /// </summary>
    /// <param name="utf8Json">The bytes to check, for example a stored payload before its hash is verified.</param>
    /// <returns><see langword="true"/> when <see cref="Canonicalize(ReadOnlySpan{byte})"/> would return the same bytes.</returns>
    public static bool IsCanonical(ReadOnlySpan<byte> utf8Json)
    {
        using var output = new PooledByteBuffer(utf8Json.Length);
        try
        {
            CanonicalJsonWriter.Write(utf8Json, output);
        }
        catch (JsonCanonicalizationException)
        {
            return false;
        }

        return output.WrittenSpan.SequenceEqual(utf8Json);
    }

    /// <summary>
    /// Appends <paramref name="utf8"/> as a quoted RFC 8785 string to <paramref name="output"/>: only <c>"</c>, <c>\</c> and
    /// C0 controls are escaped, as in <see cref="Canonicalize(ReadOnlySpan{byte})"/>. For payloads written directly in
    /// canonical form; the caller orders the members and ensures <paramref name="utf8"/> is valid UTF-8.
    /// </summary>
    /// <param name="utf8">The string's value, valid UTF-8.</param>
    /// <param name="output">Receives the quoted string.</param>
    public static void WriteString(ReadOnlySpan<byte> utf8, IBufferWriter<byte> output)
    {
        ArgumentNullException.ThrowIfNull(output);
        using var quoted = new PooledByteBuffer(utf8.Length + 2);
        CanonicalStrings.WriteQuoted(utf8, quoted);
        output.Write(quoted.WrittenSpan);
    }

    /// <summary>
    /// Parses strict UTF-8 JSON as the bundle verifier reads it: invalid UTF-8, a lone surrogate escape in any key or string,
    /// a duplicate key or nesting deeper than 16 is a <see cref="FormatException"/> naming <paramref name="file"/>.
    /// </summary>
    /// <param name="utf8">The JSON text.</param>
    /// <param name="file">What the text is, for messages ("the catalog").</param>
    /// <returns>The parsed document; the caller disposes it.</returns>
    /// <exception cref="FormatException">The text is not strict JSON.</exception>
    public static JsonDocument ParseStrict(ReadOnlyMemory<byte> utf8, string file) => StrictJson.Parse(utf8, file);
}
