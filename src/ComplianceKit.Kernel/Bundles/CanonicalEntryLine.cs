using System.Buffers;
using System.Buffers.Text;
using System.Text;
using ComplianceKit.Ledger;

namespace ComplianceKit.Bundles;

/// <summary>
/// Reads an entry line written exactly as the exporter writes it (FORMAT.md: the members in their documented order, no
/// whitespace, ASCII strings without escapes, plain integers, unbroken standard base64) by matching bytes, at a fraction of a
/// JSON tokenizer's cost. It accepts only lines the strict parser reads to the same entry, and declines every other line, so
/// <see cref="EntryLineParser"/> judges those, and every finding's wording, by the one strict rule. Not thread-safe (it caches
/// the strings of repeated chain ids and entry types).
/// </summary>
internal sealed class CanonicalEntryLine
{
    private const int MaxCachedStrings = 1024;
    private const int StackDecodeLimit = 512;

    // Printable ASCII (0x20-0x7E) but the quote and the backslash: a string's bytes when it needs no escape.
    private static readonly SearchValues<byte> PlainStringBytes = SearchValues.Create(
        [.. Enumerable.Range(0x20, 0x7E - 0x20 + 1).Where(b => b is not '"' and not '\\').Select(b => (byte)b)]);

    private readonly Dictionary<int, string[]> _strings = [];
    private int _cachedStrings;
    private string _lastChainId = "";
    private string _lastEntryType = "";

    /// <summary>Reads <paramref name="line"/> (without its line feed) if it has the exporter's exact shape.</summary>
    /// <returns><see langword="false"/> when the line has any other shape: valid or not, the strict parser decides.</returns>
    public bool TryRead(ReadOnlySpan<byte> line, out LedgerEntry? entry, out List<byte[]>? inclusionProof)
    {
        entry = null;
        inclusionProof = null;
        if (!TryView(line, out var view)
            || !NullableBytes(view.PayloadIsNull, view.Payload, out var payload) || !NullableBytes(view.PayloadSaltIsNull, view.PayloadSalt, out var salt)
            || !Bytes(view.PayloadDigest, out var digest) || !Bytes(view.PreviousHash, out var previous) || !Bytes(view.EntryHash, out var hash)
            || !Proof(view, out var proof))
        {
            return false;
        }

        entry = new LedgerEntry
        {
            ChainId = view.ChainId,
            Sequence = view.Sequence,
            EntryType = view.EntryType,
            Subject = Encoding.ASCII.GetString(view.Subject),
            Actor = Encoding.ASCII.GetString(view.Actor),
            OccurredAt = InstantCodec.FromUnixMicroseconds(view.OccurredMicros),
            RecordedAt = InstantCodec.FromUnixMicroseconds(view.RecordedMicros),
            Payload = payload,
            PayloadSalt = salt,
            PayloadDigest = digest,
            PreviousHash = previous,
            EntryHash = hash,
        };
        inclusionProof = proof;
        return true;
    }

