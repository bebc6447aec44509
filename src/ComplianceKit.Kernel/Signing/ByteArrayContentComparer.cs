namespace ComplianceKit.Signing;

/// <summary>Compares byte arrays by every byte, so a cache keyed by them never confuses two certificates that share a subject or serial.</summary>
internal sealed class ByteArrayContentComparer : IEqualityComparer<byte[]>
{
    public static readonly ByteArrayContentComparer Instance = new();

    private ByteArrayContentComparer()
    {
    }

    public bool Equals(byte[]? x, byte[]? y) => ReferenceEquals(x, y) || (x is not null && y is not null && x.AsSpan().SequenceEqual(y));

    public int GetHashCode(byte[] obj)
    {
        var hash = new HashCode();
        hash.AddBytes(obj);
        return hash.ToHashCode();
    }
}
