using System.Globalization;
using ComplianceKit.Baa;
using ComplianceKit.Controls;
using ComplianceKit.EntityFrameworkCore;
using ComplianceKit.EntityFrameworkCore.Projection;
using ComplianceKit.Evidence;
using ComplianceKit.Ledger;
using ComplianceKit.Training;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using NodaTime;
using NodaTime.Testing;

namespace ComplianceKit.Benchmarks.Domain;

/// <summary>
/// Deterministic compliance records for the domain benchmarks: an organisation of a given size (every status present),
/// and a stream of a million domain entries. Databases are kept in the temp folder between runs.
/// </summary>
internal static class DomainBenchmarkData
{
    public const string Chain = "org";

    /// <summary>Entry times start here; statuses are assessed at <see cref="At"/>.</summary>
    public static readonly Instant Start = Instant.FromUtc(2025, 1, 1, 0, 0);

    public static readonly Instant At = Instant.FromUtc(2026, 1, 15, 0, 0);

    public static (int Controls, int Vendors, int Workforce) OrganizationSize => BenchmarkData.Smoke ? (20, 10, 50) : (500, 200, 5000);

    /// <summary>
    /// The projection chain's size: a million, or COMPLIANCEKIT_BENCH_PROJECTION_ENTRIES (a smaller chain for quick
    /// comparisons; its template is made once like the full one).
    /// </summary>
    public static IEnumerable<int> ProjectionSizes =>
        BenchmarkData.Smoke ? [2_000]
        : int.TryParse(Environment.GetEnvironmentVariable("COMPLIANCEKIT_BENCH_PROJECTION_ENTRIES"), CultureInfo.InvariantCulture, out var entries) && entries > 0 ? [entries]
        : [1_000_000];

    private static readonly string[] Clauses = [.. BaaRequiredClauses.All.Select(c => c.Id)];

    /// <summary>A SQLite file holding the organisation, its projection rebuilt.</summary>
    public static Task<string> OrganizationDatabaseAsync()
    {
        var (controls, vendors, workforce) = OrganizationSize;
        return DatabaseAsync($"compliancekit-bench-org-{controls}-{vendors}-{workforce}.db", Organization(controls, vendors, workforce).Count(),
            () => Organization(controls, vendors, workforce));
    }

    /// <summary>A SQLite file holding <paramref name="entries"/> domain entries, its projection rebuilt.</summary>
    public static Task<string> ProjectionDatabaseAsync(int entries) =>
        DatabaseAsync($"compliancekit-bench-projection-{entries}.db", entries, () => ProjectionLoad(entries));

    private static async Task<string> DatabaseAsync(string name, int size, Func<IEnumerable<EntryDraft>> drafts)
    {
        var path = Path.Combine(Path.GetTempPath(), name);
        await BuildOrReuseAsync(path, size, drafts);

        // Benchmarks copy the file alone: closing the pooled connections checkpoints the write-ahead log into it, so the
        // copy holds every table (a fresh template's tables otherwise sit only in its -wal file).
        SqliteConnection.ClearAllPools();
        return path;
    }

    private static async Task BuildOrReuseAsync(string path, int size, Func<IEnumerable<EntryDraft>> drafts)
    {
        var clock = new FakeClock(Start, Duration.FromTicks(70));
        if (File.Exists(path))
        {
            await using var existing = new ComplianceKitDbContext(BenchmarkData.Sqlite(path));
            var existingLedger = BenchmarkData.Ledger(existing, clock);
            if ((await existingLedger.GetTreeHeadAsync(Chain)).Size == size)
            {
                // The ledger is complete; a run killed during its first rebuild left no projection head.
                if (!await existing.Set<ProjectionHeadRow>().AnyAsync(h => h.ChainId == Chain && h.LedgerSize == size))
                {
                    await new ComplianceProjection<ComplianceKitDbContext>(existing, existingLedger, clock).RebuildAsync(Chain);
                }

                return;
            }
        }

        foreach (var suffix in new[] { "", "-wal", "-shm" })
        {
            File.Delete(path + suffix);
        }

        await using var context = new ComplianceKitDbContext(BenchmarkData.Sqlite(path));
        await ComplianceKitDatabase.EnsureCreatedAsync(context);
        var ledger = BenchmarkData.Ledger(context, clock);
        foreach (var batch in drafts().Chunk(10_000))
        {
            await ledger.AppendAsync(Chain, batch);
        }

        await new ComplianceProjection<ComplianceKitDbContext>(context, ledger, clock).RebuildAsync(Chain);
    }

    private static Instant Day(int days) => Start + Duration.FromDays(days);

    private static string Digest(string prefix, int i) => string.Create(CultureInfo.InvariantCulture, $"{prefix}{i:x8}").PadRight(64, '0');

