using System.Globalization;
using System.Text;
using ComplianceKit.Merkle;

namespace ComplianceKit.Anchoring;

/// <summary>
/// A signed note of a chain's Merkle tree head, in the C2SP tlog-checkpoint body format: an origin line,
/// the tree size in decimal, the root in standard base64, then extension lines. Every line ends with a
/// line feed. The bundle's organisation signs these exact bytes (detached CMS, <c>checkpoint.p7s</c>).
/// </summary>
/// <remarks>
/// Parsing is strict so that one checkpoint has exactly one encoding: UTF-8 without a byte order mark, no
/// carriage returns, no leading zeros in the size, canonical padded base64 of exactly 32 bytes, no empty
/// lines. Immutable; the root is copied on construction and on read.
/// </remarks>
public sealed class Checkpoint
{
    /// <summary>The largest checkpoint body accepted, in bytes.</summary>
    public const int MaxLength = 64 * 1024;

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);
    private readonly byte[] _root;

    /// <summary>Creates a checkpoint.</summary>
    /// <param name="origin">The log's identity line, for example from <see cref="OriginFor"/>.</param>
    /// <param name="treeSize">The number of entries the tree covers.</param>
    /// <param name="root">The 32-byte RFC 6962 root of those entries.</param>
    /// <param name="extensions">Further lines, each non-empty and without line breaks.</param>
    /// <exception cref="ArgumentException">A line is empty or holds a control character, or the root is not 32 bytes.</exception>
    public Checkpoint(string origin, long treeSize, ReadOnlySpan<byte> root, IReadOnlyList<string>? extensions = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(treeSize);
        RequireLine(origin, nameof(origin));
        if (root.Length != MerkleHasher.HashSize)
        {
            throw new ArgumentException($"A root is {MerkleHasher.HashSize} bytes; got {root.Length}.", nameof(root));
        }

        var lines = (extensions ?? []).ToArray();
        foreach (var line in lines)
        {
            RequireLine(line, nameof(extensions));
        }

        Origin = origin;
        TreeSize = treeSize;
        _root = root.ToArray();
        Extensions = lines;
    }

    /// <summary>The log's identity: the first line.</summary>
    public string Origin { get; }

    /// <summary>The number of entries the tree covers.</summary>
    public long TreeSize { get; }

    /// <summary>A copy of the 32-byte root.</summary>
    public byte[] Root => (byte[])_root.Clone();

    /// <summary>The extension lines, in order.</summary>
    public IReadOnlyList<string> Extensions { get; }

    /// <summary>The tree head the checkpoint states.</summary>
    public MerkleTreeHead TreeHead => new(TreeSize, _root);

    /// <summary>
    /// The origin line of a chain's checkpoints: a slug of the organisation (lower-case letters and digits,
    /// other runs of characters as one <c>-</c>), then <c>/compliancekit/</c> and the chain id.
    /// </summary>
    public static string OriginFor(string organization, string chainId)
    {
        ArgumentNullException.ThrowIfNull(organization);
        ArgumentException.ThrowIfNullOrEmpty(chainId);
        var slug = new StringBuilder(organization.Length);
        foreach (var c in organization.ToLowerInvariant())
        {
            if (char.IsAsciiLetterOrDigit(c))
            {
                slug.Append(c);
            }
            else if (slug.Length > 0 && slug[^1] != '-')
            {
                slug.Append('-');
            }
        }

        var text = slug.ToString().TrimEnd('-');
        return $"{(text.Length == 0 ? "organization" : text)}/compliancekit/{chainId}";
    }

    /// <summary>The value of the first extension line that starts with <paramref name="key"/> and a space, or <see langword="null"/>.</summary>
    public string? GetExtension(string key)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        foreach (var line in Extensions)
        {
            if (line.Length > key.Length && line[key.Length] == ' ' && line.StartsWith(key, StringComparison.Ordinal))
            {
                return line[(key.Length + 1)..];
            }
        }

        return null;
    }

    /// <summary>The exact bytes that are signed: every line followed by a line feed, UTF-8.</summary>
    public byte[] ToBytes()
    {
        var text = new StringBuilder()
            .Append(Origin).Append('\n')
            .Append(TreeSize.ToString(CultureInfo.InvariantCulture)).Append('\n')
            .Append(Convert.ToBase64String(_root)).Append('\n');
        foreach (var line in Extensions)
        {
            text.Append(line).Append('\n');
        }

        return StrictUtf8.GetBytes(text.ToString());
    }

    /// <summary>Parses checkpoint bytes strictly (see the remarks on <see cref="Checkpoint"/>).</summary>
    /// <exception cref="FormatException">The bytes are not a checkpoint; the message says which line is wrong.</exception>
    public static Checkpoint Parse(ReadOnlySpan<byte> utf8)
    {
        if (utf8.Length > MaxLength)
        {
            throw new FormatException($"A checkpoint is at most {MaxLength} bytes; this one is {utf8.Length}.");
        }

        string text;
        try
        {
            text = StrictUtf8.GetString(utf8);
        }
        catch (DecoderFallbackException)
        {
            throw new FormatException("The checkpoint is not valid UTF-8.");
        }

        if (text.Length > 0 && text[0] == '\uFEFF')
        {
            throw new FormatException("The checkpoint starts with a byte order mark.");
        }

        if (text.Length == 0 || text[^1] != '\n')
        {
            throw new FormatException("The checkpoint does not end with a line feed.");
        }

        var lines = text[..^1].Split('\n');
        if (lines.Length < 3)
        {
            throw new FormatException("A checkpoint has at least three lines: origin, tree size and root.");
        }

        for (var i = 0; i < lines.Length; i++)
        {
            if (!IsLine(lines[i]))
            {
                throw new FormatException($"Checkpoint line {i + 1} is empty or holds a control character.");
            }
        }

        var size = lines[1];
        if (size.Length > 19 || !size.All(char.IsAsciiDigit) || (size.Length > 1 && size[0] == '0')
            || !long.TryParse(size, NumberStyles.None, CultureInfo.InvariantCulture, out var treeSize))
        {
            throw new FormatException($"Checkpoint line 2 ('{Shorten(size)}') is not a tree size in decimal without leading zeros.");
        }

        var root = new byte[MerkleHasher.HashSize];
        if (!Convert.TryFromBase64String(lines[2], root, out var written) || written != MerkleHasher.HashSize
            || !string.Equals(Convert.ToBase64String(root), lines[2], StringComparison.Ordinal))
        {
            throw new FormatException($"Checkpoint line 3 ('{Shorten(lines[2])}') is not the standard base64 of a 32-byte root.");
        }

        return new Checkpoint(lines[0], treeSize, root, lines[3..]);
    }

    private static void RequireLine(string line, string parameterName)
    {
        if (!IsLine(line))
        {
            throw new ArgumentException("A checkpoint line must be non-empty and free of control characters.", parameterName);
        }
    }

    private static bool IsLine(string? line) => !string.IsNullOrEmpty(line) && !line.Any(char.IsControl);

    private static string Shorten(string text) => text.Length <= 80 ? text : text[..80] + "...";
}