    /// <summary>
    /// Matches <paramref name="line"/> against the exporter's exact shape and leaves its fields where they lie: texts as their bytes,
    /// base64 still encoded (<see cref="TryDecode"/> decodes it; a line whose base64 does not decode is not canonical).
    /// </summary>
    /// <returns><see langword="false"/> when the line has any other shape.</returns>
    public bool TryView(ReadOnlySpan<byte> line, out EntryLineView view)
    {
        view = default;
        var rest = line;
        if (!Literal(ref rest, "{\"chainId\":"u8) || !Repeated(ref rest, ref _lastChainId, out view.ChainId, out view.ChainIdUtf8)
            || !Literal(ref rest, ",\"sequence\":"u8) || !Integer(ref rest, 0, long.MaxValue, out view.Sequence)
            || !Literal(ref rest, ",\"entryType\":"u8) || !Repeated(ref rest, ref _lastEntryType, out view.EntryType, out view.EntryTypeUtf8)
            || !Literal(ref rest, ",\"subject\":"u8) || !Quoted(ref rest, out view.Subject)
            || !Literal(ref rest, ",\"actor\":"u8) || !Quoted(ref rest, out view.Actor)
            || !Literal(ref rest, ",\"occurredAt\":"u8) || !Integer(ref rest, EntryLineParser.MinMicros, EntryLineParser.MaxMicros, out view.OccurredMicros)
            || !Literal(ref rest, ",\"recordedAt\":"u8) || !Integer(ref rest, EntryLineParser.MinMicros, EntryLineParser.MaxMicros, out view.RecordedMicros)
            || !Literal(ref rest, ",\"payload\":"u8) || !NullableQuoted(ref rest, out view.PayloadIsNull, out view.Payload)
            || !Literal(ref rest, ",\"payloadSalt\":"u8) || !NullableQuoted(ref rest, out view.PayloadSaltIsNull, out view.PayloadSalt)
            || !Literal(ref rest, ",\"payloadDigest\":"u8) || !Quoted(ref rest, out view.PayloadDigest)
            || !Literal(ref rest, ",\"previousHash\":"u8) || !Quoted(ref rest, out view.PreviousHash)
            || !Literal(ref rest, ",\"entryHash\":"u8) || !Quoted(ref rest, out view.EntryHash)
            || !ProofText(ref rest, out view.HasProof, out view.Proof)
            || rest is not [(byte)'}'])
        {
            view = default;
            return false;
        }

        return true;
    }

    /// <summary>
    /// Decodes a base64 field of a canonical line, by the same <see cref="Base64"/> routine the strict reader uses: standard base64
    /// without whitespace, all of it. <paramref name="destination"/> must hold <see cref="Base64.GetMaxDecodedFromUtf8Length"/> bytes.
    /// </summary>
    public static bool TryDecode(ReadOnlySpan<byte> text, Span<byte> destination, out int written)
    {
        written = 0;
        return !text.Contains((byte)' ')
            && Base64.DecodeFromUtf8(text, destination, out var consumed, out written) == OperationStatus.Done && consumed == text.Length;
    }

    private static bool Literal(scoped ref ReadOnlySpan<byte> rest, ReadOnlySpan<byte> expected)
    {
        if (!rest.StartsWith(expected))
        {
            return false;
        }

        rest = rest[expected.Length..];
        return true;
    }

    /// <summary>A string of printable ASCII without escapes: its bytes are its UTF-8, as the strict reader would decode them.</summary>
    private static bool Quoted(scoped ref ReadOnlySpan<byte> rest, out ReadOnlySpan<byte> value)
    {
        value = default;
        if (rest.IsEmpty || rest[0] != (byte)'"')
        {
            return false;
        }

        // One pass: the first byte that is not printable ASCII, or is a quote or a backslash, must be the closing quote.
        var length = rest[1..].IndexOfAnyExcept(PlainStringBytes);
        if (length < 0 || rest[1 + length] != (byte)'"')
        {
            return false;
        }

        value = rest.Slice(1, length);
        rest = rest[(length + 2)..];
        return true;
    }

    /// <summary><see langword="null"/>, or a quoted string (left empty when null).</summary>
    private static bool NullableQuoted(scoped ref ReadOnlySpan<byte> rest, out bool isNull, out ReadOnlySpan<byte> value)
    {
        value = default;
        isNull = rest.StartsWith("null"u8);
        if (isNull)
        {
            rest = rest[4..];
            return true;
        }

        return Quoted(ref rest, out value);
    }

    /// <summary>A chain id or entry type: most lines repeat the previous line's, then no lookup is needed.</summary>
    private bool Repeated(scoped ref ReadOnlySpan<byte> rest, ref string last, out string value, out ReadOnlySpan<byte> raw)
    {
        value = "";
        if (!Quoted(ref rest, out raw))
        {
            return false;
        }

        value = Ascii.Equals(raw, last) ? last : (last = Cached(raw));
        return true;
    }

