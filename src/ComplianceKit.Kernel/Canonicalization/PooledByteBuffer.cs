using System.Buffers;

namespace ComplianceKit.Canonicalization;

/// <summary>
/// A growable byte buffer over <see cref="ArrayPool{T}"/> that, unlike <see cref="ArrayBufferWriter{T}"/>,
/// can be truncated and rewritten, which sorting object members in place needs. Not thread safe.
/// </summary>
internal sealed class PooledByteBuffer : IDisposable
{
    private byte[] _buffer;
    private int _length;

    public PooledByteBuffer(int initialCapacity) =>
        _buffer = ArrayPool<byte>.Shared.Rent(Math.Max(initialCapacity, 256));

    public int Length => _length;

    public ReadOnlySpan<byte> WrittenSpan => _buffer.AsSpan(0, _length);

    public void Write(byte value)
    {
        EnsureCapacity(1);
        _buffer[_length++] = value;
    }

    public void Write(ReadOnlySpan<byte> value)
    {
        EnsureCapacity(value.Length);
        value.CopyTo(_buffer.AsSpan(_length));
        _length += value.Length;
    }

    public Span<byte> GetSpan(int sizeHint)
    {
        EnsureCapacity(sizeHint);
        return _buffer.AsSpan(_length);
    }

    public void Advance(int count) => _length += count;

    public void Truncate(int length) => _length = length;

    public byte[] ToArray() => WrittenSpan.ToArray();

    public void Dispose()
    {
        // Payloads may hold personal data, so pooled arrays go back cleared.
        ArrayPool<byte>.Shared.Return(_buffer, clearArray: true);
        _buffer = [];
        _length = 0;
    }

    private void EnsureCapacity(int additional)
    {
        if (_buffer.Length - _length >= additional)
        {
            return;
        }

        byte[] larger = ArrayPool<byte>.Shared.Rent(Math.Max(_buffer.Length * 2, _length + additional));
        _buffer.AsSpan(0, _length).CopyTo(larger);
        ArrayPool<byte>.Shared.Return(_buffer, clearArray: true);
        _buffer = larger;
    }
}
