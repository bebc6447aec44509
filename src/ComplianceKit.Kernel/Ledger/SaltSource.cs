using System.Security.Cryptography;

namespace ComplianceKit.Ledger;

/// <summary>
/// Per-entry salts from the operating system's CSPRNG, drawn a few kilobytes at a time per thread:
/// one call to the generator costs about as much as hashing the entry, so it is not made per entry.
/// The bytes are the generator's own, handed out once each.
/// </summary>
internal static class SaltSource
{
    private const int BufferSize = 128 * EntryEncoding.SaltSize;

    [ThreadStatic]
    private static byte[]? t_buffer;

    [ThreadStatic]
    private static int t_next;

    /// <summary>A fresh salt of <see cref="EntryEncoding.SaltSize"/> random bytes.</summary>
    public static byte[] Next()
    {
        var buffer = t_buffer ??= new byte[BufferSize];
        if (t_next == 0)
        {
            RandomNumberGenerator.Fill(buffer);
        }

        var salt = buffer.AsSpan(t_next, EntryEncoding.SaltSize).ToArray();
        // Spent bytes are wiped, so a salt stays only where the entry that owns it is.
        buffer.AsSpan(t_next, EntryEncoding.SaltSize).Clear();
        t_next = (t_next + EntryEncoding.SaltSize) % BufferSize;
        return salt;
    }
}
