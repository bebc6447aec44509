using System.Collections;
using System.Text;
using ComplianceKit.Baa;
using ComplianceKit.Checklists;
using ComplianceKit.Controls;
using ComplianceKit.Evidence;
using ComplianceKit.Import;
using ComplianceKit.Ledger;
using ComplianceKit.Projection;
using ComplianceKit.Testing.Ledger;
using ComplianceKit.Training;
using NodaTime;
using NodaTime.Testing;

namespace ComplianceKit.Tests.Projection;

/// <summary>
/// <see cref="ComplianceProjector.Complete"/> publishes only the rows changed since the last completion: after every
/// prefix of a chain that touches every table, the snapshot must equal a fresh projection of that prefix row for row,
/// links included, and every snapshot returned earlier must still read as it did.
/// <see cref="ComplianceProjector.CompleteAndRelease"/> (a rebuild's final snapshot: the projector's own rows) must read
/// exactly as <see cref="ComplianceProjector.Complete"/> does.
/// </summary>
public sealed class IncrementalCompleteTests
{
    private const string Chain = "c";
    private static readonly Type[] RowTypes =
        [typeof(ControlRecord), typeof(EvidenceRecord), typeof(VendorRecord), typeof(BaaRecord), typeof(WorkforceMemberRecord), typeof(TrainingRecord)];

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(17)]
    public async Task Complete_AfterEveryFewEntries_EqualsAFreshProjectionOfThePrefix(int stride)
    {
        var entries = await ScenarioEntriesAsync();
        var incremental = new ComplianceProjector(Chain);
        var earlier = new List<(ComplianceSnapshot Snapshot, string Rendered)>();

        for (var size = 0; size < entries.Count;)
        {
            var next = Math.Min(entries.Count, size + stride);
            for (; size < next; size++)
            {
                incremental.Apply(entries[size]);
            }

            var snapshot = incremental.Complete(size, new byte[32]);

            var fresh = new ComplianceProjector(Chain);
            entries.Take(size).ToList().ForEach(fresh.Apply);
            var expected = Render(fresh.Complete(size, new byte[32]));
            Assert.Equal(expected, Render(snapshot));
            AssertLinkedWithin(snapshot);
            earlier.Add((snapshot, expected));
        }

        Assert.All(earlier, e => Assert.Equal(e.Rendered, Render(e.Snapshot)));
    }

    [Fact]
    public async Task Complete_OneControlRedefined_SharesEveryOtherRowWithThePreviousSnapshot()
    {
        var entries = await ScenarioEntriesAsync(new ControlDefinition { Id = "imp-missing", Title = "Renamed" }.ToDraft("o"));
        var projector = new ComplianceProjector(Chain);
        entries.SkipLast(1).ToList().ForEach(projector.Apply);
        var before = projector.Complete(entries.Count - 1, new byte[32]);

        projector.Apply(entries[^1]);
        var after = projector.Complete(entries.Count, new byte[32]);

        var changed = before.Controls.Zip(after.Controls).Where(p => !ReferenceEquals(p.First, p.Second)).Select(p => p.Second.ControlId);
        Assert.Equal(["imp-missing"], changed);
        Assert.All(before.Training.Zip(after.Training), p => Assert.Same(p.First, p.Second));
        Assert.Equal("imp missing", before.Controls.Single(c => c.ControlId == "imp-missing").Title);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    public async Task CompleteAndRelease_OfEveryFewEntries_EqualsComplete_LinksIncluded(int stride)
    {
        var entries = await ScenarioEntriesAsync();
        for (var size = 0; size <= entries.Count; size = size == entries.Count ? size + 1 : Math.Min(entries.Count, size + stride))
        {
            var copied = new ComplianceProjector(Chain);
            var released = new ComplianceProjector(Chain);
            entries.Take(size).ToList().ForEach(e =>
            {
                copied.Apply(e);
                released.Apply(e);
            });

            var snapshot = released.CompleteAndRelease(size, new byte[32]);
            Assert.Equal(Render(copied.Complete(size, new byte[32])), Render(snapshot));
            AssertLinkedWithin(snapshot);
        }
    }

    [Fact]
    public async Task CompleteAndRelease_ThenApplyOrComplete_Throws()
    {
        var entries = await ScenarioEntriesAsync();
        var projector = new ComplianceProjector(Chain);
        entries.ForEach(projector.Apply);
        var snapshot = projector.CompleteAndRelease(entries.Count, new byte[32]);

        Assert.Throws<InvalidOperationException>(() => projector.Apply(entries[0]));
        Assert.Throws<InvalidOperationException>(() => projector.Complete(entries.Count, new byte[32]));
        Assert.Throws<InvalidOperationException>(() => projector.CompleteAndRelease(entries.Count, new byte[32]));
        Assert.NotEmpty(snapshot.Evidence);
    }

    [Fact]
    public async Task CompleteAndRelease_AfterComplete_CopiesAndLeavesTheEarlierSnapshotAsItWas()
    {
        var entries = await ScenarioEntriesAsync();
        var half = entries.Count / 2;
        var projector = new ComplianceProjector(Chain);
        entries.Take(half).ToList().ForEach(projector.Apply);
        var earlier = projector.Complete(half, new byte[32]);
        var earlierRendered = Render(earlier);

        entries.Skip(half).ToList().ForEach(projector.Apply);
        var final = projector.CompleteAndRelease(entries.Count, new byte[32]);

        var fresh = new ComplianceProjector(Chain);
        entries.ForEach(fresh.Apply);
        Assert.Equal(Render(fresh.Complete(entries.Count, new byte[32])), Render(final));
        AssertLinkedWithin(final);
        Assert.Equal(earlierRendered, Render(earlier));
    }

    /// <summary>The domain scenario plus entries that change rows already published: redefinitions, a second agreement, orphan evidence whose control comes later, two checklist imports.</summary>
    private static async Task<List<LedgerEntry>> ScenarioEntriesAsync(EntryDraft? last = null)
    {
        var ledger = new InMemoryComplianceLedger(new FakeClock(Instant.FromUtc(2026, 1, 1, 0, 0), Duration.FromSeconds(1)));
        await DomainScenario.RecordAsync(ledger, Chain);
        var day = DomainScenario.Day(2026, 2, 1);
        List<EntryDraft> more =
        [
            new EvidenceStatement { EvidenceId = "e-early", ControlId = "late", Kind = "report", SelfAttested = true, CollectedAt = day, EffectiveAt = day, CollectedBy = "it" }.ToDraft("o"),
            new EvidenceStatement { EvidenceId = "e-stray", ControlId = "never", Kind = "report", SelfAttested = true, CollectedAt = day, EffectiveAt = day, CollectedBy = "it" }.ToDraft("o"),
            new ControlDefinition { Id = "crit-documented", Title = "Redefined", Evidence = [new EvidenceRequirement("audit", 30), new EvidenceRequirement("report", 60)] }.ToDraft("o"),
            new ControlDefinition { Id = "late", Title = "Late", Evidence = [new EvidenceRequirement("report", 10)] }.ToDraft("o"),
            new ControlDefinition { Id = "a-first", Title = "Sorts first" }.ToDraft("o"),
            new AddressableDecision { ControlId = "nowhere", Outcome = AddressableOutcome.Implemented, Rationale = "x", DecidedBy = "o", DecidedAt = day }.ToDraft("o"),
            new BusinessAssociateAgreement { BaaId = "v-covered/baa2", VendorId = "v-covered", Clauses = ["permitted-uses"] }.ToDraftedDraft("o"),
            new VendorRegistration { VendorId = "v-covered", Name = "Renamed Inc.", Services = ["email"], HandlesPhi = true }.ToDraft("o"),
            new BusinessAssociateAgreement { BaaId = "aa-new", VendorId = "v-new", Clauses = ["permitted-uses"] }.ToDraftedDraft("o"),
            new TrainingCompletion { AssignmentId = "p-overdue/hipaa", PersonId = "p-overdue", CompletedAt = day, Score = 80 }.ToDraft("lms"),
            new WorkforceDeparture { PersonId = "p-current", LeftAt = day }.ToDraft("hr"),
        ];
        more.AddRange(Checklist("# Go-live\n- [x] Backups tested\n- [x] Pager set up\n", day));
        more.AddRange(Checklist("# Go-live\n- [ ] Backups tested\n", day + Duration.FromDays(1)));
        more.AddRange(last is null ? [] : [last]);
        await ledger.AppendAsync(Chain, more);

        var entries = new List<LedgerEntry>();
        await foreach (var entry in ledger.ReadAsync(Chain))
        {
            entries.Add(entry);
        }

        return entries;
    }

    private static IEnumerable<EntryDraft> Checklist(string markdown, Instant at) =>
        ChecklistImporter.Plan(new MarkdownChecklistParser().Parse(markdown, "go-live.md"),
            new ChecklistImportOptions { SourceSha256 = new string('0', 64), ImportedAt = at, ImportedBy = "cli" }).ToDrafts("cli");

    /// <summary>Every row of every table and every issue, property by property; a linked row is written as its key.</summary>
    private static string Render(ComplianceSnapshot snapshot)
    {
        var text = new StringBuilder();
        foreach (var type in RowTypes.Append(typeof(ControlEvidenceRequirementRecord)))
        {
            text.Append('[').Append(type.Name).AppendLine("]");
            foreach (var row in snapshot.RowsOf(type))
            {
                foreach (var property in type.GetProperties())
                {
                    text.Append(property.Name).Append('=').Append(Value(property.GetValue(row))).Append("; ");
                }

                text.AppendLine();
            }
        }

        foreach (var issue in snapshot.Issues)
        {
            text.AppendLine(issue.ToString());
        }

        return text.ToString();
    }

    private static string Value(object? value) => value switch
    {
        null => "null",
        string s => s,
        VendorRecord v => "->" + v.VendorId,
        BaaRecord b => "->" + b.BaaId,
        WorkforceMemberRecord m => "->" + m.PersonId,
        TrainingRecord t => "->" + t.AssignmentId,
        byte[] bytes => Convert.ToHexString(bytes),
        IEnumerable items => "(" + string.Join(", ", items.Cast<object?>().Select(Value)) + ")",
        _ => Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture) ?? "",
    };

    /// <summary>Links point at rows of the same snapshot, both ways.</summary>
    private static void AssertLinkedWithin(ComplianceSnapshot snapshot)
    {
        Assert.All(snapshot.Agreements, b => Assert.Contains(b.Vendor!, snapshot.Vendors, ReferenceEqualityComparer.Instance));
        Assert.All(snapshot.Vendors.SelectMany(v => v.Agreements), b => Assert.Contains(b, snapshot.Agreements, ReferenceEqualityComparer.Instance));
        Assert.All(snapshot.Training, t => Assert.Contains(t.Member!, snapshot.Workforce, ReferenceEqualityComparer.Instance));
        Assert.All(snapshot.Workforce.SelectMany(m => m.Assignments), t => Assert.Contains(t, snapshot.Training, ReferenceEqualityComparer.Instance));
    }
}
