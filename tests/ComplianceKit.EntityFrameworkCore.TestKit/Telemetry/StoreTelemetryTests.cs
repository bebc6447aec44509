using System.Diagnostics;
using System.Text;
using ComplianceKit.Access;
using ComplianceKit.Bundles;
using ComplianceKit.EntityFrameworkCore.GroupCommit;
using ComplianceKit.EntityFrameworkCore.TestKit.Access;
using ComplianceKit.EntityFrameworkCore.TestKit.Infrastructure;
using ComplianceKit.EntityFrameworkCore.TestKit.Retention;
using ComplianceKit.Ledger;
using ComplianceKit.Signing;
using ComplianceKit.Telemetry;
using ComplianceKit.Tests.Signing;
using Microsoft.Extensions.Options;
using NodaTime;
using NodaTime.Testing;

namespace ComplianceKit.EntityFrameworkCore.TestKit.Telemetry;

/// <summary>
/// The spans and instruments of the ActivitySource and Meter "ComplianceKit", collected with OpenTelemetry's SDK and its
/// in-memory exporter as a host collects them, on each store engine.
/// </summary>
public abstract class StoreTelemetryTests
{
    private static readonly string[] AllowedTagKeys =
        [ComplianceKitTagNames.Chain, ComplianceKitTagNames.Entries, ComplianceKitTagNames.Status, ComplianceKitTagNames.Source, ComplianceKitTagNames.ErrorType];

    private readonly FakeClock _clock = new(TestPki.SigningTime.Minus(Duration.FromHours(1)), Duration.FromSeconds(1));

    /// <summary>The engine every test of the suite runs on.</summary>
    protected abstract IStoreEngine Engine { get; }

    [LedgerFact]
    public async Task AppendAsync_ThreeDrafts_OneAppendSpanAndThreeEntriesCountedInOneBatch()
    {
        using var telemetry = new TelemetryCapture();
        var chain = NewChain();
        await using var db = await TestDatabase.CreateAsync(Engine);
        await using var context = db.CreateContext();
        var ledger = db.CreateLedger(context, _clock);

        await ledger.AppendAsync(chain, Drafts(3));

        var span = Assert.Single(telemetry.Spans(ComplianceKitActivityNames.Append, chain));
        Assert.Equal(3, span.GetTagItem(ComplianceKitTagNames.Entries));
        Assert.Equal(ActivityStatusCode.Unset, span.Status);
        Assert.Equal(3, telemetry.Sum(ComplianceKitMetricNames.EntriesAppended, chain));
        Assert.Equal((1, 3.0), telemetry.Histogram(ComplianceKitMetricNames.AppendBatchSize, chain));
        AssertNoDataInTags(telemetry, chain, "patient-", "ehr", "chart");
    }

    [LedgerFact]
    public async Task VerifyAsync_PayloadAltered_SpanFailedWithStatusAndFindingCountedByStatus()
    {
        using var telemetry = new TelemetryCapture();
        var chain = NewChain();
        await using var db = await TestDatabase.CreateAsync(Engine);
        await using var context = db.CreateContext();
        var ledger = db.CreateLedger(context, _clock);
        await ledger.AppendAsync(chain, Drafts(4));
        await db.ExecuteAsync($"UPDATE {db.Table("ck_ledger_entries")} SET payload = {{0}} WHERE chain_id = {{1}} AND sequence = 2",
            Encoding.UTF8.GetBytes("""{"altered":true}"""), chain);

        var report = await ledger.VerifyAsync(chain);

        Assert.Equal(VerificationStatus.PayloadAltered, report.Status);
        var span = Assert.Single(telemetry.Spans(ComplianceKitActivityNames.Verify, chain));
        Assert.Equal(ActivityStatusCode.Error, span.Status);
        Assert.Equal("PayloadAltered", span.GetTagItem(ComplianceKitTagNames.Status));
        Assert.Equal("store", span.GetTagItem(ComplianceKitTagNames.Source));
        Assert.Equal(4L, span.GetTagItem(ComplianceKitTagNames.Entries));
        Assert.Equal(1, telemetry.Sum(ComplianceKitMetricNames.VerificationFindings, chain, new(ComplianceKitTagNames.Status, "PayloadAltered")));
        Assert.Equal(0, telemetry.Sum(ComplianceKitMetricNames.VerificationFindings, chain, new(ComplianceKitTagNames.Status, "LinkBroken")));
    }

