using System.Diagnostics;
using System.Globalization;
using ComplianceKit.Bundles;

namespace ComplianceKit.Cli.Bundles;

/// <summary>Shows verification progress on stderr at most every two seconds, so small bundles print nothing.</summary>
internal sealed class ProgressPrinter(TextWriter error) : IProgress<BundleProgress>
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(2);
    private readonly Stopwatch _since = Stopwatch.StartNew();
    private readonly Lock _gate = new();
    private TimeSpan _last;

    public void Report(BundleProgress value)
    {
        lock (_gate)
        {
            var elapsed = _since.Elapsed;
            if (elapsed - _last < Interval || value.EntriesRead >= value.EntriesExpected)
            {
                return;
            }

            _last = elapsed;
            var percent = value.BytesExpected > 0 ? 100.0 * value.BytesRead / value.BytesExpected : 0;
            error.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"verifying: {value.EntriesRead:N0} of {value.EntriesExpected:N0} entries ({percent:F0}% of entries.jsonl), {elapsed.TotalSeconds:F0} s"));
        }
    }
}
