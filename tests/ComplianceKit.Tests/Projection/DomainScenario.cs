using System.Security.Cryptography;
using System.Text;
using ComplianceKit.Baa;
using ComplianceKit.Controls;
using ComplianceKit.Evidence;
using ComplianceKit.Ledger;
using ComplianceKit.Training;
using NodaTime;

namespace ComplianceKit.Tests.Projection;

/// <summary>
/// A small clinic's compliance record with one case of every status, assessed at <see cref="At"/>. Each id says what
/// it is expected to be at that instant, so tests read as the rules.
/// </summary>
public static class DomainScenario
{
    /// <summary>The instant the scenario is assessed at.</summary>
    public static readonly Instant At = Instant.FromUtc(2026, 3, 1, 12, 0);

    /// <summary>A clock for the entries: they are recorded before <see cref="At"/>.</summary>
    public static NodaTime.Testing.FakeClock Clock() => new(Instant.FromUtc(2026, 1, 1, 0, 0), Duration.FromMilliseconds(5));

    /// <summary>Controls expected to block readiness of the whole programme.</summary>
    public static readonly string[] BlockingControls = ["crit-tick-only", "imp-expired", "imp-missing", "imp-withdrawn"];

    /// <summary>Vendors that handle PHI without an agreement in force at <see cref="At"/>.</summary>
    public static readonly string[] VendorsWithoutAgreement = ["v-draft-only", "v-expired"];

    /// <summary>Overdue assignments at <see cref="At"/>.</summary>
    public static readonly string[] Overdue = ["p-overdue/hipaa"];

    /// <summary>Expired completions at <see cref="At"/>.</summary>
    public static readonly string[] Expired = ["p-expired/hipaa"];

    /// <summary>People never trained at <see cref="At"/>.</summary>
    public static readonly string[] NeverTrained = ["p-not-due", "p-overdue", "p-unassigned", "p-waived"];

    /// <summary>Appends the scenario to <paramref name="chain"/>.</summary>
    public static async Task RecordAsync(IComplianceLedger ledger, string chain)
    {
        var drafts = new List<EntryDraft>();
        drafts.AddRange(Controls().Select(c => c.ToDraft("officer")));
        drafts.AddRange(Evidence().Select(e => e.ToDraft("officer")));
        drafts.Add(new AddressableDecision
        {
            ControlId = "addr-decided", Outcome = AddressableOutcome.NotReasonableAndAppropriate,
            Rationale = "Single-room practice; no workstation is reachable by the public.", DecidedBy = "officer", DecidedAt = Day(2026, 1, 5),
        }.ToDraft("officer"));
        drafts.Add(new EvidenceWithdrawal { EvidenceId = "e-withdrawn", ControlId = "imp-withdrawn", Reason = "attached to the wrong control" }.ToDraft("officer"));
        drafts.AddRange(Vendors());
        drafts.AddRange(Workforce());
        await ledger.AppendAsync(chain, drafts);
    }

    /// <summary>Midnight UTC of a day.</summary>
    public static Instant Day(int year, int month, int day) => Instant.FromUtc(year, month, day, 0, 0);