    /// <summary>Chain ids and entry types repeat on every line: one string instance per distinct value.</summary>
    private string Cached(ReadOnlySpan<byte> raw)
    {
        var hash = new HashCode();
        hash.AddBytes(raw);
        var key = hash.ToHashCode();
        if (_strings.TryGetValue(key, out var candidates))
        {
            foreach (var candidate in candidates)
            {
                if (Ascii.Equals(raw, candidate))
                {
                    return candidate;
                }
            }
        }

        var value = Encoding.ASCII.GetString(raw);
        if (_cachedStrings < MaxCachedStrings)
        {
            _strings[key] = candidates is null ? [value] : [.. candidates, value];
            _cachedStrings++;
        }

        return value;
    }

    /// <summary>An integer as JSON writes it plainly (no fraction, exponent, leading zero or "-0"), in range, of at most 18 digits.</summary>
    private static bool Integer(scoped ref ReadOnlySpan<byte> rest, long min, long max, out long value)
    {
        value = 0;
        var negative = rest is [(byte)'-', ..];
        var digits = negative ? rest[1..] : rest;
        var count = digits.IndexOfAnyExceptInRange((byte)'0', (byte)'9');
        if (count < 0)
        {
            count = digits.Length;
        }

        if (count == 0 || count > 18 || (digits[0] == (byte)'0' && (count > 1 || negative)))
        {
            return false;
        }

        foreach (var digit in digits[..count])
        {
            value = (value * 10) + (digit - '0');
        }

        value = negative ? -value : value;
        rest = digits[count..];
        return value >= min && value <= max;
    }

    private static bool NullableBytes(bool isNull, ReadOnlySpan<byte> text, out byte[]? value)
    {
        value = null;
        if (isNull)
        {
            return true;
        }

        var read = Bytes(text, out var bytes);
        value = bytes;
        return read;
    }

    private static bool Bytes(ReadOnlySpan<byte> text, out byte[] value)
    {
        value = [];
        var maximum = Base64.GetMaxDecodedFromUtf8Length(text.Length);
        byte[]? rented = null;
        var scratch = maximum <= StackDecodeLimit ? stackalloc byte[maximum] : (rented = ArrayPool<byte>.Shared.Rent(maximum));
        try
        {
            if (!TryDecode(text, scratch, out var written))
            {
                return false;
            }

            value = scratch[..written].ToArray();
            return true;
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    /// <summary>No inclusion proof, or one of at most 64 quoted hashes (more is a finding the strict parser words); the text between the brackets.</summary>
    private static bool ProofText(scoped ref ReadOnlySpan<byte> rest, out bool present, out ReadOnlySpan<byte> text)
    {
        text = default;
        present = Literal(ref rest, ",\"inclusionProof\":["u8);
        if (!present)
        {
            return true;
        }

        var start = rest;
        if (Literal(ref rest, "]"u8))
        {
            return true;
        }

        for (var count = 1; count <= EntryLineParser.MaxProofHashes && Quoted(ref rest, out _); count++)
        {
            if (rest.StartsWith("]"u8))
            {
                text = start[..(start.Length - rest.Length)];
                rest = rest[1..];
                return true;
            }

            if (!Literal(ref rest, ","u8))
            {
                return false;
            }
        }

        return false;
    }

    /// <summary>The proof's hashes, decoded; <see langword="null"/> without the member.</summary>
    private static bool Proof(in EntryLineView view, out List<byte[]>? proof)
    {
        proof = null;
        if (!view.HasProof)
        {
            return true;
        }

        proof = [];
        var rest = view.Proof;
        while (!rest.IsEmpty)
        {
            if (!Quoted(ref rest, out var text) || !Bytes(text, out var hash))
            {
                return false;
            }

            proof.Add(hash);
            _ = Literal(ref rest, ","u8);
        }

        return true;
    }
}
