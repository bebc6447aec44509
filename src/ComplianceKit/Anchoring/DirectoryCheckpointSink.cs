using System.Globalization;
using System.Text;
using ComplianceKit.Bundles;
using ComplianceKit.Ledger;

namespace ComplianceKit.Anchoring;

/// <summary>
/// A sink that keeps checkpoints as files in a directory (docs/FORMAT.md 13.2): per origin a folder, per checkpoint
/// <c>&lt;size, 20 digits&gt;.txt</c> (the exact checkpoint bytes) and <c>.p7s</c> (the organisation's signature, DER),
/// plus one <c>index</c> line per checkpoint. Append-only: a file is written to a temporary name, flushed to disk, then
/// renamed to a name that must not exist yet, so a crash leaves either the whole file or a temporary one readers ignore;
/// an existing checkpoint is never written over (the same bytes again succeed, others are a conflict).
/// Point it at storage the database operator cannot rewrite (docs/ANCHORING.md).
/// </summary>
/// <remarks>Thread-safe for one process; several processes publishing into one directory is not supported.</remarks>
public sealed class DirectoryCheckpointSink : ICheckpointCosignatureSink
{
    /// <summary>The index file at the directory's root: one line per checkpoint, appended after its files are durable.</summary>
    public const string IndexFile = "index";

    private readonly Lock _gate = new();

