using System.Text;
using ComplianceKit.Baa;
using ComplianceKit.Controls;
using ComplianceKit.Evidence;
using ComplianceKit.Import;
using ComplianceKit.Training;
using NodaTime;

namespace ComplianceKit.Tests.Projection;

/// <summary>The payload examples of docs/FORMAT.md, section 11, byte for byte: if one of these fails, the document is out of date.</summary>
public class PayloadExamplesTests
{
    private static readonly Instant At = Instant.FromUtc(2026, 3, 1, 9, 30);

    public static TheoryData<string, string> Examples => new()
    {
        {
            Text(new ControlDefinition
            {
                Id = "hipaa.164.312.b", Title = "Audit controls", FrameworkReference = "45 CFR 164.312(b)", Category = "technical", Criticality = ControlCriticality.Critical,
                OwnerRole = "IT Administrator", Evidence = [new EvidenceRequirement("log-review", 90)], Source = "catalog:hipaa-security-rule",
            }.ToDraft("officer").Payload),
            """{"category":"technical","criticality":"critical","evidence":[{"freshnessDays":90,"kind":"log-review"}],"frameworkReference":"45 CFR 164.312(b)","id":"hipaa.164.312.b","ownerRole":"IT Administrator","requirement":"required","source":"catalog:hipaa-security-rule","title":"Audit controls"}"""
        },
        {
            Text(new AddressableDecision
            {
                ControlId = "hipaa.164.312.a.2.iii", Outcome = AddressableOutcome.AlternativeImplemented, Rationale = "Kiosk mode workstations",
                AlternativeMeasure = "Badge tap locks the session", DecidedBy = "security-official", DecidedAt = At,
            }.ToDraft("officer").Payload),
            """{"alternativeMeasure":"Badge tap locks the session","controlId":"hipaa.164.312.a.2.iii","decidedAt":"2026-03-01T09:30:00.000000Z","decidedBy":"security-official","outcome":"alternativeImplemented","rationale":"Kiosk mode workstations"}"""
        },
        {
            Text(new EvidenceStatement
            {
                EvidenceId = "restore-2026-02", ControlId = "hipaa.164.308.a.7.ii.a", Kind = "backup-restore-test", ArtifactSha256 = new string('a', 64),
                MediaType = "application/pdf", FileName = "restore-test.pdf", CollectedAt = At, ValidUntil = At + Duration.FromDays(180), CollectedBy = "it-admin",
            }.ToDraft("it").Payload),
            """{"artifactSha256":"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa","collectedAt":"2026-03-01T09:30:00.000000Z","collectedBy":"it-admin","controlId":"hipaa.164.308.a.7.ii.a","evidenceId":"restore-2026-02","fileName":"restore-test.pdf","kind":"backup-restore-test","mediaType":"application/pdf","selfAttested":false,"validUntil":"2026-08-28T09:30:00.000000Z"}"""
        },
        {
            Text(new VendorRegistration { VendorId = "acme-labs", Name = "Acme Labs", Services = ["lab results interface"], HandlesPhi = true }.ToDraft("officer").Payload),
            """{"handlesPhi":true,"name":"Acme Labs","services":["lab results interface"],"vendorId":"acme-labs"}"""
        },
        {
            Text(new BusinessAssociateAgreement
            {
                BaaId = "acme-labs-2026", VendorId = "acme-labs", Services = ["lab results interface"], PhiCategories = ["lab results"], PermittedUses = ["treatment"],
                EffectiveAt = At, ExpiresAt = At + Duration.FromDays(730), AutoRenew = true, ExecutedAt = At, DocumentSha256 = new string('b', 64),
                Signatories = [new("Kim Lee", "Compliance Officer", "Clinic"), new("Sam Roe", "CEO", "Acme Labs")], Clauses = ["permitted-uses", "safeguards"],
            }.ToExecutedDraft("officer").Payload),
            """{"autoRenew":true,"baaId":"acme-labs-2026","clauses":["permitted-uses","safeguards"],"documentSha256":"bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb","effectiveAt":"2026-03-01T09:30:00.000000Z","executedAt":"2026-03-01T09:30:00.000000Z","expiresAt":"2028-02-29T09:30:00.000000Z","permittedUses":["treatment"],"phiCategories":["lab results"],"services":["lab results interface"],"signatories":[{"name":"Kim Lee","organization":"Clinic","title":"Compliance Officer"},{"name":"Sam Roe","organization":"Acme Labs","title":"CEO"}],"vendorId":"acme-labs"}"""
        },
        {
            Text(new TrainingAssignment
            {
                AssignmentId = "staff-042/hipaa-2026", PersonId = "staff-042", CourseId = "hipaa-security-awareness", ContentVersion = "2026.1", ContentSha256 = new string('c', 64),
                Topics = [TrainingTopic.SecurityReminders, TrainingTopic.PasswordManagement], AssignedAt = At, DueAt = At + Duration.FromDays(30), RecurrenceDays = 365,
            }.ToDraft("lms").Payload),
            """{"assignedAt":"2026-03-01T09:30:00.000000Z","assignmentId":"staff-042/hipaa-2026","contentSha256":"cccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccc","contentVersion":"2026.1","courseId":"hipaa-security-awareness","dueAt":"2026-03-31T09:30:00.000000Z","personId":"staff-042","recurrenceDays":365,"topics":["securityReminders","passwordManagement"]}"""
        },
        {
            Text(new ChecklistImportSummary
            {
                GateId = "release-3-1", SourceName = "release.md", SourceSha256 = new string('d', 64), Title = "Release 3.1", ItemCount = 5, CheckedCount = 3,
                SignOffRoles = ["Compliance Officer"], SkippedLineCount = 2, DeclaredClaims = [new ChecklistClaim(3, 95m, "95% ready")],
            }.ToDraft("cli").Payload),
            """{"checkedCount":3,"declaredClaims":[{"line":3,"percent":95,"text":"95% ready"}],"gateId":"release-3-1","itemCount":5,"signOffRoles":["Compliance Officer"],"skippedLineCount":2,"sourceName":"release.md","sourceSha256":"dddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddd","title":"Release 3.1"}"""
        },
    };

    [Theory]
    [MemberData(nameof(Examples))]
    public void ToDraft_DocumentedExample_IsTheCanonicalPayload(string actual, string documented) => Assert.Equal(documented, actual);

    private static string Text(ReadOnlyMemory<byte> payload) => Encoding.UTF8.GetString(payload.Span);
}
