using System.Security.Cryptography;

namespace ComplianceKit.Merkle;

/// <summary>
/// The RFC 6962 / RFC 9162 Merkle tree hash functions over SHA-256:
/// leaf hash = SHA-256(0x00 || input), node hash = SHA-256(0x01 || left || right),
/// and the root of the empty tree = SHA-256("").
/// </summary>
/// <remarks>
/// All members are pure and thread safe. The overloads that write into a destination span do not
/// allocate for inputs of up to 255 bytes in total, which covers every node hash; the destination
/// may overlap the inputs, so a node can be folded in place.
/// </remarks>
public static class MerkleHasher
{
    /// <summary>The size in bytes of every hash produced here (SHA-256).</summary>
    public const int HashSize = 32;

    /// <summary>The domain-separation byte prepended to a leaf input before hashing.</summary>
    public const byte LeafPrefix = 0x00;

    /// <summary>The domain-separation byte prepended to two child hashes before hashing.</summary>
    public const byte NodePrefix = 0x01;

    // Inputs up to this size (prefix included) are hashed from a stack buffer.
    private const int StackBufferSize = 256;

    /// <summary>
    /// Gets the Merkle Tree Hash of the empty tree, SHA-256 of the empty string
    /// (<c>e3b0c442...b855</c>). Call <c>ToArray()</c> for a copy that can be stored.
    /// </summary>
    public static ReadOnlySpan<byte> EmptyRoot =>
    [
        0xe3, 0xb0, 0xc4, 0x42, 0x98, 0xfc, 0x1c, 0x14, 0x9a, 0xfb, 0xf4, 0xc8, 0x99, 0x6f, 0xb9, 0x24,
        0x27, 0xae, 0x41, 0xe4, 0x64, 0x9b, 0x93, 0x4c, 0xa4, 0x95, 0x99, 0x1b, 0x78, 0x52, 0xb8, 0x55,
    ];

    /// <summary>Computes the leaf hash SHA-256(0x00 || <paramref name="leafInput"/>).</summary>
    /// <param name="leafInput">The leaf input; for a ledger entry, its 32-byte entry hash.</param>
    /// <returns>A new 32-byte array holding the leaf hash.</returns>
    public static byte[] HashLeaf(ReadOnlySpan<byte> leafInput)
    {
        var result = new byte[HashSize];
        HashPrefixed(LeafPrefix, leafInput, [], result);
        return result;
    }

    /// <summary>
    /// Computes the leaf hash SHA-256(0x00 || <paramref name="leafInput"/>) into
    /// <paramref name="destination"/> without allocating.
    /// </summary>
    /// <param name="leafInput">The leaf input; for a ledger entry, its 32-byte entry hash.</param>
    /// <param name="destination">Receives the hash in its first 32 bytes; may overlap the input.</param>
    /// <exception cref="ArgumentException"><paramref name="destination"/> is shorter than 32 bytes.</exception>
    public static void HashLeaf(ReadOnlySpan<byte> leafInput, Span<byte> destination)
    {
        EnsureDestination(destination);
        HashPrefixed(LeafPrefix, leafInput, [], destination);
    }

    /// <summary>Computes the interior node hash SHA-256(0x01 || <paramref name="left"/> || <paramref name="right"/>).</summary>
    /// <param name="left">The hash of the left child (normally 32 bytes; not enforced).</param>
    /// <param name="right">The hash of the right child (normally 32 bytes; not enforced).</param>
    /// <returns>A new 32-byte array holding the node hash.</returns>
    public static byte[] HashNode(ReadOnlySpan<byte> left, ReadOnlySpan<byte> right)
    {
        var result = new byte[HashSize];
        HashPrefixed(NodePrefix, left, right, result);
        return result;
    }

    /// <summary>
    /// Computes the interior node hash SHA-256(0x01 || <paramref name="left"/> || <paramref name="right"/>)
    /// into <paramref name="destination"/> without allocating.
    /// </summary>
    /// <param name="left">The hash of the left child (normally 32 bytes; not enforced).</param>
    /// <param name="right">The hash of the right child (normally 32 bytes; not enforced).</param>
    /// <param name="destination">
    /// Receives the hash in its first 32 bytes; may overlap either child, so
    /// <c>HashNode(sibling, acc, acc)</c> folds in place.
    /// </param>
    /// <exception cref="ArgumentException"><paramref name="destination"/> is shorter than 32 bytes.</exception>
    public static void HashNode(ReadOnlySpan<byte> left, ReadOnlySpan<byte> right, Span<byte> destination)
    {
        EnsureDestination(destination);
        HashPrefixed(NodePrefix, left, right, destination);
    }

    private static void HashPrefixed(byte prefix, ReadOnlySpan<byte> first, ReadOnlySpan<byte> second, Span<byte> destination)
    {
        var length = 1L + first.Length + second.Length;
        if (length <= StackBufferSize)
        {
            // The inputs are copied before the destination is written, which makes overlap safe.
            Span<byte> buffer = stackalloc byte[StackBufferSize];
            buffer[0] = prefix;
            first.CopyTo(buffer[1..]);
            second.CopyTo(buffer[(1 + first.Length)..]);
            Hashing.Sha256Digest.HashInto(buffer[..(int)length], destination);
            return;
        }

        // Hashing writes the destination last, so overlap is safe here too.
        Hashing.Sha256Digest.HashInto([prefix], first, second, destination);
    }

    private static void EnsureDestination(Span<byte> destination)
    {
        if (destination.Length < HashSize)
        {
            throw new ArgumentException(
                $"The destination must hold at least {HashSize} bytes; it holds {destination.Length}.",
                nameof(destination));
        }
    }
}
