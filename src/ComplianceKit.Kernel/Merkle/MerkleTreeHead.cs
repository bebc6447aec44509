namespace ComplianceKit.Merkle;

/// <summary>
/// The size of a Merkle tree and its root (the RFC 6962 Merkle Tree Hash of its first
/// <see cref="Size"/> leaves). Two heads are equal when their sizes and root bytes are equal.
/// </summary>
/// <remarks>
/// The root is copied on construction; treat the array returned by <see cref="Root"/> as read-only.
/// Immutable and thread safe as long as callers do not write into <see cref="Root"/>.
/// </remarks>
public sealed record MerkleTreeHead
{
    /// <summary>Creates a tree head.</summary>
    /// <param name="size">The number of leaves; not negative.</param>
    /// <param name="root">The 32-byte root hash; copied.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="size"/> is negative.</exception>
    /// <exception cref="ArgumentException"><paramref name="root"/> is not 32 bytes.</exception>
    public MerkleTreeHead(long size, byte[] root)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(size);
        Size = size;
        Root = MerkleHashes.CopyHash(root, nameof(root));
    }

    /// <summary>Gets the number of leaves in the tree.</summary>
    public long Size { get; }

    /// <summary>Gets the 32-byte Merkle Tree Hash of the tree.</summary>
    public byte[] Root { get; }

    /// <summary>Deconstructs the head into its size and root.</summary>
    /// <param name="size">Receives <see cref="Size"/>.</param>
    /// <param name="root">Receives <see cref="Root"/>.</param>
    public void Deconstruct(out long size, out byte[] root)
    {
        size = Size;
        root = Root;
    }

    /// <summary>Compares size and root bytes.</summary>
    /// <param name="other">The head to compare with.</param>
    /// <returns><see langword="true"/> when both the sizes and the root bytes are equal.</returns>
    public bool Equals(MerkleTreeHead? other) =>
        other is not null && Size == other.Size && Root.AsSpan().SequenceEqual(other.Root);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(Size, BitConverter.ToInt32(Root));

    /// <summary>Formats the head as <c>MerkleTreeHead { Size = n, Root = lowercase-hex }</c>.</summary>
    /// <returns>The formatted head.</returns>
    public override string ToString() =>
        $"MerkleTreeHead {{ Size = {Size}, Root = {Convert.ToHexStringLower(Root)} }}";
}
