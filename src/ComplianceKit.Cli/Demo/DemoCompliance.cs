using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using ComplianceKit.Administration;
using ComplianceKit.Approvals;
using ComplianceKit.Baa;
using ComplianceKit.Checklists;
using ComplianceKit.Cli.Compliance;
using ComplianceKit.Cli.Output;
using ComplianceKit.Controls;
using ComplianceKit.EntityFrameworkCore;
using ComplianceKit.EntityFrameworkCore.Projection;
using ComplianceKit.Evidence;
using ComplianceKit.Hashing;
using ComplianceKit.Import;
using ComplianceKit.Ledger;
using ComplianceKit.Projection;
using ComplianceKit.Readiness;
using ComplianceKit.Signing;
using ComplianceKit.Training;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using ComplianceKit.Verification;
using NodaTime;

namespace ComplianceKit.Cli.Demo;

/// <summary>
/// The demo clinic's compliance programme, recorded as a host app would: the HIPAA Security Rule catalog with evidence,
/// its release checklist imported (an embedded markdown string), vendors and their BAAs, workforce training, signed
/// approvals from a demo CA; then readiness of the release gate, computed from evidence, with every blocker.
/// </summary>
internal static class DemoCompliance
{
    private const string Chain = "default";
    private const string Officer = "staff:compliance-officer";

    /// <summary>The clinic's release checklist as its team wrote it, declared readiness figure included.</summary>
    internal const string Checklist = """
        # Northwind EHR 2026.3 Release Checklist

        **Readiness: 95%** (team estimate)

        ## Security
        - [x] **Penetration test**: external firm, no critical findings
          - report filed in the document vault
        - [x] **Audit logging**: every PHI access recorded in the ledger
        - [x] TLS certificates valid for 90+ days
        - [ ] **Encryption at rest**: new reporting database encrypted

        ## HIPAA
        - [x] Business associate agreements in place for every new vendor
        - [x] Workforce security training current
        - [ ] **Break-glass access**: emergency procedure tested this quarter

        ## Operations
        - [x] Backups restored in staging
        - [x] Rollback plan rehearsed
        - [ ] Monitoring alerts routed to on-call

        ## Sign-off
        - [ ] Compliance Officer: ______________ Date: ________
        - [ ] Development Lead: ______________ Date: ________
        - [ ] Operations Lead: ______________ Date: ________
        """;

    public static async Task<ReadinessReport> RunAsync(IServiceProvider services, DemoClinic clinic, DemoCertificateAuthority authority, DemoAdministration administration,
        TextWriter output, CancellationToken cancellationToken)
    {
        var ledger = services.GetRequiredService<IComplianceLedger>();
        var clock = services.GetRequiredService<IClock>();
        var now = clock.GetCurrentInstant();
        var run = now.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);

        var catalog = ControlCatalog.HipaaSecurityRule();
        var drafts = new List<EntryDraft>(catalog.ToDrafts(Officer));
        drafts.AddRange(CatalogEvidence(catalog, clinic, now, run).Select(e => e.ToDraft(Officer)));
        drafts.AddRange(Vendors(clinic, now));
        drafts.AddRange(Workforce(clinic, now));
        await ledger.AppendAsync(Chain, drafts, cancellationToken).ConfigureAwait(false);

        var bytes = Encoding.UTF8.GetBytes(Checklist);
        var document = new MarkdownChecklistParser().Parse(Checklist, "northwind-ehr-2026.3-checklist.md");
        var plan = ChecklistImporter.Plan(document, new ChecklistImportOptions { GateId = "ehr-2026.3", SourceSha256 = Hex.Format(SHA256.HashData(bytes)), ImportedAt = now, ImportedBy = Officer });
        var gates = new Dictionary<string, EntryDraft>(StringComparer.Ordinal);
        foreach (var definition in new[] { plan.Gate, plan.PostDeploymentGate }.OfType<GateDefinition>())
        {
            gates[definition.Id] = await administration.Recorder.SignDraftAsync(Chain, GateDefinition.EntryType, $"gate:{definition.Id}", definition.ToRecordBytes(),
                administration.Administrator, cancellationToken).ConfigureAwait(false);
        }

