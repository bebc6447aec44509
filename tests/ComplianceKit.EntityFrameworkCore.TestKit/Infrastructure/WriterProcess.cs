using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;

namespace ComplianceKit.EntityFrameworkCore.TestKit.Infrastructure;

/// <summary>Starts ComplianceKit.WriterProcess as a real separate process and collects the batches it acknowledges.</summary>
public sealed class WriterProcess : IDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _acknowledged = new();
    private readonly StringWriter _errors = new();
    private readonly TaskCompletionSource _firstAck = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private WriterProcess(Process process)
    {
        _process = process;
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is { } line && line.StartsWith("ACK ", StringComparison.Ordinal))
            {
                _acknowledged.Enqueue(line[4..]);
                _firstAck.TrySetResult();
            }
        };
        process.ErrorDataReceived += (_, e) =>
        {
            lock (_errors)
            {
                _errors.WriteLine(e.Data);
            }
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    /// <summary>Batch ids ("tag.writer-batch") whose append returned.</summary>
    public IReadOnlyCollection<string> Acknowledged => _acknowledged;

    /// <summary>Starts a writer process.</summary>
    public static WriterProcess Start(TestDatabase db, string chain, string tag, int writers, int batches, int batchSize) =>
        Launch(db.Engine.Name, db.ConnectionString, db.Schema ?? "-", chain, tag, Text(writers), Text(batches), Text(batchSize));

    /// <summary>
    /// Starts a process whose <paramref name="callers"/> record access events through one group-commit log;
    /// it acknowledges each event by its record reference ("tag/caller/index").
    /// </summary>
    public static WriterProcess StartAccessStorm(TestDatabase db, string chain, string tag, int callers, int eventsPerCaller, byte[] pseudonymKey) =>
        Launch("access-storm", db.Engine.Name, db.ConnectionString, db.Schema ?? "-", chain, tag, Text(callers), Text(eventsPerCaller),
            Convert.ToHexString(pseudonymKey));

    /// <summary>Waits until at least <paramref name="count"/> acknowledgements arrived; fails with stderr if the process exits first.</summary>
    public async Task WaitForAcknowledgementsAsync(int count, TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        while (_acknowledged.Count < count)
        {
            if (_process.HasExited)
            {
                _process.WaitForExit();
                Assert.True(_acknowledged.Count >= count, $"writer exited {_process.ExitCode} after {_acknowledged.Count} acknowledgements: {_errors}");
                return;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(20), cts.Token);
        }
    }

    /// <summary>Waits for the process to exit and fails with its stderr if it did not exit 0.</summary>
    public async Task WaitForSuccessAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        await _process.WaitForExitAsync(cts.Token);
        _process.WaitForExit(); // drains the output handlers
        Assert.True(_process.ExitCode == 0, $"writer exited {_process.ExitCode}: {_errors}");
    }

    /// <summary>Waits until at least one batch is acknowledged; fails at once with stderr if the process exits first.</summary>
    public async Task WaitForFirstAcknowledgementAsync(TimeSpan timeout)
    {
        var exited = _process.WaitForExitAsync();
        var first = await Task.WhenAny(_firstAck.Task, exited).WaitAsync(timeout);
        if (first == exited && !_firstAck.Task.IsCompleted)
        {
            _process.WaitForExit();
            Assert.Fail($"writer exited {_process.ExitCode} before acknowledging anything: {_errors}");
        }
    }

    /// <summary>Kills the process at once, as a crash would.</summary>
    public void Kill()
    {
        _process.Kill(entireProcessTree: true);
        _process.WaitForExit();
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        _process.Dispose();
        _errors.Dispose();
    }

    private static WriterProcess Launch(params string[] args)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(WriterDll());
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        return new WriterProcess(Process.Start(info) ?? throw new InvalidOperationException("Could not start the writer process."));
    }

    private static string Text(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static string WriterDll()
    {
        // tests/<This>/bin/<Configuration>/net10.0 -> tests/ComplianceKit.WriterProcess/bin/<Configuration>/net10.0
        var here = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var framework = here.Name;
        var configuration = here.Parent!.Name;
        var tests = here.Parent.Parent!.Parent!.Parent!.FullName;
        var path = Path.Combine(tests, "ComplianceKit.WriterProcess", "bin", configuration, framework, "ComplianceKit.WriterProcess.dll");
        return File.Exists(path) ? path : throw new FileNotFoundException("Build the solution first: the writer process is missing.", path);
    }
}
