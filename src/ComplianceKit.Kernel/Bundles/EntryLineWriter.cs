using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;
using ComplianceKit.Ledger;

namespace ComplianceKit.Bundles;

/// <summary>
/// Writes ledger entries as the lines of <c>entries.jsonl</c> (docs/FORMAT.md, "entries.jsonl"): every
/// header field as hashed, times as integer microseconds, and payload, salt and hashes in standard base64,
/// so a verifier recomputes every hash from the line alone. Not thread-safe.
/// </summary>
internal sealed class EntryLineWriter : IDisposable
{
    private static readonly JsonWriterOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, SkipValidation = true };
    private readonly ArrayBufferWriter<byte> _buffer = new(64 * 1024);
    private readonly Utf8JsonWriter _json;

    public EntryLineWriter() => _json = new Utf8JsonWriter(_buffer, Options);

    /// <summary>The bytes written since the last <see cref="Clear"/>.</summary>
    public ReadOnlySpan<byte> Written => _buffer.WrittenSpan;

    /// <summary>Appends one line (with its line feed) for <paramref name="entry"/>, with an inclusion proof in a selective bundle.</summary>
    public void Write(LedgerEntry entry, IReadOnlyList<byte[]>? inclusionProof)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var w = _json;
        w.Reset(_buffer);
        w.WriteStartObject();
        w.WriteString("chainId", entry.ChainId);
        w.WriteNumber("sequence", entry.Sequence);
        w.WriteString("entryType", entry.EntryType);
        w.WriteString("subject", entry.Subject);
        w.WriteString("actor", entry.Actor);
        w.WriteNumber("occurredAt", InstantCodec.ToUnixMicroseconds(entry.OccurredAt));
        w.WriteNumber("recordedAt", InstantCodec.ToUnixMicroseconds(entry.RecordedAt));
        WriteBytes(w, "payload", entry.Payload);
        WriteBytes(w, "payloadSalt", entry.PayloadSalt);
        w.WriteBase64String("payloadDigest", entry.PayloadDigest);
        w.WriteBase64String("previousHash", entry.PreviousHash);
        w.WriteBase64String("entryHash", entry.EntryHash);
        if (inclusionProof is not null)
        {
            w.WriteStartArray("inclusionProof");
            foreach (var hash in inclusionProof)
            {
                w.WriteBase64StringValue(hash);
            }

            w.WriteEndArray();
        }

        w.WriteEndObject();
        w.Flush();
        _buffer.Write("\n"u8);
    }

    /// <summary>Forgets the bytes written so far.</summary>
    public void Clear() => _buffer.ResetWrittenCount();

    public void Dispose() => _json.Dispose();

    private static void WriteBytes(Utf8JsonWriter w, string name, byte[]? bytes)
    {
        if (bytes is null)
        {
            w.WriteNull(name);
        }
        else
        {
            w.WriteBase64String(name, bytes);
        }
    }
}
