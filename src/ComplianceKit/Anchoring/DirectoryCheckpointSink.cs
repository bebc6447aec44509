using System.Globalization;
using System.Text;
using ComplianceKit.Ledger;

namespace ComplianceKit.Anchoring;

/// <summary>
/// A sink that keeps checkpoints as files in a directory (docs/FORMAT.md 13.2): per origin a folder, per checkpoint
/// <c>&lt;size, 20 digits&gt;.txt</c> (the exact checkpoint bytes) and <c>.p7s</c> (the organisation's signature, DER),
/// plus one <c>index</c> line per checkpoint. Append-only: a file is written to a temporary name, flushed to disk, then
/// renamed to a name that must not exist yet, so a crash leaves either the whole file or a temporary one readers ignore;
/// an existing checkpoint is never written over (the same bytes again succeed, others are a conflict). A restore statement
/// (<see cref="PublishRestoreAsync"/>) opens the folder <c>restore-&lt;n, 8 digits&gt;</c> under the origin's folder, which then
/// holds the statement and the checkpoints of the history after the restore, so the lost history's files stay as they were.
/// Point it at storage the database operator cannot rewrite (docs/ANCHORING.md).
/// </summary>
/// <remarks>Thread-safe for one process; several processes publishing into one directory is not supported.</remarks>
public sealed class DirectoryCheckpointSink : ICheckpointCosignatureSink
{
    /// <summary>The index file at the directory's root: one line per checkpoint, appended after its files are durable.</summary>
    public const string IndexFile = "index";

    /// <summary>The name of a restore statement's file (and, with <c>.p7s</c>, its signature) in the folder the restore opens.</summary>
    public const string RestoreStatementFile = "statement.txt";

    private const string RestoreFolderPrefix = "restore-";

    private readonly Lock _gate = new();

