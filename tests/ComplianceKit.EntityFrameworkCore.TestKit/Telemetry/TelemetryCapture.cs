using System.Diagnostics;
using ComplianceKit.Telemetry;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace ComplianceKit.EntityFrameworkCore.TestKit.Telemetry;

/// <summary>
/// OpenTelemetry's SDK wired the way the docs tell a host (<c>AddSource("ComplianceKit")</c>, <c>AddMeter("ComplianceKit")</c>),
/// exporting into memory. Tests run in parallel in one process, so every question is about one chain.
/// </summary>
internal sealed class TelemetryCapture : IDisposable
{
    private readonly List<Activity> _spans = [];
    private readonly List<Metric> _metrics = [];
    private readonly TracerProvider _tracing;
    private readonly MeterProvider _metering;

    public TelemetryCapture()
    {
        _tracing = Sdk.CreateTracerProviderBuilder().AddSource("ComplianceKit").AddInMemoryExporter(_spans).Build();
        _metering = Sdk.CreateMeterProviderBuilder().AddMeter("ComplianceKit").AddInMemoryExporter(_metrics).Build();
    }

    /// <summary>The finished spans named <paramref name="name"/> about <paramref name="chain"/>.</summary>
    public IReadOnlyList<Activity> Spans(string name, string chain)
    {
        _tracing.ForceFlush();
        lock (_spans)
        {
            return _spans.Where(s => s.OperationName == name && Equals(s.GetTagItem(ComplianceKitTagNames.Chain), chain)).ToList();
        }
    }

    /// <summary>Every tag of every span and metric point about <paramref name="chain"/> (for the no-PHI checks).</summary>
    public IReadOnlyList<KeyValuePair<string, object?>> AllTags(string chain)
    {
        var tags = new List<KeyValuePair<string, object?>>();
        _tracing.ForceFlush();
        lock (_spans)
        {
            tags.AddRange(_spans.Where(s => Equals(s.GetTagItem(ComplianceKitTagNames.Chain), chain)).SelectMany(s => s.TagObjects));
        }

        foreach (var point in Points(chain, metricName: null))
        {
            foreach (var tag in point.Tags)
            {
                tags.Add(tag);
            }
        }

        return tags;
    }

    /// <summary>The sum of counter <paramref name="name"/> for <paramref name="chain"/>, over points matching <paramref name="tag"/> if given.</summary>
    public long Sum(string name, string chain, KeyValuePair<string, object?>? tag = null) =>
        Points(chain, name).Where(p => tag is null || HasTag(p, tag.Value)).Sum(p => p.GetSumLong());

    /// <summary>How many values histogram <paramref name="name"/> recorded for <paramref name="chain"/>, and their sum.</summary>
    public (long Count, double Sum) Histogram(string name, string chain)
    {
        var points = Points(chain, name).ToList();
        return (points.Sum(p => p.GetHistogramCount()), points.Sum(p => p.GetHistogramSum()));
    }

    /// <summary>The last value of gauge <paramref name="name"/> for <paramref name="chain"/>, or null when not observed in the last collection.</summary>
    public long? Gauge(string name, string chain)
    {
        var points = Points(chain, name).ToList();
        return points.Count == 0 ? null : points[^1].GetGaugeLastValueLong();
    }

    public void Dispose()
    {
        _tracing.Dispose();
        _metering.Dispose();
    }

    private List<MetricPoint> Points(string chain, string? metricName)
    {
        var points = new List<MetricPoint>();
        lock (_metrics)
        {
            // Cumulative: one collection holds every total, so the list keeps only the newest.
            _metrics.Clear();
            _metering.ForceFlush();
            foreach (var metric in _metrics.Where(m => metricName is null || m.Name == metricName))
            {
                foreach (ref readonly var point in metric.GetMetricPoints())
                {
                    if (HasTag(point, new(ComplianceKitTagNames.Chain, chain)))
                    {
                        points.Add(point);
                    }
                }
            }
        }

        return points;
    }

    private static bool HasTag(MetricPoint point, KeyValuePair<string, object?> wanted)
    {
        foreach (var tag in point.Tags)
        {
            if (tag.Key == wanted.Key && Equals(tag.Value, wanted.Value))
            {
                return true;
            }
        }

        return false;
    }
}