    /// <summary>A stable fake SHA-256 digest of a label.</summary>
    public static string Digest(string label) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(label)));

    private static IEnumerable<ControlDefinition> Controls()
    {
        ControlDefinition Control(string id, ControlCriticality criticality, params EvidenceRequirement[] evidence) =>
            new() { Id = id, Title = id.Replace('-', ' '), Criticality = criticality, Evidence = evidence, FrameworkReference = "45 CFR 164.312(b)" };
        yield return Control("crit-documented", ControlCriticality.Critical, new EvidenceRequirement("report", 90));
        yield return Control("crit-tick-only", ControlCriticality.Critical);
        yield return Control("imp-expiring", ControlCriticality.Important, new EvidenceRequirement("review", 30));
        yield return Control("imp-expired", ControlCriticality.Important, new EvidenceRequirement("review", 30));
        yield return Control("imp-missing", ControlCriticality.Important);
        yield return Control("imp-withdrawn", ControlCriticality.Important);
        yield return Control("opt-missing", ControlCriticality.Optional);
        yield return Control("addr-decided", ControlCriticality.Important) with { Requirement = ImplementationRequirement.Addressable };
    }

    private static IEnumerable<EvidenceStatement> Evidence()
    {
        EvidenceStatement Piece(string id, string control, string kind, Instant effective, bool selfAttested = false) => new()
        {
            EvidenceId = id, ControlId = control, Kind = kind, SelfAttested = selfAttested, ArtifactSha256 = selfAttested ? null : Digest(id),
            MediaType = "application/pdf", FileName = $"{id}.pdf", CollectedAt = effective, EffectiveAt = effective, CollectedBy = "it-admin",
        };
        yield return Piece("e-documented", "crit-documented", "report", Day(2026, 2, 1));
        yield return Piece("e-tick", "crit-tick-only", "checklist-tick", Day(2026, 2, 1), selfAttested: true);
        yield return Piece("e-expiring", "imp-expiring", "review", Day(2026, 2, 10));
        yield return Piece("e-expired", "imp-expired", "review", Day(2025, 12, 1));
        yield return Piece("e-withdrawn", "imp-withdrawn", "review", Day(2026, 2, 1));
    }

    private static IEnumerable<EntryDraft> Vendors()
    {
        var clauses = BaaRequiredClauses.All.Select(c => c.Id).ToList();
        BaaSignatory[] signatories = [new("Kim Lee", "Compliance Officer", "Clinic"), new("Sam Roe", "CEO", "Vendor")];
        BusinessAssociateAgreement Terms(string vendor, Instant effective, Instant? expires, bool autoRenew = false, IReadOnlyList<string>? with = null) => new()
        {
            BaaId = $"{vendor}/baa", VendorId = vendor, Services = ["hosting"], PhiCategories = ["demographics"], PermittedUses = ["treatment"],
            EffectiveAt = effective, ExpiresAt = expires, AutoRenew = autoRenew, ExecutedAt = effective, DocumentSha256 = Digest(vendor),
            Signatories = signatories, Clauses = with ?? clauses,
        };
        foreach (var (vendor, phi) in new[] { ("v-covered", true), ("v-missing-clauses", true), ("v-expired", true), ("v-auto-renew", true), ("v-terminated", true), ("v-no-phi", false), ("v-expiring", true), ("v-draft-only", true) })
        {
            yield return new VendorRegistration { VendorId = vendor, Name = $"{vendor} Inc.", Services = ["hosting"], HandlesPhi = phi }.ToDraft("officer");
        }

        yield return Terms("v-covered", Day(2025, 1, 1), Day(2027, 1, 1)).ToExecutedDraft("officer");
        yield return Terms("v-missing-clauses", Day(2025, 1, 1), null, with: clauses.Skip(2).ToList()).ToExecutedDraft("officer");
        yield return Terms("v-expired", Day(2024, 2, 1), Day(2026, 2, 1)).ToExecutedDraft("officer");
        yield return Terms("v-auto-renew", Day(2024, 1, 1), Day(2025, 12, 31), autoRenew: true).ToExecutedDraft("officer");
        yield return Terms("v-terminated", Day(2024, 1, 1), null).ToExecutedDraft("officer");
        yield return new BaaTermination { BaaId = "v-terminated/baa", TerminatedAt = Day(2026, 2, 15), Reason = "vendor replaced" }.ToDraft("officer");
        yield return new PhiDispositionRecord { BaaId = "v-terminated/baa", Disposition = PhiDisposition.Destroyed, EvidenceSha256 = Digest("certificate of destruction"), CompletedAt = Day(2026, 2, 20) }.ToDraft("officer");
        yield return new VendorRegistration { VendorId = "v-terminated", Name = "v-terminated Inc.", HandlesPhi = false }.ToDraft("officer");
        yield return Terms("v-expiring", Day(2025, 3, 20), Day(2026, 3, 20)).ToExecutedDraft("officer");
        yield return Terms("v-draft-only", Day(2026, 1, 1), null).ToDraftedDraft("officer");
    }

    private static IEnumerable<EntryDraft> Workforce()
    {
        TrainingAssignment Assign(string person, Instant assigned, Instant due) => new()
        {
            AssignmentId = $"{person}/hipaa", PersonId = person, CourseId = "hipaa-security", ContentVersion = "2026.1", ContentSha256 = Digest("course 2026.1"),
            Topics = [TrainingTopic.SecurityReminders, TrainingTopic.PasswordManagement], AssignedAt = assigned, DueAt = due, RecurrenceDays = 365,
        };
        TrainingCompletion Complete(string person, Instant at) => new() { AssignmentId = $"{person}/hipaa", PersonId = person, CompletedAt = at, Score = 92 };
        foreach (var person in new[] { "p-current", "p-overdue", "p-expired", "p-expiring", "p-waived", "p-not-due", "p-unassigned", "p-left" })
        {
            var joined = person == "p-not-due" ? Day(2026, 2, 20) : Day(2024, 6, 1);
            yield return new WorkforceMembership { PersonId = person, Category = WorkforceCategory.Employee, Role = "Nurse", JoinedAt = joined }.ToDraft("hr");
        }

        yield return Assign("p-current", Day(2026, 1, 2), Day(2026, 2, 1)).ToDraft("lms");
        yield return Complete("p-current", Day(2026, 1, 15)).ToDraft("lms");
        yield return Assign("p-overdue", Day(2026, 1, 2), Day(2026, 2, 1)).ToDraft("lms");
        yield return Assign("p-expired", Day(2025, 1, 2), Day(2025, 2, 1)).ToDraft("lms");
        yield return Complete("p-expired", Day(2025, 1, 10)).ToDraft("lms");
        yield return Assign("p-expiring", Day(2025, 3, 1), Day(2025, 4, 1)).ToDraft("lms");
        yield return Complete("p-expiring", Day(2025, 3, 10)).ToDraft("lms");
        yield return Assign("p-waived", Day(2026, 1, 2), Day(2026, 2, 1)).ToDraft("lms");
        yield return new TrainingWaiver { AssignmentId = "p-waived/hipaa", PersonId = "p-waived", ApprovedBy = "officer", Reason = "on leave", WaivedAt = Day(2026, 1, 20) }.ToDraft("officer");
        yield return Assign("p-not-due", Day(2026, 2, 20), Day(2026, 3, 20)).ToDraft("lms");
        yield return Assign("p-left", Day(2026, 1, 2), Day(2026, 2, 1)).ToDraft("lms");
        yield return new WorkforceDeparture { PersonId = "p-left", LeftAt = Day(2026, 1, 31) }.ToDraft("hr");
    }
}
