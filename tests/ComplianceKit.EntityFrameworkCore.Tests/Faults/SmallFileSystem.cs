using System.Diagnostics;

namespace ComplianceKit.EntityFrameworkCore.Tests.Faults;

/// <summary>A tmpfs of a few megabytes mounted for one test (root only), to fill the disk under the ledger on purpose.</summary>
internal sealed class SmallFileSystem : IDisposable
{
    private SmallFileSystem(string path) => Path = path;

    public string Path { get; }

    public static SmallFileSystem Mount(int megabytes)
    {
        var path = Directory.CreateTempSubdirectory("compliancekit-full-").FullName;
        Run("mount", "-t", "tmpfs", "-o", $"size={megabytes}m", "tmpfs", path);
        return new SmallFileSystem(path);
    }

    /// <summary>Gives the file system more room without touching its files: the space returns.</summary>
    public void Grow(int megabytes) => Run("mount", "-o", $"remount,size={megabytes}m", Path);

    /// <summary>Writes a file until the file system refuses another byte; returns its path.</summary>
    public string FillUp()
    {
        var filler = System.IO.Path.Combine(Path, "filler");
        using var file = new FileStream(filler, FileMode.CreateNew, FileAccess.Write, FileShare.None, bufferSize: 0);
        var block = new byte[4096];
        try
        {
            while (true)
            {
                file.Write(block);
            }
        }
        catch (IOException)
        {
            // ENOSPC: the disk is full, as intended.
        }

        return filler;
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Run("umount", Path);
        Directory.Delete(Path);
    }

    private static void Run(string program, params string[] arguments)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{program} {string.Join(' ', arguments)} failed: {error}");
        }
    }
}