    /// <summary>Creates a sink over <paramref name="directory"/> (created when missing).</summary>
    public DirectoryCheckpointSink(string directory)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        Directory = Path.GetFullPath(directory);
    }

    /// <summary>The directory's full path.</summary>
    public string Directory { get; }

    /// <inheritdoc />
    public string Name => Directory;

    /// <summary>The folder name of an origin: letters, digits, <c>-</c> and <c>_</c> kept, every other character as <c>%XX</c>.</summary>
    public static string FolderOf(string origin)
    {
        ArgumentException.ThrowIfNullOrEmpty(origin);
        var name = new StringBuilder(origin.Length + 8);
        foreach (var c in Encoding.UTF8.GetBytes(origin))
        {
            if (char.IsAsciiLetterOrDigit((char)c) || c == '-' || c == '_')
            {
                name.Append((char)c);
            }
            else
            {
                name.Append('%').Append(c.ToString("X2", CultureInfo.InvariantCulture));
            }
        }

        return name.ToString();
    }

    /// <inheritdoc />
    public Task PublishAsync(SignedCheckpoint checkpoint, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(checkpoint);
        cancellationToken.ThrowIfCancellationRequested();
        var body = checkpoint.Checkpoint.ToBytes();
        var folder = Path.Combine(Directory, FolderOf(checkpoint.Checkpoint.Origin));
        var stem = checkpoint.Checkpoint.TreeSize.ToString("D20", CultureInfo.InvariantCulture);
        var text = Path.Combine(folder, stem + ".txt");
        lock (_gate)
        {
            try
            {
                System.IO.Directory.CreateDirectory(folder);
                if (File.Exists(text))
                {
                    return File.ReadAllBytes(text).AsSpan().SequenceEqual(body)
                        ? Task.CompletedTask
                        : throw new CheckpointSinkException($"{text} already holds another checkpoint of {checkpoint.Checkpoint.Origin} at size "
                            + $"{checkpoint.Checkpoint.TreeSize}: two checkpoints of one size with different roots are a fork; it was not written over.") { IsConflict = true };
                }

                // The signature first, the checkpoint last: a .txt exists only with its .p7s beside it.
                WriteNew(Path.Combine(folder, stem + ".p7s"), checkpoint.Signature, replaceUnpublished: true);
                WriteNew(text, body, replaceUnpublished: false);
                AppendIndex($"{checkpoint.Checkpoint.Origin} {checkpoint.Checkpoint.TreeSize} {Convert.ToBase64String(checkpoint.Checkpoint.Root)} "
                    + $"{FolderOf(checkpoint.Checkpoint.Origin)}/{stem}.txt\n");
                return Task.CompletedTask;
            }
            catch (IOException ex)
            {
                throw new CheckpointSinkException($"The checkpoint of {checkpoint.Checkpoint.Origin} at size {checkpoint.Checkpoint.TreeSize} could not be written to {Directory}: {ex.Message}", ex);
            }
            catch (UnauthorizedAccessException ex)
            {
                throw new CheckpointSinkException($"The checkpoint of {checkpoint.Checkpoint.Origin} at size {checkpoint.Checkpoint.TreeSize} could not be written to {Directory}: {ex.Message}", ex);
            }
        }
    }

    /// <inheritdoc />
    /// <remarks>Written as <see cref="CosignatureFile"/> names it, by the same temporary-file-then-rename as a checkpoint; a witness's co-signature already there is kept.</remarks>
    public Task PublishCosignatureAsync(Checkpoint checkpoint, string witnessSha256, byte[] cosignature, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(checkpoint);
        ArgumentNullException.ThrowIfNull(cosignature);
        PayloadFields.RequireSha256Hex(witnessSha256, nameof(witnessSha256));
        cancellationToken.ThrowIfCancellationRequested();
        var text = Path.Combine(Directory, FolderOf(checkpoint.Origin), checkpoint.TreeSize.ToString("D20", CultureInfo.InvariantCulture) + ".txt");
        var file = CosignatureFile(text, witnessSha256);
        lock (_gate)
        {
            try
            {
                if (!File.Exists(text) || !File.ReadAllBytes(text).AsSpan().SequenceEqual(checkpoint.ToBytes()))
                {
                    throw new CheckpointSinkException($"{text} does not hold the checkpoint of {checkpoint.Origin} at size {checkpoint.TreeSize} the co-signature is for.");
                }

                // One co-signature per witness is kept: a later one by the same witness (another signing time) adds nothing.
                if (!File.Exists(file))
                {
                    WriteNew(file, cosignature, replaceUnpublished: false);
                }

                return Task.CompletedTask;
            }
            catch (IOException ex)
            {
                throw new CheckpointSinkException($"The co-signature of {checkpoint.Origin} at size {checkpoint.TreeSize} could not be written to {Directory}: {ex.Message}", ex);
            }
            catch (UnauthorizedAccessException ex)
            {
                throw new CheckpointSinkException($"The co-signature of {checkpoint.Origin} at size {checkpoint.TreeSize} could not be written to {Directory}: {ex.Message}", ex);
            }
        }
    }

    /// <inheritdoc />
    public Task<long?> GetNewestTreeSizeAsync(string origin, CancellationToken cancellationToken = default)
    {
        var folder = Path.Combine(Directory, FolderOf(origin));
        try
        {
            long? newest = null;
            if (System.IO.Directory.Exists(folder))
            {
                foreach (var file in System.IO.Directory.EnumerateFiles(folder, "*.txt"))
                {
                    if (TreeSizeOf(file) is { } size && (newest is null || size > newest))
                    {
                        newest = size;
                    }
                }
            }

            return Task.FromResult(newest);
        }
        catch (IOException ex)
        {
            throw new CheckpointSinkException($"{folder} cannot be read: {ex.Message}", ex);
        }
    }

    /// <summary>
    /// Reads every checkpoint under <paramref name="directory"/> (any origin), as <c>verify --checkpoints</c> does: each
    /// <c>&lt;size&gt;.txt</c> with its <c>.p7s</c>, and the witness co-signatures beside it (<c>&lt;size&gt;.cosig.*.p7s</c>).
    /// </summary>
    /// <exception cref="FormatException">A checkpoint file does not parse, names another size than its file, or has no signature.</exception>
    public static IReadOnlyList<StoredCheckpoint> ReadAll(string directory)
    {
        var found = new List<StoredCheckpoint>();
        foreach (var file in System.IO.Directory.EnumerateFiles(directory, "*.txt", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            if (TreeSizeOf(file) is not { } size)
            {
                continue;
            }

            var stem = file[..^4];
            Checkpoint checkpoint;
            try
            {
                checkpoint = Checkpoint.Parse(File.ReadAllBytes(file));
            }
            catch (FormatException ex)
            {
                throw new FormatException($"{file} is not a checkpoint: {ex.Message}", ex);
            }

            if (checkpoint.TreeSize != size)
            {
                throw new FormatException($"{file} holds a checkpoint of size {checkpoint.TreeSize}, not the size its name says.");
            }

            if (!File.Exists(stem + ".p7s"))
            {
                throw new FormatException($"{file} has no signature beside it ({Path.GetFileName(stem)}.p7s).");
            }

            var folder = Path.GetDirectoryName(file)!;
            var cosignatures = System.IO.Directory.EnumerateFiles(folder, Path.GetFileName(stem) + ".cosig.*.p7s").Order(StringComparer.Ordinal)
                .Select(File.ReadAllBytes).ToList();
            found.Add(new StoredCheckpoint(Path.GetRelativePath(directory, file), new SignedCheckpoint(checkpoint, File.ReadAllBytes(stem + ".p7s")), cosignatures));
        }

        return found;
    }

    /// <summary>The file a witness co-signature of the checkpoint in <paramref name="checkpointFile"/> is kept in, named by the witness certificate's SHA-256.</summary>
    public static string CosignatureFile(string checkpointFile, string witnessCertificateSha256) =>
        checkpointFile[..^4] + ".cosig." + witnessCertificateSha256 + ".p7s";

    private static long? TreeSizeOf(string file)
    {
        var name = Path.GetFileNameWithoutExtension(file);
        return name.Length == 20 && name.All(char.IsAsciiDigit) && long.TryParse(name, NumberStyles.None, CultureInfo.InvariantCulture, out var size) ? size : null;
    }

    /// <summary>
    /// Writes <paramref name="bytes"/> to a temporary file, flushes it to disk, then renames it to <paramref name="path"/>: never over
    /// an existing file, except a signature left without its checkpoint by a crash (not published until its .txt exists).
    /// </summary>
    internal static void WriteNew(string path, byte[] bytes, bool replaceUnpublished)
    {
        var temporary = path + ".tmp-" + Guid.NewGuid().ToString("N");
        using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None))
        {
            stream.Write(bytes);
            stream.Flush(flushToDisk: true);
        }

        try
        {
            File.Move(temporary, path, overwrite: replaceUnpublished);
        }
        catch (IOException)
        {
            File.Delete(temporary);
            throw;
        }
    }

    private void AppendIndex(string line)
    {
        using var stream = new FileStream(Path.Combine(Directory, IndexFile), FileMode.Append, FileAccess.Write, FileShare.Read);
        stream.Write(Encoding.UTF8.GetBytes(line));
        stream.Flush(flushToDisk: true);
    }
}
