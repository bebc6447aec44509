using System.Diagnostics;
using System.Diagnostics.Metrics;
using ComplianceKit.Anchoring;
using ComplianceKit.Ledger;
using ComplianceKit.Signing;
using ComplianceKit.Telemetry;
using ComplianceKit.Tests.Signing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using NodaTime;
using NodaTime.Testing;

namespace ComplianceKit.Tests.Anchoring.Hosting;

/// <summary>
/// The hosted publisher in a real generic host with a fake clock: it checkpoints on schedule (entries and sink files), retries a
/// failing sink after a backoff measured on the clock and reports it (log event, metric, span), and stops with the host.
/// </summary>
public sealed class CheckpointPublishingServiceTests : IDisposable
{
    private readonly FakeClock _clock = new(TestPki.SigningTime);
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("compliancekit-hosted-");
    private readonly CapturingLoggerProvider _logs = new();

    [Fact]
    public async Task Host_EveryNEntriesOrTMinutes_RecordsCheckpointsAsEntriesAndInTheSink()
    {
        const string chain = "hosted-schedule";
        using var host = Host(chain, new DirectoryCheckpointSink(_folder.FullName));
        await host.StartAsync();

        await AppendAsync(host, chain, 5);
        var first = await WaitForCheckpointAsync(host, chain, 5);
        await AppendAsync(host, chain, 2);
        _clock.Advance(Duration.FromMinutes(1));
        var second = await WaitForCheckpointAsync(host, chain, 8);

        // The entry is recorded before the sink is written: wait for the sink too, not only the entry.
        await WaitAsync(() => DirectoryCheckpointSink.ReadAll(_folder.FullName).Any(s => s.Checkpoint.Checkpoint.TreeSize == 8));
        await host.StopAsync();

        Assert.Equal(5, first.Sequence);
        Assert.Equal(8, second.Sequence);
        Assert.Equal([5L, 8L], DirectoryCheckpointSink.ReadAll(_folder.FullName).Select(s => s.Checkpoint.Checkpoint.TreeSize));
        await using var scope = host.Services.CreateAsyncScope();
        var ledger = scope.ServiceProvider.GetRequiredService<IComplianceLedger>();
        Assert.True((await ledger.VerifyAsync(chain)).IsValid);
        Assert.Equal(CheckpointEntryTypes.Published, (await ledger.GetEntryAsync(chain, 8))!.EntryType);
        Assert.Contains(_logs.Records, r => r.EventId == ComplianceKitEventIds.CheckpointPublished && r.Level == LogLevel.Information);
    }

    [Fact]
    public async Task Host_FailingSink_IsReportedThenRetriedAfterTheBackoffUntilItTakesTheCheckpoint()
    {
        const string chain = "hosted-flaky";
        var sink = new FlakySink(_folder.FullName, failures: 2);
        var failures = new List<string>();
        using var meter = ListenToFailures(chain, failures);
        var spans = new List<Activity>();
        using var listener = ListenToSpans(chain, spans);
        using var host = Host(chain, sink);
        await host.StartAsync();

        await AppendAsync(host, chain, 3);
        await WaitAsync(() => sink.Attempts >= 1);
        var stillFailing = sink.Attempts;

        // Time moves on only on the fake clock: the retries come once the backoff has passed on it.
        await WaitAsync(() =>
        {
            _clock.Advance(Duration.FromSeconds(1));
            return DirectoryCheckpointSink.ReadAll(_folder.FullName).Count == 1;
        });
        await host.StopAsync();

        Assert.Equal(1, stillFailing);
        Assert.True(sink.Attempts >= 3, $"{sink.Attempts} attempts"); // Later runs give the sink its newest checkpoint again (a no-op).
        Assert.Equal(3, Assert.Single(DirectoryCheckpointSink.ReadAll(_folder.FullName)).Checkpoint.Checkpoint.TreeSize);
        var pending = _logs.Records.Where(r => r.EventId == ComplianceKitEventIds.CheckpointPublicationPending).ToList();
        Assert.Equal(2, pending.Count);
        Assert.All(pending, r => Assert.Equal(LogLevel.Error, r.Level));
        Assert.Contains(sink.Name, pending[0].Message, StringComparison.Ordinal);
        lock (failures)
        {
            Assert.Equal(["SinkFailed", "SinkFailed"], failures);
        }

        lock (spans)
        {
            Assert.Contains(spans, s => s.Status == ActivityStatusCode.Error && (string?)s.GetTagItem(ComplianceKitTagNames.Status) == "Pending");
            Assert.Contains(spans, s => (string?)s.GetTagItem(ComplianceKitTagNames.Status) == "UpToDate" && s.Status != ActivityStatusCode.Error);
            Assert.All(spans, s => Assert.All(s.TagObjects, t => Assert.Contains(t.Key, new[] { ComplianceKitTagNames.Chain, ComplianceKitTagNames.Entries, ComplianceKitTagNames.Status, ComplianceKitTagNames.ErrorType })));
        }
    }

