using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace ComplianceKit.EntityFrameworkCore.Tests.Faults;

/// <summary>
/// A PostgreSQL cluster of this test's own (initdb in a temporary folder, its own port and socket folder, run as the
/// postgres user when the tests run as root), so the test may kill and restart it; the shared test server is never touched.
/// </summary>
internal sealed class PrivatePostgresCluster : IDisposable
{
    private readonly string _bin;
    private readonly string _folder;

    private PrivatePostgresCluster(string bin, string folder, int port)
    {
        _bin = bin;
        _folder = folder;
        Port = port;
    }

    public int Port { get; }

    public string ConnectionString =>
        $"Host=127.0.0.1;Port={Port};Username=postgres;Database=postgres;Maximum Pool Size=100;Timeout=5;Command Timeout=15";

    /// <summary>Why the cluster cannot run here, or null: it needs PostgreSQL's server binaries and root (to run them as postgres).</summary>
    public static string? Unavailable =>
        FindBin() is null ? "PostgreSQL server binaries are not installed (/usr/lib/postgresql/*/bin); .ci/run installs them."
        : !OperatingSystem.IsLinux() || Environment.UserName != "root" ? "needs root, to run a private cluster as the postgres user." : null;

    public static PrivatePostgresCluster Start()
    {
        var bin = FindBin() ?? throw new InvalidOperationException(Unavailable);
        var folder = Directory.CreateTempSubdirectory("compliancekit-pg-fault-").FullName;
        Run("chown", "postgres:postgres", folder);
        var cluster = new PrivatePostgresCluster(bin, folder, FreePort());
        cluster.AsPostgres("initdb", "-D", cluster.Data, "-A", "trust", "-U", "postgres");
        cluster.AsPostgres("pg_ctl", "-D", cluster.Data, "-w", "-l", Path.Combine(folder, "server.log"), "-o",
            $"-c listen_addresses=127.0.0.1 -p {cluster.Port} -k {folder} -c max_connections=120 -c fsync=on", "start");
        return cluster;
    }

    private string Data => Path.Combine(_folder, "data");

    /// <summary>Kills the server without a clean shutdown (<c>pg_ctl restart -m immediate</c>) and waits until it accepts connections again.</summary>
    public void RestartImmediately() => AsPostgres("pg_ctl", "-D", Data, "-m", "immediate", "-w", "-l", Path.Combine(_folder, "server.log"), "restart");

    public void Dispose()
    {
        try
        {
            AsPostgres("pg_ctl", "-D", Data, "-m", "immediate", "stop");
        }
        finally
        {
            Directory.Delete(_folder, recursive: true);
        }
    }

    private void AsPostgres(string program, params string[] arguments) =>
        Run("runuser", ["-u", "postgres", "--", Path.Combine(_bin, program), .. arguments]);

    private static string? FindBin() =>
        Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql").Select(d => Path.Combine(d, "bin"))
                .Where(d => File.Exists(Path.Combine(d, "pg_ctl"))).OrderBy(d => d, StringComparer.Ordinal).LastOrDefault()
            : null;

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static void Run(string program, params string[] arguments)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{program} {string.Join(' ', arguments)} failed ({process.ExitCode}): {error} {output.Result}");
        }
    }
}
