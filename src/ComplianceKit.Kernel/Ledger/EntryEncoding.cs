using System.Buffers;
using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using ComplianceKit.Hashing;
using NodaTime;

namespace ComplianceKit.Ledger;

/// <summary>
/// The byte-exact encodings behind every hash in a chain (docs/FORMAT.md, "Entry hash").
/// Pure computation: thread-safe, no I/O.
/// </summary>
public static class EntryEncoding
{
    /// <summary>
    /// Returns <paramref name="instant"/> truncated towards the past to whole microseconds: the precision of every instant in
    /// the ledger (both SQLite, as an integer, and PostgreSQL keep it exactly, so what is displayed is what was hashed).
    /// </summary>
    public static Instant TruncateToMicroseconds(Instant instant) => InstantCodec.TruncateToMicroseconds(instant);

    /// <summary>Converts to whole microseconds since the Unix epoch, truncating towards the past (how a store keeps instants).</summary>
    public static long ToUnixMicroseconds(Instant instant) => InstantCodec.ToUnixMicroseconds(instant);

    /// <summary>Converts whole microseconds since the Unix epoch, as a store kept them, to an <see cref="Instant"/>.</summary>
    public static Instant FromUnixMicroseconds(long microseconds) => InstantCodec.FromUnixMicroseconds(microseconds);

    /// <summary>The size of the per-entry payload salt in bytes.</summary>
    public const int SaltSize = 32;

    private static readonly byte[] HeaderMagic = "CKE1"u8.ToArray();
    private static readonly byte[] PayloadMagic = "CKP1"u8.ToArray();
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>The previous-hash value of the first entry of a chain: 32 zero bytes.</summary>
    public static ReadOnlySpan<byte> GenesisPreviousHash => new byte[Sha256Digest.Size];

    /// <summary>Computes SHA-256("CKP1" || salt || payload), the payload digest.</summary>
    /// <exception cref="ArgumentException">The salt is not <see cref="SaltSize"/> bytes.</exception>
    public static byte[] ComputePayloadDigest(ReadOnlySpan<byte> salt, ReadOnlySpan<byte> payload)
    {
        var digest = new byte[Sha256Digest.Size];
        ComputePayloadDigest(salt, payload, digest);
        return digest;
    }

    /// <summary>Computes the payload digest into <paramref name="destination"/> (32 bytes) without allocating.</summary>
    /// <exception cref="ArgumentException">The salt is not <see cref="SaltSize"/> bytes.</exception>
    public static void ComputePayloadDigest(ReadOnlySpan<byte> salt, ReadOnlySpan<byte> payload, Span<byte> destination)
    {
        if (salt.Length != SaltSize)
        {
            throw new ArgumentException($"The payload salt is {SaltSize} bytes; got {salt.Length}.", nameof(salt));
        }

        Sha256Digest.HashInto(PayloadMagic, salt, payload, destination);
    }

    /// <summary>Computes the entry hash of <paramref name="entry"/> from its header fields, ignoring its stored <see cref="LedgerEntry.EntryHash"/>.</summary>
    public static byte[] ComputeEntryHash(LedgerEntry entry)
    {
        var hash = new byte[Sha256Digest.Size];
        ComputeEntryHash(entry, hash);
        return hash;
    }

    /// <summary>Computes the entry hash of <paramref name="entry"/> into <paramref name="destination"/> (32 bytes).</summary>
    public static void ComputeEntryHash(LedgerEntry entry, Span<byte> destination)
    {
        ArgumentNullException.ThrowIfNull(entry);
        ComputeEntryHash(entry.ChainId, entry.Sequence, entry.EntryType, entry.Subject, entry.Actor,
            entry.OccurredAt, entry.RecordedAt, entry.PreviousHash, entry.PayloadDigest, destination);
    }

    /// <summary>Computes SHA-256 over the canonical header encoding of the given fields.</summary>
    /// <exception cref="ArgumentException">A hash is not 32 bytes, or a text field is not valid UTF-16.</exception>
    public static byte[] ComputeEntryHash(string chainId, long sequence, string entryType, string subject, string actor,
        Instant occurredAt, Instant recordedAt, ReadOnlySpan<byte> previousHash, ReadOnlySpan<byte> payloadDigest)
    {
        var hash = new byte[Sha256Digest.Size];
        ComputeEntryHash(chainId, sequence, entryType, subject, actor, occurredAt, recordedAt, previousHash, payloadDigest, hash);
        return hash;
    }