    /// <summary>Controls with one or two evidence requirements, evidence of every status, vendors with and without BAAs, workforce training.</summary>
    public static IEnumerable<EntryDraft> Organization(int controls, int vendors, int workforce)
    {
        for (var i = 0; i < controls; i++)
        {
            EvidenceRequirement[] evidence = i % 10 == 0
                ? [new($"kind-{i % 4}", 90 * (1 + (i % 4))), new("configuration-review", 365)]
                : [new($"kind-{i % 4}", 90 * (1 + (i % 4)))];
            yield return new ControlDefinition
            {
                Id = $"ctl-{i:0000}", Title = $"Control {i}", FrameworkReference = $"45 CFR 164.3{i % 3:00}", Criticality = (ControlCriticality)(i % 3),
                Requirement = i % 5 == 0 ? ImplementationRequirement.Addressable : ImplementationRequirement.Required, OwnerRole = "Security Official", Evidence = evidence,
            }.ToDraft("officer");
            if (i % 13 == 0)
            {
                continue; // never evidenced
            }

            foreach (var requirement in evidence)
            {
                var effective = At - Duration.FromDays(i % 400);
                yield return new EvidenceStatement
                {
                    EvidenceId = $"ev-{i:0000}-{requirement.Kind}", ControlId = $"ctl-{i:0000}", Kind = requirement.Kind, SelfAttested = i % 6 == 0,
                    ArtifactSha256 = i % 6 == 0 ? null : Digest("e", i), CollectedAt = effective, CollectedBy = "it-admin",
                }.ToDraft("it");
            }
        }

        for (var v = 0; v < vendors; v++)
        {
            var phi = v % 5 != 0;
            yield return new VendorRegistration { VendorId = $"vendor-{v:000}", Name = $"Vendor {v}", Services = ["hosting"], HandlesPhi = phi }.ToDraft("officer");
            if (!phi || v % 17 == 0)
            {
                continue;
            }

            yield return new BusinessAssociateAgreement
            {
                BaaId = $"vendor-{v:000}/baa", VendorId = $"vendor-{v:000}", Services = ["hosting"], PhiCategories = ["demographics"], PermittedUses = ["treatment"],
                EffectiveAt = Day(v % 300), ExecutedAt = Day(v % 300), ExpiresAt = At + Duration.FromDays((v % 400) - 100), AutoRenew = v % 3 == 0,
                DocumentSha256 = Digest("b", v), Signatories = [new("Kim Lee", "Officer", "Org"), new("Sam Roe", "CEO", "Vendor")],
                Clauses = v % 11 == 0 ? Clauses[1..] : Clauses,
            }.ToExecutedDraft("officer");
        }

        for (var p = 0; p < workforce; p++)
        {
            var person = $"person-{p:00000}";
            yield return new WorkforceMembership { PersonId = person, Category = (WorkforceCategory)(p % 5), Role = "Nurse", JoinedAt = Start }.ToDraft("hr");
            var due = Day(p % 380);
            yield return Assignment(person, $"{person}/hipaa", due);
            if (p % 23 != 0)
            {
                yield return new TrainingCompletion { AssignmentId = $"{person}/hipaa", PersonId = person, CompletedAt = due - Duration.FromDays(5), Score = 70 + (p % 30) }.ToDraft("lms");
            }
        }
    }

    /// <summary>
    /// A million-entry mix (at full size): per 500 entries, 1 control, 300 evidence attachments, 25 people joining, 50
    /// assignments, 100 completions (first and retraining), 5 vendors and 19 agreements.
    /// </summary>
    public static IEnumerable<EntryDraft> ProjectionLoad(int entries)
    {
        var produced = 0;
        for (var block = 0; produced < entries; block++)
        {
            foreach (var draft in Block(block))
            {
                if (produced++ == entries)
                {
                    yield break;
                }

                yield return draft;
            }
        }
    }

    private static IEnumerable<EntryDraft> Block(int block)
    {
        var control = $"ctl-{block:000000}";
        yield return new ControlDefinition { Id = control, Title = $"Control {block}", Evidence = [new("report", 365)] }.ToDraft("officer");
        for (var e = 0; e < 300; e++)
        {
            yield return new EvidenceStatement
            {
                EvidenceId = $"ev-{block:000000}-{e:000}", ControlId = control, Kind = "report", ArtifactSha256 = Digest("e", (block * 300) + e),
                CollectedAt = Day(e % 365), CollectedBy = "it-admin",
            }.ToDraft("it");
        }

        for (var p = 0; p < 25; p++)
        {
            var person = $"p-{block:000000}-{p:00}";
            yield return new WorkforceMembership { PersonId = person, Category = WorkforceCategory.Employee, Role = "Nurse", JoinedAt = Start }.ToDraft("hr");
            for (var a = 0; a < 2; a++)
            {
                var assignment = $"{person}/course-{a}";
                yield return Assignment(person, assignment, Day(30 + (p * 7)));
                yield return new TrainingCompletion { AssignmentId = assignment, PersonId = person, CompletedAt = Day(20 + p), Score = 90 }.ToDraft("lms");
                yield return new TrainingCompletion { AssignmentId = assignment, PersonId = person, CompletedAt = Day(380 + p), Score = 95 }.ToDraft("lms");
            }
        }

        for (var v = 0; v < 5; v++)
        {
            var vendor = $"v-{block:000000}-{v}";
            yield return new VendorRegistration { VendorId = vendor, Name = vendor, Services = ["hosting"], HandlesPhi = true }.ToDraft("officer");
        }

        for (var b = 0; b < 19; b++)
        {
            yield return new BusinessAssociateAgreement
            {
                BaaId = $"baa-{block:000000}-{b:00}", VendorId = $"v-{block:000000}-{b % 5}", EffectiveAt = Day(b), ExecutedAt = Day(b), ExpiresAt = Day(400 + b),
                DocumentSha256 = Digest("b", (block * 19) + b), Signatories = [new("Kim Lee", "Officer", "Org"), new("Sam Roe", "CEO", "Vendor")], Clauses = Clauses,
            }.ToExecutedDraft("officer");
        }
    }

    private static EntryDraft Assignment(string person, string assignment, Instant due) => new TrainingAssignment
    {
        AssignmentId = assignment, PersonId = person, CourseId = "hipaa-security-awareness", ContentVersion = "2025.1", ContentSha256 = Digest("c", 1),
        Topics = [TrainingTopic.SecurityReminders, TrainingTopic.PasswordManagement], AssignedAt = Start, DueAt = due, RecurrenceDays = 365,
    }.ToDraft("lms");
}