        await ledger.AppendAsync(Chain, plan.ToDrafts(Officer, definition => gates[definition.Id]), cancellationToken).ConfigureAwait(false);
        output.WriteLine($"Compliance: {catalog.Controls.Count} HIPAA Security Rule controls, {clinic.Vendors.Count} vendors, {clinic.Staff.Count} staff in training; " +
            $"checklist imported: {plan.Controls.Count} items ({plan.Evidence.Count} ticked, kept as self-attested), sign-off roles {string.Join(", ", plan.Summary.SignOffRoles)}");

        await SignApprovalsAsync(services, ledger, clock, authority, administration, plan, clinic, cancellationToken).ConfigureAwait(false);

        // The demo's database is always new, made from today's model: its projection tables exist.
        await services.GetRequiredService<ComplianceProjection<ComplianceKitDbContext>>().RebuildAsync(Chain, cancellationToken).ConfigureAwait(false);
        var queries = services.GetRequiredService<IComplianceQueries>();

        // Trust what the clinic recorded as anchors: this run's demo CA and those of earlier runs on the same file.
        var at = clock.GetCurrentInstant();
        var chain = await VerifiedChain.OpenAsync(ledger, Chain, cancellationToken).ConfigureAwait(false);
        await using var chainScope = chain.ConfigureAwait(false);
        var (anchors, _) = await TrustAnchors.LoadAsync([], chain, administration.Trust, "the demo's administration root", at, cancellationToken).ConfigureAwait(false);
        var verifier = new CmsSignatureVerifier(new SignatureTrustPolicy(anchors));
        var report = await new ReadinessEvaluator(ledger, queries, administration.Trust, verifier).EvaluateAsync(chain, plan.Gate.Id, at, cancellationToken).ConfigureAwait(false);
        output.WriteLine();
        ReadinessText.Write(output, "(demo)", report, []);
        return report;
    }

    /// <summary>Evidence for most catalog controls: documents, a few only self-attested, some gone stale.</summary>
    private static IEnumerable<EvidenceStatement> CatalogEvidence(ControlCatalog catalog, DemoClinic clinic, Instant now, string run)
    {
        var admin = clinic.InRole("IT Administrator");
        var index = 0;
        foreach (var control in catalog.Controls)
        {
            index++;
            if (index % 9 == 0)
            {
                continue; // never collected
            }

            foreach (var requirement in control.Evidence)
            {
                var age = index % 7 == 0 ? (requirement.FreshnessDays ?? 365) + 20 : clinic.Random.Int(5, 60);
                var selfAttested = index % 11 == 0;
                var id = $"{control.Id}/{requirement.Kind}/{run}";
                yield return new EvidenceStatement
                {
                    EvidenceId = id, ControlId = control.Id, Kind = requirement.Kind, SelfAttested = selfAttested,
                    ArtifactSha256 = selfAttested ? null : Hex.Format(SHA256.HashData(Encoding.UTF8.GetBytes(id))),
                    MediaType = selfAttested ? null : "application/pdf", FileName = selfAttested ? null : $"{requirement.Kind}.pdf",
                    CollectedAt = now - Duration.FromDays(age), CollectedBy = $"staff:{admin.Id}",
                };
            }
        }
    }

    private static IEnumerable<EntryDraft> Vendors(DemoClinic clinic, Instant now)
    {
        var clauses = BaaRequiredClauses.All.Select(c => c.Id).ToList();
        var officer = clinic.InRole("Compliance Officer");
        var index = 0;
        foreach (var vendor in clinic.Vendors)
        {
            index++;
            yield return new VendorRegistration { VendorId = vendor.Id, Name = vendor.Name, Services = [vendor.Service], HandlesPhi = vendor.HandlesPhi }.ToDraft(Officer);
            if (!vendor.HandlesPhi || index == 7)
            {
                continue; // vendor 7 was onboarded without a BAA
            }

            var effective = now - Duration.FromDays(clinic.Random.Int(60, 700));
            yield return new BusinessAssociateAgreement
            {
                BaaId = $"{vendor.Id}/baa", VendorId = vendor.Id, Services = [vendor.Service], PhiCategories = ["demographics", "clinical notes"],
                PermittedUses = ["treatment", "health care operations"], EffectiveAt = effective, ExecutedAt = effective,
                ExpiresAt = index == 2 ? now + Duration.FromDays(12) : null, AutoRenew = index != 2,
                DocumentSha256 = Hex.Format(SHA256.HashData(Encoding.UTF8.GetBytes($"{vendor.Id} BAA"))),
                Signatories = [new(clinic.InRole("Compliance Officer").Name, "Compliance Officer", DemoClinic.Name), new("Account Executive", "Authorized signatory", vendor.Name)],
                Clauses = index == 4 ? clauses.Where(c => c != "report-security-incidents").ToList() : clauses,
            }.ToExecutedDraft($"staff:{officer.Id}");
        }
    }

    private static IEnumerable<EntryDraft> Workforce(DemoClinic clinic, Instant now)
    {
        var content = Hex.Format(SHA256.HashData("hipaa-security-awareness 2026.1"u8));
        var index = 0;
        foreach (var person in clinic.Staff)
        {
            index++;
            yield return new WorkforceMembership { PersonId = person.Id, Category = WorkforceCategory.Employee, Role = person.Role, JoinedAt = now - Duration.FromDays(400) }.ToDraft("hr:directory");
            if (index == 24)
            {
                continue; // joined without training assigned
            }

            var assigned = now - Duration.FromDays(60);
            yield return new TrainingAssignment
            {
                AssignmentId = $"{person.Id}/hipaa-security-2026", PersonId = person.Id, CourseId = "hipaa-security-awareness", ContentVersion = "2026.1", ContentSha256 = content,
                Topics = [TrainingTopic.SecurityReminders, TrainingTopic.MaliciousSoftwareProtection, TrainingTopic.LoginMonitoring, TrainingTopic.PasswordManagement],
                AssignedAt = assigned, DueAt = assigned + Duration.FromDays(30), RecurrenceDays = 365,
            }.ToDraft("lms:hipaa-academy");
            if (index is 5 or 17)
            {
                continue; // overdue
            }

            yield return new TrainingCompletion
            {
                AssignmentId = $"{person.Id}/hipaa-security-2026", PersonId = person.Id, CompletedAt = assigned + Duration.FromDays(clinic.Random.Int(1, 25)), Score = clinic.Random.Int(80, 100),
            }.ToDraft("lms:hipaa-academy");
        }
    }

    /// <summary>Two of the three sign-off roles approve with demo certificates; the Operations Lead has not yet.</summary>
    private static async Task SignApprovalsAsync(IServiceProvider services, IComplianceLedger ledger, IClock clock, DemoCertificateAuthority authority,
        DemoAdministration administration, ChecklistImportPlan plan, DemoClinic clinic, CancellationToken cancellationToken)
    {
        var recorder = services.GetRequiredService<ApprovalRecorder>();
        // The demo CA was recorded as a trust anchor when the release sign-offs were set up (DemoApprovals).
        var signers = new List<(System.Security.Cryptography.X509Certificates.X509Certificate2 Certificate, string Role, string Name)>();
        foreach (var role in new[] { "Compliance Officer", "Development Lead" })
        {
            var person = clinic.InRole(role);
            var certificate = authority.IssueSigner(person.Name, role, clock.GetCurrentInstant());
            signers.Add((certificate, role, person.Name));
            await administration.Recorder.GrantRoleAsync(Chain, role, certificate, administration.Administrator, cancellationToken).ConfigureAwait(false);
        }

        // Signing times are whole seconds (CMS): sign in the second after the grants, so each signer held the role.
        var fraction = clock.GetCurrentInstant().ToUnixTimeTicks() % NodaConstants.TicksPerSecond;
        await Task.Delay(TimeSpan.FromTicks(NodaConstants.TicksPerSecond - fraction + (10 * NodaConstants.TicksPerMillisecond)), cancellationToken).ConfigureAwait(false);
        foreach (var (certificate, role, name) in signers)
        {
            using (certificate)
            using (var signer = new X509CertificateSigner(certificate))
            {
                await recorder.SignAsync(Chain, new ApprovalRequest
                {
                    Subject = plan.Gate.Subject, ArtifactSha256 = plan.Summary.SourceSha256, Decision = ApprovalDecision.Approved, SignerName = name, Role = role,
                }, signer, cancellationToken).ConfigureAwait(false);
            }
        }
    }
}
