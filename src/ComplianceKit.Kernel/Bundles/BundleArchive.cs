using System.IO.Compression;

namespace ComplianceKit.Bundles;

/// <summary>
/// A bundle's zip archive, opened for reading without extracting anything: every member is validated up
/// front (safe relative name, no links, no duplicates, no encryption, within the size and compression-ratio
/// limits) and then streamed through a <see cref="MemberStream"/> that enforces its declared size. An
/// unsafe member is refused (listed in <see cref="Refusals"/>, never opened) while the rest is still
/// read, so a tampered file beside it is reported too. Empty directory entries (Info-ZIP's <c>zip -r</c>
/// writes them) are accepted and ignored. Not thread-safe.
/// </summary>
internal sealed class BundleArchive : IDisposable
{
    private const int UnixFileTypeMask = 0xF000;
    private const int UnixSymbolicLink = 0xA000;
    private const int RatioThreshold = 64 * 1024;

    private readonly ZipArchive _zip;
    private readonly Dictionary<string, ZipArchiveEntry> _members;

    private BundleArchive(ZipArchive zip, Dictionary<string, ZipArchiveEntry> members, IReadOnlyList<BundleFinding> refusals)
    {
        _zip = zip;
        _members = members;
        Refusals = refusals;
    }

    /// <summary>The members refused before reading, each an <see cref="BundleFindingKind.UnsafeMember"/> finding naming it.</summary>
    public IReadOnlyList<BundleFinding> Refusals { get; }

    /// <summary>Whether a member of this name was refused (so it is not also reported missing).</summary>
    public bool Refused(string name) => Refusals.Any(r => r.File == name);

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
            throw new BundleRejectedException(BundleFindingKind.NotAZip, null, $"The zip archive is damaged: {ex.Message}", ex);
        }

        try
        {
            var refusals = new List<BundleFinding>();
            return new BundleArchive(zip, Validate(entries, limits, refusals), refusals);
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

    private static Dictionary<string, ZipArchiveEntry> Validate(IReadOnlyCollection<ZipArchiveEntry> entries, BundleLimits limits, List<BundleFinding> refusals)
    {
        var members = new Dictionary<string, ZipArchiveEntry>(StringComparer.Ordinal);
        var folded = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var entry in entries)
        {
            var name = entry.FullName;
            var shown = Shown(name);
            void Refuse(string message) => refusals.Add(new BundleFinding(BundleFindingKind.UnsafeMember, shown, null, message));

            if (IsDirectoryEntry(entry))
            {
                continue;
            }

            if (UnsafeName(name) is { } problem)
            {
                Refuse($"The member '{shown}' is refused: {problem}.");
            }
            else if (!folded.Add(name))
            {
                Refuse($"The member '{shown}' occurs more than once (names are compared ignoring case).");
            }
            else if (((entry.ExternalAttributes >> 16) & UnixFileTypeMask) == UnixSymbolicLink)
            {
                Refuse($"The member '{shown}' is a symbolic link.");
            }
            else if (entry.IsEncrypted)
            {
                Refuse($"The member '{shown}' is encrypted.");
            }
            else if (SizeProblem(entry, name, shown, limits) is { } size)
            {
                Refuse(size);
            }
            else
            {
                members.Add(name, entry);
            }
        }

        // A duplicate refuses both copies: neither can be told to be the signed one.
        foreach (var name in members.Keys.Where(n => refusals.Any(r => string.Equals(r.File, n, StringComparison.OrdinalIgnoreCase))).ToList())
        {
            members.Remove(name);
        }

        return members;
    }

    /// <summary>An empty directory entry with an otherwise safe name (what <c>zip -r</c> adds for each folder): harmless, so ignored.</summary>
    private static bool IsDirectoryEntry(ZipArchiveEntry entry) =>
        entry.FullName.Length > 1 && entry.FullName[^1] == '/' && entry.Length == 0 && entry.CompressedLength <= 2
        && UnsafeName(entry.FullName[..^1]) is null
        && ((entry.ExternalAttributes >> 16) & UnixFileTypeMask) != UnixSymbolicLink;

    private static string? SizeProblem(ZipArchiveEntry entry, string name, string shown, BundleLimits limits)
    {
        var cap = name == BundleFormat.EntriesFile ? limits.MaxEntriesFileBytes
            : name is BundleFormat.ManifestFile or BundleFormat.SumsFile ? limits.MaxManifestBytes
            : limits.MaxFileBytes;
        if (entry.Length > cap)
        {
            return $"The member '{shown}' declares {entry.Length} bytes uncompressed; at most {cap} are accepted.";
        }

        return entry.Length > RatioThreshold && entry.Length > (long)limits.MaxCompressionRatio * Math.Max(entry.CompressedLength, 1)
            ? $"The member '{shown}' expands {entry.Length / Math.Max(entry.CompressedLength, 1)} times; at most {limits.MaxCompressionRatio} times is accepted."
            : null;
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
            return "it is a directory entry that is not empty or not a plain folder name";
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

}