    [LedgerFact]
    public async Task VerifyAsync_IntactChain_SpanValidAndNoFindings()
    {
        using var telemetry = new TelemetryCapture();
        var chain = NewChain();
        await using var db = await TestDatabase.CreateAsync(Engine);
        await using var context = db.CreateContext();
        var ledger = db.CreateLedger(context, _clock);
        await ledger.AppendAsync(chain, Drafts(2));

        await ledger.VerifyAsync(chain);

        var span = Assert.Single(telemetry.Spans(ComplianceKitActivityNames.Verify, chain));
        Assert.Equal(ActivityStatusCode.Unset, span.Status);
        Assert.Equal("Valid", span.GetTagItem(ComplianceKitTagNames.Status));
        Assert.Equal(0, telemetry.Sum(ComplianceKitMetricNames.VerificationFindings, chain));
    }

    [LedgerFact]
    public async Task RecordAsync_GroupCommit_AppendAndIndexSpansEntriesLatencyAndQueueDepthWithoutTheRecordOrUser()
    {
        using var telemetry = new TelemetryCapture();
        var chain = NewChain();
        await using var db = await TestDatabase.CreateAsync(Engine);
        var log = NewLog(new HostContextFactory(db), chain, new GroupCommitOptions());

        await Task.WhenAll(Enumerable.Range(0, 10).Select(i => log.RecordAsync(AccessTestKit.Event($"patient/4821{i}", "user-kim"))));
        var depthWhileRunning = telemetry.Gauge(ComplianceKitMetricNames.AccessQueueDepth, chain);
        await log.ShutdownAsync();
        var depthAfterShutdown = telemetry.Gauge(ComplianceKitMetricNames.AccessQueueDepth, chain);

        var spans = telemetry.Spans(ComplianceKitActivityNames.Append, chain);
        Assert.NotEmpty(spans);
        Assert.Equal(10, spans.Sum(s => (int)s.GetTagItem(ComplianceKitTagNames.Entries)!));
        Assert.Equal(10, telemetry.Sum(ComplianceKitMetricNames.EntriesAppended, chain));
        Assert.Equal((spans.Count, 10.0), telemetry.Histogram(ComplianceKitMetricNames.AppendBatchSize, chain));
        var indexSteps = telemetry.Spans(ComplianceKitActivityNames.AccessIndex, chain);
        // Catch-ups name the entries they indexed (at the latest, shutdown indexes what lags); a merge step that finds no whole span moves nothing.
        Assert.All(indexSteps, s => Assert.Contains(s.GetTagItem(ComplianceKitTagNames.Status), new object[] { "Indexed", "Merged" }));
        Assert.Equal(10L, indexSteps.Where(s => Equals(s.GetTagItem(ComplianceKitTagNames.Status), "Indexed")).Sum(s => (long)s.GetTagItem(ComplianceKitTagNames.Entries)!));
        var latency = telemetry.Histogram(ComplianceKitMetricNames.AccessAcknowledgementDuration, chain);
        Assert.Equal(10, latency.Count);
        Assert.True(latency.Sum > 0);
        Assert.Equal(0, depthWhileRunning);
        Assert.Null(depthAfterShutdown);
        AssertNoDataInTags(telemetry, chain, "4821", "user-kim", AccessTestKit.Pseudonymizer.Pseudonymize("patient/48210"), "nurse", "ws-12");
    }

    [LedgerFact]
    public async Task RecordAsync_QueueFullInFailMode_RejectionCountedAndQueueDepthSeen()
    {
        using var telemetry = new TelemetryCapture();
        var chain = NewChain();
        await using var db = await TestDatabase.CreateAsync(Engine);
        var gate = new TransactionGate();
        var log = NewLog(new HostContextFactory(db, gate), chain, new GroupCommitOptions { MaxBatchSize = 1, QueueCapacity = 2, QueueFullMode = QueueFullMode.Fail });
        var inFlight = log.RecordAsync(AccessTestKit.Event("patient/1"));
        await gate.Reached.WaitAsync(TimeSpan.FromMinutes(1));
        var queued = new[] { log.RecordAsync(AccessTestKit.Event("patient/2")), log.RecordAsync(AccessTestKit.Event("patient/3")) };

        await Assert.ThrowsAsync<AccessQueueFullException>(() => log.RecordAsync(AccessTestKit.Event("patient/4")));
        var depth = telemetry.Gauge(ComplianceKitMetricNames.AccessQueueDepth, chain);
        gate.Open();
        await Task.WhenAll(queued.Append(inFlight)).WaitAsync(TimeSpan.FromMinutes(1));
        await log.ShutdownAsync();

        Assert.Equal(2, depth);
        Assert.Equal(1, telemetry.Sum(ComplianceKitMetricNames.AccessQueueRejections, chain));
        Assert.Equal(3, telemetry.Sum(ComplianceKitMetricNames.EntriesAppended, chain));
    }

