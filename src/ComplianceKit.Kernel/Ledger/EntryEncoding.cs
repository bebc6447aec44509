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
        var length = HeaderMagic.Length + 8 + 8 + 8 + (2 * Sha256Digest.Size)
            + EncodedLength(chainId) + EncodedLength(entryType) + EncodedLength(subject) + EncodedLength(actor);
        var rented = ArrayPool<byte>.Shared.Rent(length);
        try
        {
            var buffer = rented.AsSpan(0, length);
            var position = 0;
            HeaderMagic.CopyTo(buffer);
            position += HeaderMagic.Length;
            position += WriteString(buffer[position..], chainId);
            BinaryPrimitives.WriteInt64BigEndian(buffer[position..], sequence);
            position += 8;
            position += WriteString(buffer[position..], entryType);
            position += WriteString(buffer[position..], subject);
            position += WriteString(buffer[position..], actor);
            BinaryPrimitives.WriteInt64BigEndian(buffer[position..], InstantCodec.ToUnixMicroseconds(occurredAt));
            position += 8;
            BinaryPrimitives.WriteInt64BigEndian(buffer[position..], InstantCodec.ToUnixMicroseconds(recordedAt));
            position += 8;
            previousHash.CopyTo(buffer[position..]);
            position += Sha256Digest.Size;
            payloadDigest.CopyTo(buffer[position..]);
            Sha256Digest.HashInto(buffer, destination);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    /// <summary>Encodes <paramref name="value"/> as strict UTF-8, as every string of an entry is encoded.</summary>
    /// <exception cref="System.Text.EncoderFallbackException"><paramref name="value"/> holds a lone surrogate.</exception>
    public static byte[] ToUtf8(string value) => StrictUtf8.GetBytes(value);

    private static int EncodedLength(string value) => 4 + StrictUtf8.GetByteCount(value);

    private static int WriteString(Span<byte> destination, string value)
    {
        var count = StrictUtf8.GetBytes(value, destination[4..]);
        BinaryPrimitives.WriteUInt32BigEndian(destination, (uint)count);
        return 4 + count;
    }
}
