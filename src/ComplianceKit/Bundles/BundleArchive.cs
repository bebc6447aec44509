using System.IO.Compression;

namespace ComplianceKit.Bundles;

/// <summary>
/// A bundle's zip archive, opened for reading without extracting anything: every member is validated up
/// front (safe relative name, no links, no duplicates, no directories, no encryption, within the size and
/// compression-ratio limits) and then streamed through a <see cref="MemberStream"/> that enforces its
/// declared size. Not thread-safe.
/// </summary>
internal sealed class BundleArchive : IDisposable
{
    private const int UnixFileTypeMask = 0xF000;
    private const int UnixSymbolicLink = 0xA000;
    private const int RatioThreshold = 64 * 1024;

    private readonly ZipArchive _zip;
    private readonly Dictionary<string, ZipArchiveEntry> _members;

    private BundleArchive(ZipArchive zip, Dictionary<string, ZipArchiveEntry> members)
    {
        _zip = zip;
        _members = members;
    }

    /// <summary>The member names, in archive order.</summary>
    public IReadOnlyCollection<string> Names => _members.Keys;

    /// <summary>The total declared uncompressed size of every member.</summary>
    public long TotalBytes => _members.Values.Sum(m => m.Length);

    /// <summary>Opens and validates the archive.</summary>
    /// <exception cref="BundleRejectedException">The archive is unreadable or a member is unsafe; the message names it.</exception>
    public static BundleArchive Open(Stream stream, BundleLimits limits)
    {
        if (!stream.CanSeek || !stream.CanRead)
        {
            throw new ArgumentException("A bundle is read from a readable, seekable stream (a file).", nameof(stream));
        }

        var (declared, directoryBytes) = ZipDirectoryProbe.Read(stream);
        if (declared > limits.MaxMembers || declared < 0)
        {
            throw new BundleRejectedException(BundleFindingKind.UnsafeMember, null,
                $"The archive declares {declared} members; a bundle holds at most {limits.MaxMembers}.");
        }

        if (directoryBytes > limits.MaxCentralDirectoryBytes || directoryBytes < 0)
        {
            throw new BundleRejectedException(BundleFindingKind.UnsafeMember, null,
                $"The archive's central directory is {directoryBytes} bytes; at most {limits.MaxCentralDirectoryBytes} are accepted.");
        }

        stream.Position = 0;
        ZipArchive zip;
        IReadOnlyCollection<ZipArchiveEntry> entries;
        try
        {
            zip = new ZipArchive(stream, ZipArchiveMode.Read, leaveOpen: true);
            entries = zip.Entries;
        }
        catch (InvalidDataException ex)
        {
            throw new BundleRejectedException(BundleFindingKind.Unreadable, null, $"The zip archive is damaged: {ex.Message}", ex);
        }

        try
        {
            return new BundleArchive(zip, Validate(entries, limits));
        }
        catch
        {
            zip.Dispose();
            throw;
        }
    }

    /// <summary>Whether the archive holds <paramref name="name"/>.</summary>
    public bool Contains(string name) => _members.ContainsKey(name);

    /// <summary>The declared uncompressed size of <paramref name="name"/>.</summary>
    public long Length(string name) => _members[name].Length;

    /// <summary>Opens a member for streaming; reading past its declared size, or ending before it, throws.</summary>
    /// <exception cref="BundleRejectedException">The member cannot be opened (unsupported compression, damaged header).</exception>
    public MemberStream Open(string name)
    {
        var member = _members[name];
        try
        {
            return new MemberStream(member.Open(), name, member.Length);
        }
        catch (Exception ex) when (ex is InvalidDataException or NotSupportedException or IOException)
        {
            throw new BundleRejectedException(BundleFindingKind.Unreadable, name, $"{name} cannot be read: {ex.Message}", ex);
        }
    }

