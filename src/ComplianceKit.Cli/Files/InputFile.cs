using System.Text;
using ComplianceKit.Cli.Hosting;

namespace ComplianceKit.Cli.Files;

/// <summary>
/// Reads a file a command takes as input, refused before it is read when larger than the limit for its kind, and read
/// with a cap so a device or a growing file cannot make memory exceed the limit either.
/// </summary>
internal static class InputFile
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>A markdown checklist: a hand-written one is a few kilobytes.</summary>
    public const int ChecklistLimit = 1024 * 1024;

    /// <summary>A JSON file of retention policies.</summary>
    public const int PolicyLimit = 1024 * 1024;

    /// <summary>A certificate, key or trust anchor file (PEM or PKCS #12); a whole system CA bundle is about 200 KB.</summary>
    public const int CertificateLimit = 1024 * 1024;

    /// <summary>Reads <paramref name="path"/> whole, or refuses naming the limit.</summary>
    /// <exception cref="UsageException">The file is missing or larger than <paramref name="limit"/> bytes.</exception>
    public static byte[] ReadAllBytes(string path, string what, int limit)
    {
        RequireWithinLimit(path, what, limit);
        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        var buffer = new MemoryStream();
        var chunk = new byte[1 << 16];
        int read;
        while ((read = file.Read(chunk)) > 0)
        {
            buffer.Write(chunk, 0, read);
            if (buffer.Length > limit)
            {
                throw TooLarge(path, what, limit, null);
            }
        }

        return buffer.ToArray();
    }

    /// <summary>Reads <paramref name="path"/> as strict UTF-8 text (a byte order mark is dropped), or refuses naming the limit.</summary>
    /// <exception cref="UsageException">The file is missing, larger than <paramref name="limit"/> bytes, or not valid UTF-8.</exception>
    public static string ReadAllText(string path, string what, int limit)
        => DecodeText(ReadAllBytes(path, what, limit), path, what);

    /// <summary>Decodes bytes already read from <paramref name="path"/> as strict UTF-8 text (a byte order mark is dropped).</summary>
    /// <exception cref="UsageException">The bytes are not valid UTF-8.</exception>
    public static string DecodeText(ReadOnlySpan<byte> bytes, string path, string what)
    {
        bytes = bytes.StartsWith("\uFEFF"u8) ? bytes[3..] : bytes;
        try
        {
            return StrictUtf8.GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            throw new UsageException($"{what} '{path}' is not valid UTF-8 text.");
        }
    }

    /// <summary>Refuses <paramref name="path"/> when it is missing or its length on disk is over <paramref name="limit"/>, without reading it.</summary>
    public static void RequireWithinLimit(string path, string what, int limit)
    {
        var info = new FileInfo(path);
        if (!info.Exists)
        {
            throw new UsageException($"{what} '{path}' does not exist.");
        }

        if (info.Length > limit)
        {
            throw TooLarge(path, what, limit, info.Length);
        }
    }

    private static UsageException TooLarge(string path, string what, int limit, long? length) =>
        new($"{what} '{path}' is {(length is { } l ? $"{l:N0} bytes" : "larger than the limit")}; the limit is {limit:N0} bytes ({limit / (1024 * 1024)} MiB). Nothing was read further.");
}
