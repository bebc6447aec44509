using System.IO.Compression;
using ComplianceKit.Anchoring;
using ComplianceKit.Bundles;
using ComplianceKit.Cli.Files;
using ComplianceKit.Cli.Hosting;
using ComplianceKit.Signing;
using NodaTime;
using NodaTime.Text;

namespace ComplianceKit.Cli.Bundles;

/// <summary>Reads what the bundle commands take from the command line: trust anchors, checkpoints, instants, bundle files.</summary>
internal static class BundleInputs
{
    private static readonly InstantPattern[] InstantPatterns =
    [
        InstantPattern.ExtendedIso,
        InstantPattern.CreateWithInvariantCulture("uuuu'-'MM'-'dd'T'HH':'mm'Z'"),
        InstantPattern.CreateWithInvariantCulture("uuuu'-'MM'-'dd"),
    ];

    /// <summary>A policy trusting every certificate in the PEM files (one or more CERTIFICATE blocks each).</summary>
    public static SignatureTrustPolicy TrustPolicy(IReadOnlyList<string> paths) =>
        new(paths.SelectMany(path => CertificateFile.ReadAll(path, "trust anchor file")).ToList());

    /// <summary>Reads a checkpoint from a checkpoint file (checkpoint.txt) or from an earlier bundle's zip.</summary>
    public static Checkpoint ReadCheckpoint(string path)
    {
        RequireFile(path, "checkpoint file");
        byte[] bytes;
        try
        {
            using var file = File.OpenRead(path);
            var magic = new byte[2];
            var isZip = file.Read(magic) == 2 && magic[0] == (byte)'P' && magic[1] == (byte)'K';
            file.Position = 0;
            bytes = isZip ? FromBundle(file, path) : ReadCapped(file, path);
        }
        catch (InvalidDataException ex)
        {
            throw new UsageException($"'{path}' is neither a checkpoint nor a readable bundle: {ex.Message}");
        }

        try
        {
            return Checkpoint.Parse(bytes);
        }
        catch (FormatException ex)
        {
            throw new UsageException($"'{path}' is not a checkpoint: {ex.Message}");
        }
    }

    /// <summary>Parses an instant given as <c>2026-01-31</c>, <c>2026-01-31T08:00Z</c> or full ISO 8601 in UTC.</summary>
    public static Instant? ParseInstant(string? text, string option)
    {
        if (text is null)
        {
            return null;
        }

        foreach (var pattern in InstantPatterns)
        {
            if (pattern.Parse(text) is { Success: true } result)
            {
                return result.Value;
            }
        }

        throw new UsageException($"{option} '{text}' is not an instant; write it as 2026-01-31, 2026-01-31T08:00Z or 2026-01-31T08:00:00.000000Z (UTC).");
    }

    /// <summary>Opens a bundle for reading, with a clear error when it is not there.</summary>
    public static FileStream OpenBundle(string path)
    {
        RequireFile(path, "bundle");
        return new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan | FileOptions.Asynchronous);
    }

    public static void RequireFile(string path, string what)
    {
        if (!File.Exists(path))
        {
            throw new UsageException($"{what} '{path}' does not exist.");
        }
    }

    private static byte[] FromBundle(FileStream file, string path)
    {
        using var zip = new ZipArchive(file, ZipArchiveMode.Read, leaveOpen: true);
        var entry = zip.GetEntry(BundleFormat.CheckpointFile) ?? throw new UsageException($"'{path}' is a zip without {BundleFormat.CheckpointFile}.");
        using var stream = entry.Open();
        return ReadCapped(stream, path);
    }

    private static byte[] ReadCapped(Stream stream, string path)
    {
        var buffer = new MemoryStream();
        var chunk = new byte[8192];
        int read;
        while ((read = stream.Read(chunk)) > 0)
        {
            buffer.Write(chunk, 0, read);
            if (buffer.Length > Checkpoint.MaxLength)
            {
                throw new UsageException($"'{path}' is larger than any checkpoint ({Checkpoint.MaxLength} bytes).");
            }
        }

        return buffer.ToArray();
    }
}