    /// <summary>Reads a whole member that is at most <paramref name="cap"/> bytes.</summary>
    /// <exception cref="BundleRejectedException">The member is larger than <paramref name="cap"/> or unreadable.</exception>
    public async Task<byte[]> ReadAllAsync(string name, int cap, CancellationToken cancellationToken)
    {
        var length = Length(name);
        if (length > cap)
        {
            throw new BundleRejectedException(BundleFindingKind.UnsafeMember, name, $"{name} declares {length} bytes; at most {cap} are accepted.");
        }

        var bytes = new byte[length];
        var stream = Open(name);
        await using (stream.ConfigureAwait(false))
        {
            await stream.ReadExactlyAsync(bytes, cancellationToken).ConfigureAwait(false);
            await stream.ExpectEndAsync(cancellationToken).ConfigureAwait(false);
        }

        return bytes;
    }

    public void Dispose() => _zip.Dispose();

    private static Dictionary<string, ZipArchiveEntry> Validate(IReadOnlyCollection<ZipArchiveEntry> entries, BundleLimits limits)
    {
        var members = new Dictionary<string, ZipArchiveEntry>(StringComparer.Ordinal);
        var folded = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var entry in entries)
        {
            var name = entry.FullName;
            var shown = Shown(name);
            if (UnsafeName(name) is { } problem)
            {
                throw Unsafe(shown, $"The member '{shown}' is refused: {problem}.");
            }

            if (!folded.Add(name))
            {
                throw Unsafe(shown, $"The member '{shown}' occurs more than once (names are compared ignoring case).");
            }

            if (((entry.ExternalAttributes >> 16) & UnixFileTypeMask) == UnixSymbolicLink)
            {
                throw Unsafe(shown, $"The member '{shown}' is a symbolic link.");
            }

            if (entry.IsEncrypted)
            {
                throw Unsafe(shown, $"The member '{shown}' is encrypted.");
            }

            var cap = name == BundleFormat.EntriesFile ? limits.MaxEntriesFileBytes
                : name is BundleFormat.ManifestFile or BundleFormat.SumsFile ? limits.MaxManifestBytes
                : limits.MaxFileBytes;
            if (entry.Length > cap)
            {
                throw Unsafe(shown, $"The member '{shown}' declares {entry.Length} bytes uncompressed; at most {cap} are accepted.");
            }

            if (entry.Length > RatioThreshold && entry.Length > (long)limits.MaxCompressionRatio * Math.Max(entry.CompressedLength, 1))
            {
                throw Unsafe(shown, $"The member '{shown}' expands {entry.Length / Math.Max(entry.CompressedLength, 1)} times; "
                    + $"at most {limits.MaxCompressionRatio} times is accepted.");
            }

            members.Add(name, entry);
        }

        return members;
    }

    /// <summary>Why <paramref name="name"/> is not a safe relative member name, or <see langword="null"/>.</summary>
    private static string? UnsafeName(string name)
    {
        if (name.Length == 0)
        {
            return "its name is empty";
        }

        if (name.Length > 255)
        {
            return "its name is longer than 255 characters";
        }

        if (name.Any(c => char.IsControl(c) || c is '\\' or ':' or '*' or '?' or '"' or '<' or '>' or '|' || char.IsSurrogate(c)))
        {
            return "its name holds a control character, a backslash, a drive separator or a wildcard";
        }

        if (name[0] == '/')
        {
            return "its path is absolute";
        }

        if (name[^1] == '/')
        {
            return "it is a directory; a bundle holds files only";
        }

        foreach (var segment in name.Split('/'))
        {
            if (segment.Length == 0 || segment is "." or "..")
            {
                return "its path has an empty, '.' or '..' segment";
            }
        }

        return null;
    }

    private static string Shown(string name)
    {
        var printable = new string(name.Select(c => char.IsControl(c) || char.IsSurrogate(c) ? '?' : c).ToArray());
        return printable.Length <= 120 ? printable : printable[..120] + "...";
    }

    private static BundleRejectedException Unsafe(string name, string message) => new(BundleFindingKind.UnsafeMember, name, message);
}
