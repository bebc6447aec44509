using System.Security.Cryptography;
using ComplianceKit.Cli.Bundles;
using ComplianceKit.Cli.Hosting;
using ComplianceKit.Hashing;

namespace ComplianceKit.Cli.Compliance;

/// <summary>The SHA-256 a command records for a file it names (an artifact, evidence, a course package): hashed from the file, or given as hex.</summary>
internal static class ArtifactDigest
{
    /// <summary>The lower-case hex SHA-256 of <paramref name="file"/>; the file stays where it is.</summary>
    /// <exception cref="UsageException">The file does not exist.</exception>
    public static string OfFile(string file, string what)
    {
        BundleInputs.RequireFile(file, what);
        using var stream = File.OpenRead(file);
        return Hex.Format(SHA256.HashData(stream));
    }

    /// <summary>From <paramref name="file"/> or <paramref name="hex"/> (at most one); <see langword="null"/> when neither is given.</summary>
    /// <exception cref="UsageException">Both are given, the file does not exist, or the hex is not 64 hex digits.</exception>
    public static string? FromFileOrHex(string? file, string? hex, string fileOption, string hexOption, string what)
    {
        if (file is not null && hex is not null)
        {
            throw new UsageException($"give {fileOption} or {hexOption}, not both.");
        }

        if (file is not null)
        {
            return OfFile(file, what);
        }

        var digest = hex?.Trim().ToLowerInvariant();
        return digest is null || (digest.Length == 64 && digest.All(c => char.IsAsciiDigit(c) || c is >= 'a' and <= 'f'))
            ? digest
            : throw new UsageException($"{hexOption} must be 64 hex digits.");
    }
}