    /// <summary>Computes the entry hash into <paramref name="destination"/> (32 bytes) without allocating on the heap.</summary>
    /// <exception cref="ArgumentException">A hash is not 32 bytes, or a text field is not valid UTF-16.</exception>
    public static void ComputeEntryHash(string chainId, long sequence, string entryType, string subject, string actor,
        Instant occurredAt, Instant recordedAt, ReadOnlySpan<byte> previousHash, ReadOnlySpan<byte> payloadDigest, Span<byte> destination)
    {
        Sha256Digest.EnsureValid(previousHash, nameof(previousHash));
        Sha256Digest.EnsureValid(payloadDigest, nameof(payloadDigest));
        var length = HeaderLength(EncodedLength(chainId) + EncodedLength(entryType) + EncodedLength(subject) + EncodedLength(actor));
        var rented = ArrayPool<byte>.Shared.Rent(length);
        try
        {
            var header = new HeaderWriter(rented.AsSpan(0, length));
            header.Text(chainId);
            header.Int64(sequence);
            header.Text(entryType);
            header.Text(subject);
            header.Text(actor);
            header.Tail(InstantCodec.ToUnixMicroseconds(occurredAt), InstantCodec.ToUnixMicroseconds(recordedAt), previousHash, payloadDigest, destination);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    /// <summary>
    /// Computes the entry hash from text fields already encoded as UTF-8 (a bundle's entry line holds them so), into
    /// <paramref name="destination"/> (32 bytes); the caller vouches that the bytes are valid UTF-8. Heap-free for headers
    /// of up to 1 KiB.
    /// </summary>
    /// <exception cref="ArgumentException">A hash is not 32 bytes.</exception>
    internal static void ComputeEntryHash(ReadOnlySpan<byte> chainId, long sequence, ReadOnlySpan<byte> entryType, ReadOnlySpan<byte> subject,
        ReadOnlySpan<byte> actor, long occurredMicros, long recordedMicros, ReadOnlySpan<byte> previousHash, ReadOnlySpan<byte> payloadDigest,
        Span<byte> destination)
    {
        Sha256Digest.EnsureValid(previousHash, nameof(previousHash));
        Sha256Digest.EnsureValid(payloadDigest, nameof(payloadDigest));
        var length = HeaderLength(16 + chainId.Length + entryType.Length + subject.Length + actor.Length);
        byte[]? rented = null;
        var buffer = length <= 1024 ? stackalloc byte[length] : (rented = ArrayPool<byte>.Shared.Rent(length)).AsSpan(0, length);
        try
        {
            var header = new HeaderWriter(buffer);
            header.Text(chainId);
            header.Int64(sequence);
            header.Text(entryType);
            header.Text(subject);
            header.Text(actor);
            header.Tail(occurredMicros, recordedMicros, previousHash, payloadDigest, destination);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    /// <summary>Encodes <paramref name="value"/> as strict UTF-8, as every string of an entry is encoded.</summary>
    /// <exception cref="System.Text.EncoderFallbackException"><paramref name="value"/> holds a lone surrogate.</exception>
    public static byte[] ToUtf8(string value) => StrictUtf8.GetBytes(value);

    private static int EncodedLength(string value) => 4 + StrictUtf8.GetByteCount(value);

    /// <summary>The header's length, given the length of its four length-prefixed texts.</summary>
    private static int HeaderLength(int texts) => HeaderMagic.Length + 8 + 8 + 8 + (2 * Sha256Digest.Size) + texts;

    /// <summary>Writes the canonical header encoding (FORMAT.md, "Entry hash") field by field, then hashes it.</summary>
    private ref struct HeaderWriter
    {
        private readonly Span<byte> _buffer;
        private int _position;

        public HeaderWriter(Span<byte> buffer)
        {
            _buffer = buffer;
            HeaderMagic.CopyTo(buffer);
            _position = HeaderMagic.Length;
        }

        public void Text(string value)
        {
            var count = StrictUtf8.GetBytes(value, _buffer[(_position + 4)..]);
            BinaryPrimitives.WriteUInt32BigEndian(_buffer[_position..], (uint)count);
            _position += 4 + count;
        }

        public void Text(ReadOnlySpan<byte> utf8)
        {
            BinaryPrimitives.WriteUInt32BigEndian(_buffer[_position..], (uint)utf8.Length);
            utf8.CopyTo(_buffer[(_position + 4)..]);
            _position += 4 + utf8.Length;
        }

        public void Int64(long value)
        {
            BinaryPrimitives.WriteInt64BigEndian(_buffer[_position..], value);
            _position += 8;
        }

        /// <summary>The instants and the two hashes that end the header, then the hash of it all.</summary>
        public void Tail(long occurredMicros, long recordedMicros, ReadOnlySpan<byte> previousHash, ReadOnlySpan<byte> payloadDigest, Span<byte> destination)
        {
            Int64(occurredMicros);
            Int64(recordedMicros);
            previousHash.CopyTo(_buffer[_position..]);
            payloadDigest.CopyTo(_buffer[(_position + Sha256Digest.Size)..]);
            Sha256Digest.HashInto(_buffer[..(_position + (2 * Sha256Digest.Size))], destination);
        }
    }
}
