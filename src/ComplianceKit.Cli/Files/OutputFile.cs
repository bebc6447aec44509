using ComplianceKit.Cli.Hosting;

namespace ComplianceKit.Cli.Files;

/// <summary>
/// A file a command is about to write, checked before any work: an existing file is refused unless <c>--force</c>, and
/// the command's own inputs and any ComplianceKit ledger (or its side files) are refused whatever the flags. The bytes go
/// to a new temporary file beside the target, flushed to disk, then renamed into place, so a crash leaves the old file or
/// the new one, never half of one.
/// </summary>
internal sealed class OutputFile
{
    private readonly bool _force;

    private OutputFile(string path, bool force)
    {
        Path = path;
        _force = force;
    }

    /// <summary>The full path that will be written.</summary>
    public string Path { get; }

    /// <summary>Checks that <paramref name="path"/> may be written; throws <see cref="OutputRefusedException"/> when not.</summary>
    /// <param name="path">The output as the user named it.</param>
    /// <param name="option">The option that named it, for the message (<c>--out</c>).</param>
    /// <param name="force">Whether the user allowed replacing an existing file that is neither an input nor a ledger.</param>
    /// <param name="inputs">Every file the command reads; null entries are ignored.</param>
    public static OutputFile Plan(string path, string option, bool force, params string?[] inputs) => Plan(path, option, force, offersForce: true, inputs);

    /// <summary>Like <see cref="Plan(string, string, bool, string?[])"/> for a command that never replaces a file (<c>init</c>): it has no <c>--force</c>.</summary>
    public static OutputFile PlanNew(string path, string option, params string?[] inputs) => Plan(path, option, force: false, offersForce: false, inputs);

    private static OutputFile Plan(string path, string option, bool force, bool offersForce, string?[] inputs)
    {
        var full = Resolve(path);
        foreach (var input in inputs)
        {
            if (input is not null && (string.Equals(Resolve(input), full, StringComparison.Ordinal) || IsSideFileOf(full, Resolve(input))))
            {
                throw new OutputRefusedException($"{option} '{path}' is one of this command's inputs ('{input}'); it is never written over. Choose another file.");
            }
        }

        if (Directory.Exists(full))
        {
            throw new OutputRefusedException($"{option} '{path}' is a directory; name a file.");
        }

        if (LedgerFile.IsLedgerOrItsSideFile(full))
        {
            throw new OutputRefusedException($"{option} '{path}' is a ComplianceKit ledger; no command writes over a ledger, with or without --force. Choose another file.");
        }

        if (File.Exists(full) && !force)
        {
            throw new OutputRefusedException($"{option} '{path}' already exists; nothing was written. Choose another file{(offersForce ? ", or add --force to replace it" : "; it is never replaced")}.");
        }

        if (System.IO.Path.GetDirectoryName(full) is { } folder && !Directory.Exists(folder))
        {
            throw new UsageException($"the folder of {option} '{path}' does not exist.");
        }

        return new OutputFile(full, force);
    }

    /// <summary>Writes the file through <paramref name="write"/> into a temporary file, then renames it into place.</summary>
    /// <exception cref="OutputRefusedException">The target appeared, or became a ledger, while writing; the temporary file is removed.</exception>
    public async Task<T> WriteAsync<T>(Func<Stream, CancellationToken, Task<T>> write, CancellationToken cancellationToken)
    {
        var temporary = TemporaryPath();
        try
        {
            T result;
            var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 1 << 16, FileOptions.Asynchronous);
            await using (stream.ConfigureAwait(false))
            {
                result = await write(stream, cancellationToken).ConfigureAwait(false);
                await stream.FlushAsync(cancellationToken).ConfigureAwait(false);
                stream.Flush(flushToDisk: true); // durable before it takes the name
            }

            Commit(temporary);
            return result;
        }
        catch
        {
            File.Delete(temporary);
            throw;
        }
    }

    /// <summary>Writes <paramref name="bytes"/> as the file's whole content.</summary>
    public Task WriteAllBytesAsync(ReadOnlyMemory<byte> bytes, CancellationToken cancellationToken) =>
        WriteAsync(async (stream, ct) =>
        {
            await stream.WriteAsync(bytes, ct).ConfigureAwait(false);
            return true;
        }, cancellationToken);

    /// <summary>A new, unused name beside the target (same file system, so the rename is atomic).</summary>
    public string TemporaryPath() =>
        System.IO.Path.Combine(System.IO.Path.GetDirectoryName(Path)!, $".{System.IO.Path.GetFileName(Path)}.{Guid.NewGuid():N}.partial");

    /// <summary>Moves a finished temporary file onto the target: replacing only with --force, never a ledger.</summary>
    public void Commit(string temporary)
    {
        if (LedgerFile.IsLedgerOrItsSideFile(Path))
        {
            throw new OutputRefusedException($"'{Path}' became a ComplianceKit ledger while this command ran; it was not written over.");
        }

        try
        {
            // Without --force the move itself refuses an existing target, so a file created meanwhile is kept too.
            File.Move(temporary, Path, overwrite: _force);
        }
        catch (IOException) when (!_force && File.Exists(Path))
        {
            throw new OutputRefusedException($"'{Path}' appeared while this command ran; it was not written over. Add --force to replace it.");
        }
    }

    private static bool IsSideFileOf(string candidate, string input) =>
        candidate.StartsWith(input, StringComparison.Ordinal) && candidate[input.Length..] is "-wal" or "-shm" or "-journal";

    // The same file under another name (a symbolic link, a relative path) is the same file.
    private static string Resolve(string path)
    {
        var full = System.IO.Path.GetFullPath(path);
        try
        {
            return File.Exists(full) && new FileInfo(full).ResolveLinkTarget(returnFinalTarget: true) is { } target
                ? System.IO.Path.GetFullPath(target.FullName)
                : full;
        }
        catch (IOException)
        {
            return full;
        }
    }
}
