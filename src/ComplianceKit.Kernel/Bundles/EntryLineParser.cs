using System.Text;
using System.Text.Json;
using ComplianceKit.Ledger;
using NodaTime;

namespace ComplianceKit.Bundles;

/// <summary>
/// Parses one line of <c>entries.jsonl</c> into a <see cref="LedgerEntry"/> and its inclusion proof,
/// strictly: one JSON object, every documented member exactly once with its documented type, nothing
/// else. It never throws for malformed input; it says what is wrong. Lines in the exporter's exact shape are read by
/// <see cref="CanonicalEntryLine"/> without a tokenizer; every other line by the strict reader here. Not thread-safe (it
/// caches the strings of repeated chain ids and entry types).
/// </summary>
internal sealed class EntryLineParser
{
    /// <summary>The most hashes an inclusion proof may have.</summary>
    internal const int MaxProofHashes = 64;

    /// <summary>The earliest instant a line may carry, in microseconds.</summary>
    internal static readonly long MinMicros = InstantCodec.ToUnixMicroseconds(Instant.MinValue) + 1;

    /// <summary>The latest instant a line may carry, in microseconds.</summary>
    internal static readonly long MaxMicros = InstantCodec.ToUnixMicroseconds(Instant.MaxValue) - 1;

    private const int MaxCachedTypes = 1024;
    private static readonly JsonReaderOptions ReaderOptions = new() { MaxDepth = 4 };

    private readonly Dictionary<int, string[]> _strings = [];
    private readonly CanonicalEntryLine _canonical = new();
    private int _cachedStrings;

    /// <summary>Parses <paramref name="line"/> (without its line feed).</summary>
    /// <returns>The problem, or <see langword="null"/> when <paramref name="entry"/> was read.</returns>
    public string? TryParse(ReadOnlySpan<byte> line, out LedgerEntry? entry, out List<byte[]>? inclusionProof) =>
        _canonical.TryRead(line, out entry, out inclusionProof) ? null : TryParseStrict(line, out entry, out inclusionProof);

    /// <summary>Parses <paramref name="line"/> with the strict JSON reader alone, whatever its shape (what <see cref="TryParse"/> falls back to).</summary>
    /// <returns>The problem, or <see langword="null"/> when <paramref name="entry"/> was read.</returns>
    internal string? TryParseStrict(ReadOnlySpan<byte> line, out LedgerEntry? entry, out List<byte[]>? inclusionProof)
    {
        entry = null;
        inclusionProof = null;
        try
        {
            return Parse(line, ref entry, ref inclusionProof);
        }
        catch (JsonException ex)
        {
            return $"not valid JSON ({ex.Message})";
        }
        catch (InvalidOperationException ex)
        {
            return $"a value has the wrong type or invalid UTF-8 ({ex.Message})";
        }
        catch (FormatException ex)
        {
            return ex.Message;
        }
    }

    private string? Parse(ReadOnlySpan<byte> line, ref LedgerEntry? entry, ref List<byte[]>? proof)
    {
        var reader = new Utf8JsonReader(line, ReaderOptions);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            return "the line is not a JSON object";
        }

        string? chainId = null, entryType = null, subject = null, actor = null;
        long sequence = 0, occurred = 0, recorded = 0;
        byte[]? payload = null, salt = null, digest = null, previous = null, hash = null;
        var seen = 0;
        var expected = 0;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            // Lines are written in the documented member order: try the next one first.
            var member = expected < Utf8Names.Length && reader.ValueTextEquals(Utf8Names[expected]) ? expected : Member(ref reader);
            expected = member + 1;
            if (member < 0)
            {
                return $"member '{Shorten(reader.GetString())}' is not part of an entry line";
            }

            if ((seen & (1 << member)) != 0)
            {
                return $"member '{Names[member]}' occurs twice";
            }

            seen |= 1 << member;
            if (!reader.Read())
            {
                return "the line ends inside a member";
            }