    [Fact]
    public async Task Host_SignerThatThrows_IsReportedAsAFailedRunAndTheHostKeepsRunningAndStops()
    {
        const string chain = "hosted-nosigner";
        var failures = new List<string>();
        using var meter = ListenToFailures(chain, failures);
        using var host = Host(chain, new DirectoryCheckpointSink(_folder.FullName), signer: new ThrowingSigner());
        await host.StartAsync();

        await AppendAsync(host, chain, 1);
        await WaitAsync(() => _logs.Records.Any(r => r.EventId == ComplianceKitEventIds.CheckpointRunFailed));
        await host.StopAsync();

        Assert.Empty(DirectoryCheckpointSink.ReadAll(_folder.FullName));
        lock (failures)
        {
            Assert.Equal("RunFailed", failures[0]);
        }
    }

    [Fact]
    public async Task Host_WithAWitnessStartedOnAnEmptyChain_PublishesTheFirstCheckpointWithoutWaitingForABackoff()
    {
        const string chain = "hosted-witness-empty";
        using var witnessKey = new X509CertificateSigner(TestPki.Instance.EcdsaSigner);
        var witness = new CheckpointWitness(Path.Combine(_folder.FullName, "witness"), new CmsSignatureVerifier(TestPki.Instance.NewPolicy()), witnessKey, _clock);
        var spans = new List<Activity>();
        using var listener = ListenToSpans(chain, spans);
        using var host = Host(chain, new DirectoryCheckpointSink(Path.Combine(_folder.FullName, "sink")), witness: new InProcessWitnessClient(witness, "w"));
        await host.StartAsync();
        await WaitAsync(() =>
        {
            lock (spans)
            {
                return spans.Count > 0;
            }
        });

        // The fake clock does not move: a run on the empty chain reported as pending would put the next one 5 s away on it.
        await AppendAsync(host, chain, 5);
        var first = await WaitForCheckpointAsync(host, chain, 5);
        await WaitAsync(() => DirectoryCheckpointSink.ReadAll(Path.Combine(_folder.FullName, "sink")).Any(s => s.Cosignatures.Count == 1));
        await host.StopAsync();

        Assert.Equal(5, first.Sequence);
        lock (spans)
        {
            Assert.Equal("UpToDate", (string?)spans[0].GetTagItem(ComplianceKitTagNames.Status));
        }

        Assert.DoesNotContain(_logs.Records, r => r.Level >= LogLevel.Error);
    }

    [Fact]
    public void Backoff_DoublesFromTheFirstDelayUpToTheMaximum()
    {
        using var host = Host("hosted-backoff", new DirectoryCheckpointSink(_folder.FullName));
        var service = host.Services.GetServices<IHostedService>().OfType<CheckpointPublishingService>().Single();

        Assert.Equal(
            [Duration.FromSeconds(5), Duration.FromSeconds(10), Duration.FromSeconds(20), Duration.FromSeconds(25), Duration.FromSeconds(25)],
            Enumerable.Range(1, 5).Select(service.BackoffAfter));
    }

    public void Dispose()
    {
        _logs.Dispose();
        _folder.Delete(recursive: true);
    }