    [LedgerFact]
    public async Task ApplyAsync_RetentionPlan_PurgeSpanAndPurgedEntriesCounted()
    {
        using var telemetry = new TelemetryCapture();
        var chain = NewChain();
        var clock = new FakeClock(Instant.FromUtc(2010, 3, 1, 15, 0), Duration.FromMilliseconds(3));
        await using var db = await TestDatabase.CreateAsync(Engine);
        await using var context = db.CreateContext();
        var ledger = db.CreateLedger(context, clock);
        var retention = RetentionStoreTests.CreateRetention(db, context, clock, batchSize: 7);
        await retention.SetPolicyAsync(chain, RetentionStoreTests.AccessPolicy(), "admin:ana");
        await ledger.AppendAsync(chain, RetentionStoreTests.Mixed(40));
        clock.Reset(Instant.FromUtc(2030, 1, 1, 0, 0));

        var result = await retention.ApplyAsync(await retention.PlanAsync(chain), "officer:kim");

        Assert.Equal(30, result.PurgedCount);
        var span = Assert.Single(telemetry.Spans(ComplianceKitActivityNames.Purge, chain));
        Assert.Equal(30L, span.GetTagItem(ComplianceKitTagNames.Entries));
        Assert.Equal(30, telemetry.Sum(ComplianceKitMetricNames.EntriesPurged, chain));
        AssertNoDataInTags(telemetry, chain, "record:", "officer:kim", "admin:ana");
    }

    [LedgerFact]
    public async Task ExportAsync_FullBundle_ExportSpanWithEntriesAndBundleVerifySpan()
    {
        using var telemetry = new TelemetryCapture();
        var chain = NewChain();
        await using var db = await TestDatabase.CreateAsync(Engine);
        await using var context = db.CreateContext();
        var ledger = db.CreateLedger(context, _clock);
        await ledger.AppendAsync(chain, Drafts(5));
        using var organisation = new X509CertificateSigner(TestPki.Instance.RsaSigner);
        var output = new MemoryStream();

        await new EvidenceBundleExporter(ledger, _clock, new ComplianceKitOptions { Organization = "Test Clinic" })
            .ExportAsync(output, new BundleExportRequest { ChainId = chain }, organisation);
        var verdict = await new EvidenceBundleVerifier(TestPki.Instance.NewPolicy()).VerifyAsync(new MemoryStream(output.ToArray()));

        var export = Assert.Single(telemetry.Spans(ComplianceKitActivityNames.Export, chain));
        Assert.Equal(5L, export.GetTagItem(ComplianceKitTagNames.Entries));
        var verify = Assert.Single(telemetry.Spans(ComplianceKitActivityNames.Verify, chain), s => Equals(s.GetTagItem(ComplianceKitTagNames.Source), "bundle"));
        Assert.Equal(verdict.Verdict.ToString(), verify.GetTagItem(ComplianceKitTagNames.Status));
    }

    private static string NewChain() => "t-" + Guid.NewGuid().ToString("N")[..12];

    private static EntryDraft[] Drafts(int count) =>
        Enumerable.Range(0, count).Select(i => EntryDraft.FromJson("access.viewed", $"patient-{i}", "ehr", $$"""{"screen":"chart","i":{{i}}}""")).ToArray();

    private static GroupCommitAccessLog<HostDbContext> NewLog(HostContextFactory factory, string chain, GroupCommitOptions groupCommit) =>
        new(factory, AccessTestKit.Clock(), Options.Create(new ComplianceKitOptions()),
            Options.Create(new AccessAuditOptions { ChainId = chain, PseudonymKey = AccessTestKit.Key }), Options.Create(groupCommit));

    /// <summary>Only the documented tag keys, and none of <paramref name="secrets"/> in any tag value.</summary>
    private static void AssertNoDataInTags(TelemetryCapture telemetry, string chain, params string[] secrets)
    {
        var tags = telemetry.AllTags(chain);
        Assert.NotEmpty(tags);
        Assert.All(tags, tag => Assert.Contains(tag.Key, AllowedTagKeys));
        Assert.All(tags, tag => Assert.All(secrets, secret => Assert.DoesNotContain(secret, Convert.ToString(tag.Value, System.Globalization.CultureInfo.InvariantCulture) ?? "", StringComparison.Ordinal)));
    }
}
