namespace ComplianceKit.Bundles;

/// <summary>
/// A read-only view of one zip member that yields exactly its declared number of bytes: more data than
/// declared, or less, is an error naming the member, so a member that lies about its size cannot exhaust
/// memory or pass as complete.
/// </summary>
internal sealed class MemberStream : Stream
{
    private readonly Stream _inner;
    private readonly string _name;
    private readonly long _declared;
    private long _read;

    public MemberStream(Stream inner, string name, long declared)
    {
        _inner = inner;
        _name = name;
        _declared = declared;
    }

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => _declared;

    public override long Position
    {
        get => _read;
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        if (buffer.Length == 0)
        {
            return 0;
        }

        int count;
        try
        {
            count = _inner.Read(buffer);
        }
        catch (InvalidDataException ex)
        {
            throw new BundleRejectedException(BundleFindingKind.Unreadable, _name, $"{_name} cannot be decompressed: {ex.Message}", ex);
        }

        return Account(count);
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (buffer.Length == 0)
        {
            return 0;
        }

        int count;
        try
        {
            count = await _inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
        }
        catch (InvalidDataException ex)
        {
            throw new BundleRejectedException(BundleFindingKind.Unreadable, _name, $"{_name} cannot be decompressed: {ex.Message}", ex);
        }

        return Account(count);
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    /// <summary>Throws unless the member has been read to exactly its declared end.</summary>
    public async Task ExpectEndAsync(CancellationToken cancellationToken)
    {
        var probe = new byte[1];
        if (await ReadAsync(probe, cancellationToken).ConfigureAwait(false) != 0)
        {
            throw new BundleRejectedException(BundleFindingKind.UnsafeMember, _name, $"{_name} holds more bytes than it declares.");
        }
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _inner.Dispose();
        }

        base.Dispose(disposing);
    }

    private int Account(int count)
    {
        _read += count;
        if (_read > _declared)
        {
            throw new BundleRejectedException(BundleFindingKind.UnsafeMember, _name, $"{_name} holds more bytes than the {_declared} it declares.");
        }

        if (count == 0 && _read < _declared)
        {
            throw new BundleRejectedException(BundleFindingKind.Unreadable, _name, $"{_name} ends after {_read} of the {_declared} bytes it declares (truncated).");
        }

        return count;
    }
}
