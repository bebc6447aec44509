namespace ComplianceKit.Merkle;

/// <summary>A growable list of 32-byte hashes stored contiguously, one array per list instead of one per hash.</summary>
internal sealed class HashList
{
    private const int Size = MerkleHasher.HashSize;
    private static readonly int MaxCount = Array.MaxLength / Size;

    private byte[] _buffer;

    public HashList(int capacity) => _buffer = new byte[Math.Min(Math.Max(capacity, 1), MaxCount) * Size];

    public int Count { get; private set; }

    public ReadOnlySpan<byte> this[int index] => _buffer.AsSpan(index * Size, Size);

    public void Add(ReadOnlySpan<byte> hash)
    {
        if ((Count + 1) * Size > _buffer.Length)
        {
            if (Count >= MaxCount)
            {
                throw new InvalidOperationException($"An in-memory Merkle level holds at most {MaxCount} hashes.");
            }

            Array.Resize(ref _buffer, (int)Math.Min((long)Count * 2, MaxCount) * Size);
        }

        hash.CopyTo(_buffer.AsSpan(Count * Size, Size));
        Count++;
    }
}