    private IHost Host(string chain, ICheckpointSink sink, ICmsSigner? signer = null, ICheckpointWitnessClient? witness = null)
    {
        var builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders().AddProvider(_logs).SetMinimumLevel(LogLevel.Debug);
        builder.Services.AddSingleton<IClock>(_clock);
        builder.Services.AddSingleton(signer ?? new X509CertificateSigner(TestPki.Instance.RsaSigner));
        builder.Services.AddComplianceKit(o => o.Organization = "Test Clinic").AddInMemoryStore().AddCheckpointPublishing(o =>
        {
            o.Chains.Add(chain);
            o.Sinks.Add(sink);
            if (witness is not null)
            {
                o.Witnesses.Add(witness);
            }

            o.Schedule = new CheckpointSchedule { EveryEntries = 5, Every = Duration.FromMinutes(1) };
            o.PollInterval = Duration.FromMilliseconds(10);
            o.FirstRetryDelay = Duration.FromSeconds(5);
            o.MaxRetryDelay = Duration.FromSeconds(25);
        });
        return builder.Build();
    }

    private static async Task AppendAsync(IHost host, string chain, int count)
    {
        await using var scope = host.Services.CreateAsyncScope();
        var ledger = scope.ServiceProvider.GetRequiredService<IComplianceLedger>();
        // One batch, so the publisher sees all of them or none.
        await ledger.AppendAsync(chain, Enumerable.Range(0, count).Select(i => EntryDraft.FromJson("fact.recorded", $"fact:{i}", "recorder", $$"""{"n":{{i}}}""")).ToList());
    }

    private static async Task<RecordedCheckpoint> WaitForCheckpointAsync(IHost host, string chain, long size)
    {
        RecordedCheckpoint? found = null;
        await WaitAsync(async () =>
        {
            await using var scope = host.Services.CreateAsyncScope();
            found = (await scope.ServiceProvider.GetRequiredService<CheckpointPublisher>().ReadRecordedAsync(chain))
                .SingleOrDefault(r => r.Checkpoint.Checkpoint.TreeSize == size);
            return found is not null;
        });
        return found!;
    }

    private static Task WaitAsync(Func<bool> condition) => WaitAsync(() => Task.FromResult(condition()));

    // Waits for the background service to get there; the bound only turns a hang into a failure.
    private static async Task WaitAsync(Func<Task<bool>> condition)
    {
        for (var i = 0; i < 3000; i++)
        {
            if (await condition())
            {
                return;
            }

            await Task.Delay(10);
        }

        Assert.Fail("The hosted publisher did not get there.");
    }

    private static MeterListener ListenToFailures(string chain, List<string> statuses)
    {
        var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Name == ComplianceKitMetricNames.CheckpointFailures)
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<long>((_, _, tags, _) =>
        {
            var map = new Dictionary<string, object?>();
            foreach (var tag in tags)
            {
                map[tag.Key] = tag.Value;
            }

            if ((string?)map[ComplianceKitTagNames.Chain] == chain)
            {
                lock (statuses)
                {
                    statuses.Add((string)map[ComplianceKitTagNames.Status]!);
                }
            }
        });
        listener.Start();
        return listener;
    }

    private static ActivityListener ListenToSpans(string chain, List<Activity> spans)
    {
        var listener = new ActivityListener
        {
            ShouldListenTo = s => s.Name == ComplianceKitDiagnostics.Name,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = a =>
            {
                if (a.OperationName == ComplianceKitActivityNames.Checkpoint && (string?)a.GetTagItem(ComplianceKitTagNames.Chain) == chain)
                {
                    lock (spans)
                    {
                        spans.Add(a);
                    }
                }
            },
        };
        ActivitySource.AddActivityListener(listener);
        return listener;
    }

    private sealed class ThrowingSigner : ICmsSigner
    {
        public System.Security.Cryptography.X509Certificates.X509Certificate2 Certificate => TestPki.Instance.RsaSigner;

        public ValueTask<byte[]> SignDetachedAsync(ReadOnlyMemory<byte> content, Instant signingTime, CancellationToken cancellationToken = default) =>
            throw new InvalidOperationException("The HSM is not reachable.");
    }
}
