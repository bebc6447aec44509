using System.Buffers.Binary;

namespace ComplianceKit.Bundles;

/// <summary>
/// Reads a zip's end-of-central-directory record (and its ZIP64 form) before the archive is opened, so a
/// central directory with millions of members is refused before anything allocates for it.
/// </summary>
internal static class ZipDirectoryProbe
{
    private const uint EndSignature = 0x06054b50;
    private const uint Zip64LocatorSignature = 0x07064b50;
    private const uint Zip64EndSignature = 0x06064b50;
    private const int EndSize = 22;
    private const int MaxComment = ushort.MaxValue;

    /// <summary>Returns the member count and central directory size the archive declares.</summary>
    /// <exception cref="BundleRejectedException">No end record (not a zip, or truncated), or the ZIP64 records are unreadable.</exception>
    public static (long Members, long DirectoryBytes) Read(Stream stream)
    {
        var length = stream.Length;
        var tailLength = (int)Math.Min(length, EndSize + MaxComment);
        var tail = new byte[tailLength];
        stream.Position = length - tailLength;
        stream.ReadExactly(tail);
        var end = -1;
        for (var i = tailLength - EndSize; i >= 0; i--)
        {
            if (BinaryPrimitives.ReadUInt32LittleEndian(tail.AsSpan(i)) == EndSignature
                && i + EndSize + BinaryPrimitives.ReadUInt16LittleEndian(tail.AsSpan(i + 20)) == tailLength)
            {
                end = i;
                break;
            }
        }

        if (end < 0)
        {
            throw new BundleRejectedException(BundleFindingKind.NotAZip, null,
                "The file is not a zip archive, or it is truncated: its end-of-central-directory record is missing.");
        }

        long members = BinaryPrimitives.ReadUInt16LittleEndian(tail.AsSpan(end + 10));
        long directory = BinaryPrimitives.ReadUInt32LittleEndian(tail.AsSpan(end + 12));
        if (members != ushort.MaxValue && directory != uint.MaxValue)
        {
            return (members, directory);
        }

        // ZIP64: a locator right before the end record points at the ZIP64 end record.
        var endOffset = length - tailLength + end;
        if (endOffset < 20)
        {
            throw Unreadable("its ZIP64 locator is missing");
        }

        var locator = new byte[20];
        stream.Position = endOffset - 20;
        stream.ReadExactly(locator);
        if (BinaryPrimitives.ReadUInt32LittleEndian(locator) != Zip64LocatorSignature)
        {
            throw Unreadable("its ZIP64 locator is missing");
        }

        var recordOffset = BinaryPrimitives.ReadInt64LittleEndian(locator.AsSpan(8));
        if (recordOffset < 0 || recordOffset > length - 56)
        {
            throw Unreadable("its ZIP64 end record lies outside the file");
        }

        var record = new byte[56];
        stream.Position = recordOffset;
        stream.ReadExactly(record);
        if (BinaryPrimitives.ReadUInt32LittleEndian(record) != Zip64EndSignature)
        {
            throw Unreadable("its ZIP64 end record is missing");
        }

        return (BinaryPrimitives.ReadInt64LittleEndian(record.AsSpan(32)), BinaryPrimitives.ReadInt64LittleEndian(record.AsSpan(40)));
    }

    private static BundleRejectedException Unreadable(string what) =>
        new(BundleFindingKind.NotAZip, null, $"The zip archive is damaged: {what}.");
}
