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
        var rest = line;
        if (!Literal(ref rest, "{\"chainId\":"u8) || !Repeated(ref rest, ref _lastChainId, out var chainId)
            || !Literal(ref rest, ",\"sequence\":"u8) || !Integer(ref rest, 0, long.MaxValue, out var sequence)
            || !Literal(ref rest, ",\"entryType\":"u8) || !Repeated(ref rest, ref _lastEntryType, out var entryType)
            || !Literal(ref rest, ",\"subject\":"u8) || !Text(ref rest, out var subject)
            || !Literal(ref rest, ",\"actor\":"u8) || !Text(ref rest, out var actor)
            || !Literal(ref rest, ",\"occurredAt\":"u8) || !Integer(ref rest, EntryLineParser.MinMicros, EntryLineParser.MaxMicros, out var occurred)
            || !Literal(ref rest, ",\"recordedAt\":"u8) || !Integer(ref rest, EntryLineParser.MinMicros, EntryLineParser.MaxMicros, out var recorded)
            || !Literal(ref rest, ",\"payload\":"u8) || !NullableBytes(ref rest, out var payload)
            || !Literal(ref rest, ",\"payloadSalt\":"u8) || !NullableBytes(ref rest, out var salt)
            || !Literal(ref rest, ",\"payloadDigest\":"u8) || !Bytes(ref rest, out var digest)
            || !Literal(ref rest, ",\"previousHash\":"u8) || !Bytes(ref rest, out var previous)
            || !Literal(ref rest, ",\"entryHash\":"u8) || !Bytes(ref rest, out var hash)
            || !Proof(ref rest, out var proof)
            || rest is not [(byte)'}'])
        {
            return false;
        }

        entry = new LedgerEntry
        {
            ChainId = chainId,
            Sequence = sequence,
            EntryType = entryType,
            Subject = subject,
            Actor = actor,
            OccurredAt = InstantCodec.FromUnixMicroseconds(occurred),
            RecordedAt = InstantCodec.FromUnixMicroseconds(recorded),
            Payload = payload,
            PayloadSalt = salt,
            PayloadDigest = digest,
            PreviousHash = previous,
            EntryHash = hash,
        };
        inclusionProof = proof;
        return true;
    }

    private static bool Literal(ref ReadOnlySpan<byte> rest, ReadOnlySpan<byte> expected)
    {
        if (!rest.StartsWith(expected))
        {
            return false;
        }

        rest = rest[expected.Length..];
        return true;
    }

    /// <summary>A string of printable ASCII without escapes: its bytes are its UTF-8, as the strict reader would decode them.</summary>
    private static bool Quoted(ref ReadOnlySpan<byte> rest, out ReadOnlySpan<byte> value)
    {
        value = default;
        if (rest.IsEmpty || rest[0] != (byte)'"')
        {
            return false;
        }

        var length = rest[1..].IndexOfAny((byte)'"', (byte)'\\');
        if (length < 0 || rest[1 + length] != (byte)'"')
        {
            return false;
        }

        value = rest.Slice(1, length);
        if (value.IndexOfAnyExceptInRange((byte)0x20, (byte)0x7E) >= 0)
        {
            return false;
        }

        rest = rest[(length + 2)..];
        return true;
    }

    private static bool Text(ref ReadOnlySpan<byte> rest, out string value)
    {
        value = "";
        if (!Quoted(ref rest, out var raw))
        {
            return false;
        }

        value = Encoding.ASCII.GetString(raw);
        return true;
    }

    /// <summary>A chain id or entry type: most lines repeat the previous line's, then no lookup is needed.</summary>
    private bool Repeated(ref ReadOnlySpan<byte> rest, ref string last, out string value)
    {
        value = "";
        if (!Quoted(ref rest, out var raw))
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
    private static bool Integer(ref ReadOnlySpan<byte> rest, long min, long max, out long value)
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

    private static bool NullableBytes(ref ReadOnlySpan<byte> rest, out byte[]? value)
    {
        if (rest.StartsWith("null"u8))
        {
            rest = rest[4..];
            value = null;
            return true;
        }

        var read = Bytes(ref rest, out var bytes);
        value = bytes;
        return read;
    }

    /// <summary>Standard base64 without whitespace, decoded by the same <see cref="Base64"/> routine the strict reader uses.</summary>
    private static bool Bytes(ref ReadOnlySpan<byte> rest, out byte[] value)
    {
        value = [];
        if (!Quoted(ref rest, out var text) || text.Contains((byte)' '))
        {
            return false;
        }

        var maximum = Base64.GetMaxDecodedFromUtf8Length(text.Length);
        byte[]? rented = null;
        var scratch = maximum <= StackDecodeLimit ? stackalloc byte[maximum] : (rented = ArrayPool<byte>.Shared.Rent(maximum));
        try
        {
            if (Base64.DecodeFromUtf8(text, scratch, out var consumed, out var written) != OperationStatus.Done || consumed != text.Length)
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

    /// <summary>No inclusion proof, or one of at most 64 hashes (more is a finding the strict parser words).</summary>
    private static bool Proof(ref ReadOnlySpan<byte> rest, out List<byte[]>? proof)
    {
        proof = null;
        if (!Literal(ref rest, ",\"inclusionProof\":["u8))
        {
            return true;
        }

        proof = [];
        if (Literal(ref rest, "]"u8))
        {
            return true;
        }

        while (proof.Count < EntryLineParser.MaxProofHashes && Bytes(ref rest, out var hash))
        {
            proof.Add(hash);
            if (Literal(ref rest, "]"u8))
            {
                return true;
            }

            if (!Literal(ref rest, ","u8))
            {
                return false;
            }
        }

        return false;
    }
}
