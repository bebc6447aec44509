using System.Buffers;
using System.Security.Cryptography;
using System.Text;

namespace ComplianceKit.Access;

/// <summary>
/// Turns a record reference (<c>patient/48213</c>) into the pseudonym the ledger stores as the entry's
/// subject: <c>rec:</c> followed by the lower-case hex of HMAC-SHA256(key, UTF-8(reference)).
/// </summary>
/// <remarks>
/// <para>
/// The same key always gives the same pseudonym, so every access to one record shares a subject and
/// "who opened this chart" is one indexed lookup. Without the key a pseudonym cannot be linked back to
/// the record, nor tested against guessed references. With it, an auditor computes the pseudonym of a
/// record in question (for example <c>printf %s 'patient/48213' | openssl dgst -sha256 -mac HMAC -macopt hexkey:KEY</c>).
/// </para>
/// <para>The reference is hashed exactly as given (case and whitespace matter): hosts should pass one canonical form.</para>
/// <para>Instances are immutable and thread safe.</para>
/// </remarks>
#pragma warning disable CA1001 // The per-thread HMACs are native contexts their SafeHandles free; an immutable value-like type stays undisposable.
public sealed class RecordPseudonymizer
#pragma warning restore CA1001
{
    /// <summary>The shortest key accepted, in bytes: the SHA-256 output size.</summary>
    public const int MinimumKeySize = 32;

    /// <summary>What every pseudonym starts with.</summary>
    public const string Prefix = "rec:";

    /// <summary>The length of every pseudonym, in characters.</summary>
    public const int PseudonymLength = 4 + (2 * HMACSHA256.HashSizeInBytes);

    private const int StackLimit = 256;
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);
    private readonly ArrayPool<byte> _pool;

    // The keyed HMAC every thread's copy is cloned from: the key lives only inside these native contexts, never in a managed array.
    private readonly IncrementalHash _keyed;

    // One keyed HMAC per thread: resetting a keyed HMAC keeps its key schedule, so a pseudonym costs
    // three SHA-256 blocks instead of setting the key up again each time.
    private readonly ThreadLocal<IncrementalHash> _hmac;

    /// <summary>Creates a pseudonymizer with the host's secret key; no managed copy of the key is kept.</summary>
    /// <exception cref="ArgumentException">The key is shorter than <see cref="MinimumKeySize"/> bytes, or all zero (an unset key, not a secret).</exception>
    public RecordPseudonymizer(ReadOnlySpan<byte> key)
        : this(key, ArrayPool<byte>.Shared)
    {
    }

    /// <summary>Creates a pseudonymizer that rents its large buffers from <paramref name="pool"/> (tests watch what is returned).</summary>
    internal RecordPseudonymizer(ReadOnlySpan<byte> key, ArrayPool<byte> pool)
    {
        if (KeyProblem(key) is { } problem)
        {
            throw new ArgumentException(problem, nameof(key));
        }

        _pool = pool;
        _keyed = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, key);
        _hmac = new ThreadLocal<IncrementalHash>(CloneKeyed);
    }

    /// <summary>Returns the pseudonym of <paramref name="recordReference"/>.</summary>
    /// <remarks>The reference's UTF-8 bytes are cleared from every buffer before it is released or returned to the pool.</remarks>
    /// <exception cref="ArgumentException">The reference is empty, or not valid UTF-16 (a lone surrogate).</exception>
    public string Pseudonymize(string recordReference)
    {
        ArgumentException.ThrowIfNullOrEmpty(recordReference);
        int byteCount;
        try
        {
            byteCount = StrictUtf8.GetByteCount(recordReference);
        }
        catch (EncoderFallbackException ex)
        {
            throw new ArgumentException("The record reference is not valid UTF-16 text.", nameof(recordReference), ex);
        }

        byte[]? rented = null;
        var utf8 = byteCount <= StackLimit ? stackalloc byte[StackLimit] : (rented = _pool.Rent(byteCount));
        try
        {
            var written = StrictUtf8.GetBytes(recordReference, utf8);
            Span<byte> mac = stackalloc byte[HMACSHA256.HashSizeInBytes];
            var hmac = _hmac.Value!;
            hmac.AppendData(utf8[..written]);
            hmac.GetHashAndReset(mac);
            Span<char> pseudonym = stackalloc char[PseudonymLength];
            Prefix.CopyTo(pseudonym);
            Convert.TryToHexStringLower(mac, pseudonym[Prefix.Length..], out _);
            return new string(pseudonym);
        }
        finally
        {
            // A record reference is PHI: no buffer keeps it once this call is done.
            CryptographicOperations.ZeroMemory(utf8[..byteCount]);
            if (rented is not null)
            {
                _pool.Return(rented);
            }
        }
    }

    /// <summary>Why <paramref name="key"/> cannot be a pseudonym key (too short, or all zero), or null when it can; the one rule options validation also uses.</summary>
    public static string? KeyProblem(ReadOnlySpan<byte> key) =>
        key.Length < MinimumKeySize ? $"The pseudonym key must be at least {MinimumKeySize} bytes of secret random data; got {key.Length}."
        : !key.ContainsAnyExcept((byte)0) ? "The pseudonym key is all zero bytes: an unset key, not secret random data."
        : null;

    private IncrementalHash CloneKeyed()
    {
        // IncrementalHash refuses concurrent use, and threads clone their first copy at the same time.
        lock (_keyed)
        {
            return _keyed.Clone();
        }
    }
}
