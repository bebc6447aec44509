using System.Security.Cryptography;

namespace ComplianceKit.Hashing;

/// <summary>SHA-256 helpers shared by the ledger, evidence and approvals.</summary>
public static class Sha256Digest
{
    /// <summary>The size of a SHA-256 digest in bytes.</summary>
    public const int Size = 32;

    /// <summary>Computes the SHA-256 digest of <paramref name="data"/>.</summary>
    public static byte[] Of(ReadOnlySpan<byte> data) => SHA256.HashData(data);

    /// <summary>Computes the SHA-256 digest of a stream, reading it to the end without buffering it.</summary>
    public static async Task<byte[]> OfAsync(Stream stream, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(stream);
        return await SHA256.HashDataAsync(stream, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Throws unless <paramref name="digest"/> is exactly 32 bytes.</summary>
    /// <exception cref="ArgumentException">The digest has another length.</exception>
    public static void EnsureValid(ReadOnlySpan<byte> digest, string parameterName)
    {
        if (digest.Length != Size)
        {
            throw new ArgumentException($"A SHA-256 digest is {Size} bytes; got {digest.Length}.", parameterName);
        }
    }
}