            switch (member)
            {
                case 0: chainId = Text(ref reader, "chainId"); break;
                case 1: sequence = Integer(ref reader, "sequence", 0, long.MaxValue); break;
                case 2: entryType = Text(ref reader, "entryType"); break;
                case 3: subject = reader.TokenType == JsonTokenType.String ? reader.GetString() : throw NotString("subject"); break;
                case 4: actor = reader.TokenType == JsonTokenType.String ? reader.GetString() : throw NotString("actor"); break;
                case 5: occurred = Integer(ref reader, "occurredAt", MinMicros, MaxMicros); break;
                case 6: recorded = Integer(ref reader, "recordedAt", MinMicros, MaxMicros); break;
                case 7: payload = NullableBytes(ref reader, "payload"); break;
                case 8: salt = NullableBytes(ref reader, "payloadSalt"); break;
                case 9: digest = Bytes(ref reader, "payloadDigest"); break;
                case 10: previous = Bytes(ref reader, "previousHash"); break;
                case 11: hash = Bytes(ref reader, "entryHash"); break;
                default: proof = Proof(ref reader); break;
            }
        }

        if (reader.TokenType != JsonTokenType.EndObject)
        {
            return "the object is not closed";
        }

        if (reader.Read())
        {
            return "something follows the object on the same line";
        }

        const int Required = (1 << 12) - 1;
        if ((seen & Required) != Required)
        {
            var missing = Enumerable.Range(0, 12).First(i => (seen & (1 << i)) == 0);
            return $"member '{Names[missing]}' is missing";
        }

        entry = new LedgerEntry
        {
            ChainId = chainId!,
            Sequence = sequence,
            EntryType = entryType!,
            Subject = subject!,
            Actor = actor!,
            OccurredAt = InstantCodec.FromUnixMicroseconds(occurred),
            RecordedAt = InstantCodec.FromUnixMicroseconds(recorded),
            Payload = payload,
            PayloadSalt = salt,
            PayloadDigest = digest!,
            PreviousHash = previous!,
            EntryHash = hash!,
        };
        return null;
    }

    private static readonly string[] Names =
    [
        "chainId", "sequence", "entryType", "subject", "actor", "occurredAt", "recordedAt",
        "payload", "payloadSalt", "payloadDigest", "previousHash", "entryHash", "inclusionProof",
    ];

    private static readonly byte[][] Utf8Names = Names.Select(Encoding.UTF8.GetBytes).ToArray();

    private static int Member(ref Utf8JsonReader reader)
    {
        for (var i = 0; i < Utf8Names.Length; i++)
        {
            if (reader.ValueTextEquals(Utf8Names[i]))
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>Chain ids and entry types repeat on every line: return one string instance per distinct value.</summary>
    private string Text(ref Utf8JsonReader reader, string name)
    {
        if (reader.TokenType != JsonTokenType.String)
        {
            throw NotString(name);
        }

        if (reader.ValueIsEscaped || reader.HasValueSequence || reader.ValueSpan.Length > 128)
        {
            return reader.GetString()!;
        }

        var raw = reader.ValueSpan;
        var hash = new HashCode();
        hash.AddBytes(raw);
        var key = hash.ToHashCode();
        if (_strings.TryGetValue(key, out var candidates))
        {
            foreach (var candidate in candidates)
            {
                if (reader.ValueTextEquals(candidate))
                {
                    return candidate;
                }
            }
        }

        var value = reader.GetString()!;
        if (_cachedStrings < MaxCachedTypes)
        {
            _strings[key] = candidates is null ? [value] : [.. candidates, value];
            _cachedStrings++;
        }

        return value;
    }

    private static long Integer(ref Utf8JsonReader reader, string name, long min, long max) =>
        reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out var value) && value >= min && value <= max
            ? value
            : throw new FormatException($"member '{name}' is not an integer in range");

    private static byte[]? NullableBytes(ref Utf8JsonReader reader, string name) =>
        reader.TokenType == JsonTokenType.Null ? null : Bytes(ref reader, name);

    private static byte[] Bytes(ref Utf8JsonReader reader, string name) =>
        reader.TokenType == JsonTokenType.String && reader.TryGetBytesFromBase64(out var bytes)
            ? bytes
            : throw new FormatException($"member '{name}' is not standard base64");

    private static List<byte[]> Proof(ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            throw new FormatException("member 'inclusionProof' is not an array");
        }

        var proof = new List<byte[]>();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (proof.Count == MaxProofHashes)
            {
                throw new FormatException($"member 'inclusionProof' has more than {MaxProofHashes} hashes");
            }

            proof.Add(Bytes(ref reader, "inclusionProof"));
        }

        return proof;
    }

    private static FormatException NotString(string name) => new($"member '{name}' is not a string");

    private static string Shorten(string? text) => text is null ? "" : text.Length <= 40 ? text : text[..40] + "...";
}