    /// <summary>What each origin's folder held when last read, with the index length it was read at (<see cref="History"/>).</summary>
    private readonly Dictionary<string, OriginHistory> _histories = new(StringComparer.Ordinal);

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
        var stem = checkpoint.Checkpoint.TreeSize.ToString("D20", CultureInfo.InvariantCulture);
        lock (_gate)
        {
            try
            {
                var history = History(checkpoint.Checkpoint.Origin);
                var (folder, restore) = (history.Folder, history.Restore);
                var text = Path.Combine(folder, stem + ".txt");
                if (restore is not null && checkpoint.Checkpoint.TreeSize <= restore.RestoredTo.TreeSize)
                {
                    // The restored-to checkpoint is held in the history before the restore; anything else this small is not of this history.
                    return checkpoint.Checkpoint.TreeSize == restore.RestoredTo.TreeSize && restore.RestoredTo.ToBytes().AsSpan().SequenceEqual(body)
                        ? Task.CompletedTask
                        : throw new CheckpointSinkException($"The checkpoint of {checkpoint.Checkpoint.Origin} at size {checkpoint.Checkpoint.TreeSize} is not the one "
                            + $"{folder} was restored to (size {restore.RestoredTo.TreeSize}); it was not written.") { IsConflict = true };
                }

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
                var line = Encoding.UTF8.GetBytes($"{checkpoint.Checkpoint.Origin} {checkpoint.Checkpoint.TreeSize} {Convert.ToBase64String(checkpoint.Checkpoint.Root)} "
                    + $"{Path.GetRelativePath(Directory, text).Replace('\\', '/')}\n");
                var indexLength = AppendIndex(line);
                Remember(checkpoint.Checkpoint, history, text, line.Length, indexLength);
                return Task.CompletedTask;
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
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
        lock (_gate)
        {
            try
            {
                // Beside the checkpoint in the current history (after a restore, its restore-<n> folder).
                var text = Path.Combine(History(checkpoint.Origin).Folder, checkpoint.TreeSize.ToString("D20", CultureInfo.InvariantCulture) + ".txt");
                var file = CosignatureFile(text, witnessSha256);
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
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                throw new CheckpointSinkException($"The co-signature of {checkpoint.Origin} at size {checkpoint.TreeSize} could not be written to {Directory}: {ex.Message}", ex);
            }
        }
    }

    /// <inheritdoc />
    /// <remarks>
    /// What the origin's folder holds is kept in memory and used again while the <see cref="IndexFile"/> has the same length (every
    /// checkpoint and restore statement written here appends a line to it, from this process or another) and the newest checkpoint's
    /// file is still there; otherwise the folder is read again. So a publisher asking on every run reads the folder once per
    /// checkpoint, not on every run.
    /// </remarks>
    public Task<long?> GetNewestTreeSizeAsync(string origin, CancellationToken cancellationToken = default)
    {
        var folder = Path.Combine(Directory, FolderOf(origin));
        try
        {
            lock (_gate)
            {
                var history = History(origin);
                return Task.FromResult(history.NewestSize ?? history.Restore?.RestoredTo.TreeSize);
            }
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
            found.Add(new StoredCheckpoint(Path.GetRelativePath(directory, file), new SignedCheckpoint(checkpoint, File.ReadAllBytes(stem + ".p7s")), cosignatures)
            {
                Epoch = EpochOf(folder),
            });
        }

        return found;
    }

    /// <summary>
    /// Publishes a restore statement: checks that the newest checkpoint this sink holds for its origin is the statement's lost one
    /// (the history the statement says is gone is the one published here), then opens the next <c>restore-&lt;n&gt;</c> folder with
    /// the statement's <c>.p7s</c> and then its <c>.txt</c>, each written durably as a checkpoint is. The same statement again is a no-op.
    /// </summary>
    /// <exception cref="CheckpointSinkException">The sink's newest checkpoint is not the statement's lost one (a conflict), or it could not be written.</exception>
    public Task PublishRestoreAsync(SignedRestoreStatement restore, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(restore);
        cancellationToken.ThrowIfCancellationRequested();
        var statement = restore.Statement;
        var body = statement.ToBytes();
        lock (_gate)
        {
            try
            {
                var (current, previous) = CurrentHistory(statement.Origin);
                if (previous is not null && previous.ToBytes().AsSpan().SequenceEqual(body) && NewestIn(current) is null)
                {
                    return Task.CompletedTask;
                }

                var newest = NewestIn(current);
                if (newest is null || newest.TreeSize != statement.Lost.TreeSize || !newest.Root.AsSpan().SequenceEqual(statement.Lost.Root))
                {
                    throw new CheckpointSinkException($"{current} holds {(newest is null ? "no checkpoint" : $"size {newest.TreeSize} as its newest checkpoint")} of "
                        + $"{statement.Origin}, not the lost size {statement.Lost.TreeSize} the restore statement names; it was not written.") { IsConflict = true };
                }

                var origin = Path.Combine(Directory, FolderOf(statement.Origin));
                var folder = Path.Combine(origin, RestoreFolderPrefix + (EpochOf(current) + 1).ToString("D8", CultureInfo.InvariantCulture));
                System.IO.Directory.CreateDirectory(folder);
                var text = Path.Combine(folder, RestoreStatementFile);
                WriteNew(text[..^4] + ".p7s", restore.Signature, replaceUnpublished: true);
                WriteNew(text, body, replaceUnpublished: false);
                AppendIndex($"{statement.Origin} restored {statement.RestoredTo.TreeSize} {Convert.ToBase64String(statement.RestoredTo.Root)} {statement.Lost.TreeSize} "
                    + $"{Convert.ToBase64String(statement.Lost.Root)} {Path.GetRelativePath(Directory, text).Replace('\\', '/')}\n");
                return Task.CompletedTask;
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                throw new CheckpointSinkException($"The restore statement of {statement.Origin} could not be written to {Directory}: {ex.Message}", ex);
            }
        }
    }

    /// <summary>Reads every restore statement under <paramref name="directory"/> (any origin), each with its signature and the epoch it opens.</summary>
    /// <exception cref="FormatException">A statement file does not parse or has no signature beside it.</exception>
    public static IReadOnlyList<StoredRestoreStatement> ReadRestores(string directory)
    {
        var found = new List<StoredRestoreStatement>();
        foreach (var file in System.IO.Directory.EnumerateFiles(directory, RestoreStatementFile, SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            var folder = Path.GetDirectoryName(file)!;
            if (EpochOf(folder) == 0)
            {
                continue;
            }

            RestoreStatement statement;
            try
            {
                statement = RestoreStatement.Parse(File.ReadAllBytes(file));
            }
            catch (FormatException ex)
            {
                throw new FormatException($"{file} is not a restore statement: {ex.Message}", ex);
            }

            var signature = file[..^4] + ".p7s";
            if (!File.Exists(signature))
            {
                throw new FormatException($"{file} has no signature beside it ({Path.GetFileName(signature)}).");
            }

            found.Add(new StoredRestoreStatement(Path.GetRelativePath(directory, file), new SignedRestoreStatement(statement, File.ReadAllBytes(signature)), EpochOf(folder)));
        }

        return found;
    }

    /// <summary>The file a witness co-signature of the checkpoint in <paramref name="checkpointFile"/> is kept in, named by the witness certificate's SHA-256.</summary>
    public static string CosignatureFile(string checkpointFile, string witnessCertificateSha256) =>
        checkpointFile[..^4] + ".cosig." + witnessCertificateSha256 + ".p7s";

    /// <summary>
    /// The origin's current history as <see cref="CurrentHistory"/> reads it, with its newest checkpoint; kept in memory while the index
    /// has the same length and that checkpoint's file is still there. Called under the gate.
    /// </summary>
    private OriginHistory History(string origin)
    {
        var index = new FileInfo(Path.Combine(Directory, IndexFile));
        var indexLength = index.Exists ? index.Length : -1;
        if (_histories.TryGetValue(origin, out var known) && known.IndexLength == indexLength && (known.NewestFile is null || File.Exists(known.NewestFile)))
        {
            return known;
        }

        var (folder, restore) = CurrentHistory(origin);
        var newestFile = NewestFileIn(folder);
        var history = new OriginHistory(folder, restore, newestFile, newestFile is null ? null : Checkpoint.Parse(File.ReadAllBytes(newestFile)).TreeSize, indexLength);
        _histories[origin] = history;
        return history;
    }

    /// <summary>The folder the origin's current history is published to (its newest complete restore folder, else its own) and the statement that opened it.</summary>
    private (string Folder, RestoreStatement? Restore) CurrentHistory(string origin)
    {
        var folder = Path.Combine(Directory, FolderOf(origin));
        if (!System.IO.Directory.Exists(folder))
        {
            return (folder, null);
        }

        var newest = System.IO.Directory.EnumerateDirectories(folder, RestoreFolderPrefix + "*")
            .Where(d => EpochOf(d) > 0 && File.Exists(Path.Combine(d, RestoreStatementFile)))
            .OrderByDescending(EpochOf).FirstOrDefault();
        return newest is null ? (folder, null) : (newest, RestoreStatement.Parse(File.ReadAllBytes(Path.Combine(newest, RestoreStatementFile))));
    }

    /// <summary>The largest checkpoint directly in <paramref name="folder"/>, or <see langword="null"/>.</summary>
    private static Checkpoint? NewestIn(string folder) => NewestFileIn(folder) is { } newest ? Checkpoint.Parse(File.ReadAllBytes(newest)) : null;

    /// <summary>The file of the largest checkpoint directly in <paramref name="folder"/>, or <see langword="null"/>.</summary>
    private static string? NewestFileIn(string folder) => System.IO.Directory.Exists(folder)
        ? System.IO.Directory.EnumerateFiles(folder, "*.txt").Where(f => TreeSizeOf(f) is not null).Order(StringComparer.Ordinal).LastOrDefault()
        : null;

    /// <summary>The epoch a folder holds: <c>n</c> for <c>restore-&lt;n, 8 digits&gt;</c>, else 0.</summary>
    private static int EpochOf(string folder)
    {
        var name = Path.GetFileName(folder);
        return name.Length == RestoreFolderPrefix.Length + 8 && name.StartsWith(RestoreFolderPrefix, StringComparison.Ordinal)
            && int.TryParse(name.AsSpan(RestoreFolderPrefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out var epoch) ? epoch : 0;
    }

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

    private void AppendIndex(string line) => AppendIndex(Encoding.UTF8.GetBytes(line));

    /// <summary>Appends <paramref name="line"/> to the index and flushes it to disk; returns the index's length after it.</summary>
    private long AppendIndex(byte[] line)
    {
        using var stream = new FileStream(Path.Combine(Directory, IndexFile), FileMode.Append, FileAccess.Write, FileShare.Read);
        stream.Write(line);
        stream.Flush(flushToDisk: true);
        return stream.Length;
    }

    /// <summary>
    /// After this sink wrote <paramref name="written"/>: when the index grew by exactly its line since <paramref name="before"/> was
    /// read, nothing else was written meanwhile, so the kept history moves on to it; otherwise it is dropped and read again next time.
    /// </summary>
    private void Remember(Checkpoint written, OriginHistory before, string file, int lineLength, long indexLength)
    {
        if (indexLength != Math.Max(before.IndexLength, 0) + lineLength)
        {
            _histories.Remove(written.Origin);
            return;
        }

        _histories[written.Origin] = before.NewestSize is { } newest && newest >= written.TreeSize
            ? before with { IndexLength = indexLength }
            : before with { NewestFile = file, NewestSize = written.TreeSize, IndexLength = indexLength };
    }

    /// <summary>An origin's current history folder, the restore statement that opened it, and its newest checkpoint (file and size).</summary>
    private sealed record OriginHistory(string Folder, RestoreStatement? Restore, string? NewestFile, long? NewestSize, long IndexLength);
}
