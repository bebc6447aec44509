using System.Collections.Concurrent;
using System.Diagnostics;
using System.Runtime.InteropServices;

namespace ComplianceKit.Benchmarks.Anchoring.Phases;

/// <summary>
/// Wall time and thread CPU time per phase of the publisher's runs, summed over an iteration (issue 18: where a checkpoint's
/// time goes). CPU is the calling thread's (Linux <c>CLOCK_THREAD_CPUTIME_ID</c>), counted only when a phase ends on the thread
/// it began on; a phase that awaited real I/O and resumed elsewhere counts its wall time only.
/// </summary>
internal static class PhaseTimings
{
    private const int ThreadCpuClock = 3; // CLOCK_THREAD_CPUTIME_ID

    private static readonly ConcurrentDictionary<string, Totals> Phases = new(StringComparer.Ordinal);

    /// <summary>Times <paramref name="work"/> as <paramref name="phase"/>.</summary>
    public static async Task<T> TimeAsync<T>(string phase, Func<Task<T>> work)
    {
        var thread = Environment.CurrentManagedThreadId;
        var cpu = ThreadCpuNanoseconds();
        var started = Stopwatch.GetTimestamp();
        try
        {
            return await work().ConfigureAwait(false);
        }
        finally
        {
            var wall = Stopwatch.GetElapsedTime(started);
            var sameThread = thread == Environment.CurrentManagedThreadId;
            Phases.GetOrAdd(phase, _ => new Totals()).Add(wall, sameThread ? ThreadCpuNanoseconds() - cpu : null);
        }
    }

    /// <summary>Times <paramref name="work"/> as <paramref name="phase"/>.</summary>
    public static Task TimeAsync(string phase, Func<Task> work) => TimeAsync(phase, async () =>
    {
        await work().ConfigureAwait(false);
        return true;
    });

    /// <summary>One line per phase (calls, wall and CPU summed and per call, in ms); then starts afresh.</summary>
    public static string TakeSummary()
    {
        var lines = Phases.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => p.Value.Take(p.Key)).Where(l => l is not null);
        return string.Join(Environment.NewLine, lines);
    }

    private static long ThreadCpuNanoseconds() => OperatingSystem.IsLinux() && clock_gettime(ThreadCpuClock, out var t) == 0 ? (t.Seconds * 1_000_000_000) + t.Nanoseconds : 0;

    [DllImport("libc", SetLastError = false)]
#pragma warning disable SYSLIB1054, CA5392 // a benchmark-only probe; LibraryImport would need unsafe code
    private static extern int clock_gettime(int clock, out TimeSpec time);
#pragma warning restore SYSLIB1054, CA5392

    [StructLayout(LayoutKind.Sequential)]
    private struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    private sealed class Totals
    {
        private readonly Lock _gate = new();
        private int _calls;
        private TimeSpan _wall;
        private long _cpuNanoseconds;
        private int _cpuCalls;

        public void Add(TimeSpan wall, long? cpuNanoseconds)
        {
            lock (_gate)
            {
                _calls++;
                _wall += wall;
                if (cpuNanoseconds is { } cpu)
                {
                    _cpuNanoseconds += cpu;
                    _cpuCalls++;
                }
            }
        }

        public string? Take(string phase)
        {
            lock (_gate)
            {
                if (_calls == 0)
                {
                    return null;
                }

                var cpu = _cpuNanoseconds / 1e6;
                var line = $"//   {phase,-28} calls {_calls,5}, wall {_wall.TotalMilliseconds,8:F1} ms ({_wall.TotalMilliseconds / _calls,6:F2} per call), " +
                    $"thread CPU {cpu,8:F1} ms ({(_cpuCalls == 0 ? 0 : cpu / _cpuCalls),6:F2} per call, {_cpuCalls} calls on one thread)";
                (_calls, _wall, _cpuNanoseconds, _cpuCalls) = (0, TimeSpan.Zero, 0, 0);
                return line;
            }
        }
    }
}
