using ComplianceKit.Access;
using ComplianceKit.Administration;
using ComplianceKit.Approvals;
using ComplianceKit.Baa;
using ComplianceKit.Checklists;
using ComplianceKit.Controls;
using ComplianceKit.Evidence;
using ComplianceKit.Import;
using ComplianceKit.Retention;
using ComplianceKit.Training;
using NodaTime;

namespace ComplianceKit.Tests.Ledger;

/// <summary>
/// One representative value per payload shape (optional members absent and present, unicode, escapes, numbers), encoded
/// through the library's public way to write it. Their bytes were captured from the encoders before the payload codec
/// (Vectors/payloads.json) and must never change: entries already in ledgers were hashed over them.
/// </summary>
internal static class PayloadVectorCases
{
    private static readonly Instant At = Instant.FromUtc(2026, 3, 1, 9, 30) + Duration.FromTicks(1234567);
    private static readonly Instant Later = Instant.FromUtc(2027, 2, 28, 23, 59, 59);
    private const string Hex = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
    private const string Unicode = "Zoë «Ünïcødé» 東京 \"quoted\" back\\slash 😀";

    public static IReadOnlyList<(string Name, Func<byte[]> Encode)> All { get; } =
    [
        ("control.defined/minimal", () => Bytes(new ControlDefinition { Id = "c-1", Title = "Minimal" }.ToDraft("a"))),
        ("control.defined/full", () => Bytes(new ControlDefinition
        {
            Id = "hipaa.164.312.b", Title = Unicode, Description = "Audit\ncontrols\t(all)", FrameworkReference = "45 CFR 164.312(b)",
            Category = "technical", Requirement = ImplementationRequirement.Addressable, Criticality = ControlCriticality.Critical,
            OwnerRole = "IT Administrator", Evidence = [new EvidenceRequirement("log-review", 90), new EvidenceRequirement("policy")],
            Source = "catalog:hipaa-security-rule",
        }.ToDraft("a"))),
        ("control.decision.recorded/minimal", () => Bytes(new AddressableDecision
        {
            ControlId = "c-1", Outcome = AddressableOutcome.NotReasonableAndAppropriate, Rationale = "Kiosk", DecidedBy = "so", DecidedAt = At,
        }.ToDraft("a"))),
        ("control.decision.recorded/full", () => Bytes(new AddressableDecision
        {
            ControlId = "c-1", Outcome = AddressableOutcome.AlternativeImplemented, Rationale = Unicode, AlternativeMeasure = "Badge tap",
            DecidedBy = "so", DecidedAt = At,
        }.ToDraft("a"))),
        ("evidence.attached/self-attested", () => Bytes(new EvidenceStatement
        {
            EvidenceId = "e-1", ControlId = "c-1", Kind = "checklist-tick", SelfAttested = true, CollectedAt = At, CollectedBy = "importer",
            Source = "checklist:g",
        }.ToDraft("a"))),
        ("evidence.attached/full", () => Bytes(new EvidenceStatement
        {
            EvidenceId = "restore-2026-02", ControlId = "hipaa.164.308.a.7.ii.a", Kind = "backup-restore-test", ArtifactSha256 = Hex,
            MediaType = "application/pdf", FileName = "restöre test.pdf", Uri = new Uri("https://example.org/a?b=c&d=é"), CollectedAt = At,
            EffectiveAt = At - Duration.FromDays(1), ValidUntil = Later, CollectedBy = "it-admin", Note = Unicode,
        }.ToDraft("a"))),
        ("evidence.withdrawn", () => Bytes(new EvidenceWithdrawal { EvidenceId = "e-1", ControlId = "c-1", Reason = Unicode }.ToDraft("a"))),
        ("vendor.registered/minimal", () => Bytes(new VendorRegistration { VendorId = "v-1", Name = "Acme", HandlesPhi = false }.ToDraft("a"))),
        ("vendor.registered/full", () => Bytes(new VendorRegistration
        {
            VendorId = "acme-labs", Name = Unicode, Services = ["lab results interface", "fax"], HandlesPhi = true,
        }.ToDraft("a"))),
        ("baa.drafted/minimal", () => Bytes(new BusinessAssociateAgreement { BaaId = "b-1", VendorId = "v-1" }.ToDraftedDraft("a"))),
        ("baa.executed/full", () => Bytes(new BusinessAssociateAgreement
        {
            BaaId = "acme-labs-2026", VendorId = "acme-labs", ParentBaaId = "upstream-1", Services = ["lab results interface"],
            PhiCategories = ["lab results"], PermittedUses = ["treatment"], EffectiveAt = At, ExpiresAt = Later, AutoRenew = true,
            ExecutedAt = At, DocumentSha256 = Hex, Clauses = ["permitted-uses", "safeguards"],
            Signatories = [new BaaSignatory("Kim Lee", "Compliance Officer", "Clinic"), new BaaSignatory("Sam Roë", "CEO", "Acme Labs")],
        }.ToExecutedDraft("a"))),
        ("baa.terminated", () => Bytes(new BaaTermination { BaaId = "b-1", TerminatedAt = Later, Reason = "vendor replaced" }.ToDraft("a"))),
        ("baa.disposition.recorded", () => Bytes(new PhiDispositionRecord
        {
            BaaId = "b-1", Disposition = PhiDisposition.InfeasibleProtectionsExtended, EvidenceSha256 = Hex, CompletedAt = At,
        }.ToDraft("a"))),
        ("workforce.joined", () => Bytes(new WorkforceMembership
        {
            PersonId = "staff-042", Category = WorkforceCategory.Contractor, Role = "Nurse", JoinedAt = At,
        }.ToDraft("a"))),
        ("workforce.left", () => Bytes(new WorkforceDeparture { PersonId = "staff-042", LeftAt = Later }.ToDraft("a"))),
        ("training.assigned/minimal", () => Bytes(new TrainingAssignment
        {
            AssignmentId = "as-1", PersonId = "p-1", CourseId = "course", ContentVersion = "1", ContentSha256 = Hex, AssignedAt = At, DueAt = Later,
        }.ToDraft("a"))),
        ("training.assigned/full", () => Bytes(new TrainingAssignment
        {
            AssignmentId = "staff-042/hipaa-2026", PersonId = "staff-042", CourseId = "hipaa-security-awareness", ContentVersion = "2026.1",
            ContentSha256 = Hex, Topics = [TrainingTopic.SecurityReminders, TrainingTopic.PasswordManagement], AssignedAt = At, DueAt = Later,
            RecurrenceDays = 365,
        }.ToDraft("a"))),
        ("training.completed/minimal", () => Bytes(new TrainingCompletion { AssignmentId = "as-1", PersonId = "p-1", CompletedAt = At }.ToDraft("a"))),
        ("training.completed/full", () => Bytes(new TrainingCompletion
        {
            AssignmentId = "as-1", PersonId = "p-1", CompletedAt = At, Score = 87.5, ExpiresAt = Later,
        }.ToDraft("a"))),
        ("training.completed/score-fraction", () => Bytes(new TrainingCompletion
        {
            AssignmentId = "as-1", PersonId = "p-1", CompletedAt = At, Score = 0.1 + 0.2,
        }.ToDraft("a"))),
        ("training.waived/minimal", () => Bytes(new TrainingWaiver
        {
            AssignmentId = "as-1", PersonId = "p-1", ApprovedBy = "so", Reason = "on leave", WaivedAt = At,
        }.ToDraft("a"))),
        ("training.waived/full", () => Bytes(new TrainingWaiver
        {
            AssignmentId = "as-1", PersonId = "p-1", ApprovedBy = "so", Reason = Unicode, WaivedAt = At, WaivedUntil = Later,
        }.ToDraft("a"))),
        ("checklist.imported/minimal", () => Bytes(new ChecklistImportSummary
        {
            GateId = "g-1", SourceSha256 = Hex, ItemCount = 0, CheckedCount = 0, SkippedLineCount = 0,
        }.ToDraft("a"))),
        ("checklist.imported/full", () => Bytes(new ChecklistImportSummary
        {
            GateId = "release-3-1", SourceName = "c.md", SourceSha256 = Hex, Title = Unicode, ItemCount = 4, CheckedCount = 1,
            SignOffRoles = ["Security Lead"], SkippedLineCount = 1,
            DeclaredClaims = [new ChecklistClaim(2, 92.5m, "readiness: 92.5%", ReadinessClaimScope.Overall), new ChecklistClaim(3, 40m, "api: 40%", ReadinessClaimScope.Component, "api"), new ChecklistClaim(4, 100m, "old")],
            HeadlineClaim = new ChecklistClaim(2, 92.5m, "readiness: 92.5%", ReadinessClaimScope.Overall),
            PostDeploymentGateId = "release-3-1-post-deployment", MappingSha256 = Hex,
        }.ToDraft("a"))),
        ("gate.defined/minimal", () => Bytes(new GateDefinition
        {
            Id = "release-2.4.0", Title = "Release", Subject = new ApprovalSubject("release", "2.4.0"), RequiredRoles = ["Compliance Officer"],
        }.ToDraft("a"))),
        ("gate.defined/full", () => Bytes(new GateDefinition
        {
            Id = "release-3-1", Title = Unicode, Subject = new ApprovalSubject("deployment", "release-3-1"), RequiredRoles = ["Security Lead", "QA"],
            ArtifactSha256 = Hex, RequiredControls = ["release-3-1/must-have.1"], Phase = GatePhase.PostDeployment, ReleaseGate = "release-3-0",
            OptionalControls = ["release-3-1/nice.1"],
            Requirements = [new GateRequirement { Control = "release-3-1/must-have.1", Kind = GateRequirementKind.BaaInForce, Vendors = ["twilio"] },
                new GateRequirement { Control = "t", Kind = GateRequirementKind.TrainingCurrent }],
            Attestations = [new RoleAttestation { Role = "Security Lead", Statement = "No open findings" }],
        }.ToDraft("a"))),
        ("approval.statement/with-conditions", () => Statement().ToCanonicalBytes()),
        ("approval.signed", () => SignedApproval.ToPayload(Statement().ToCanonicalBytes(), [0x30, 0x82, 0x01, 0xff, 0xfe])),
        ("trust.anchor.added", () => new TrustAnchorRecord(Hex, "CN=Root, O=Zoë", "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n").ToCanonicalBytes()),
        ("trust.anchor.removed", () => new TrustAnchorRemoval(Hex, Unicode).ToCanonicalBytes()),
        ("role.granted", () => new RoleGrantRecord("Compliance Officer", Hex, "CN=Kim Lee").ToCanonicalBytes()),
        ("role.grant.confirmed", () => new RoleGrantConfirmation(9007199254740993, "Compliance Officer", Hex).ToCanonicalBytes()),
        ("administration/content-to-sign", () => SignedAdministrativePayload.ContentToSign(
            new RoleGrantRecord("Compliance Officer", Hex, "CN=Kim Lee").ToCanonicalBytes(), new AdministrativeHeader("role.granted", "default", Instant.FromUtc(2026, 3, 1, 9, 30)))),
        ("administration/composed", () => SignedAdministrativePayload.Compose(SignedAdministrativePayload.ContentToSign(
            new RoleGrantRecord("Compliance Officer", Hex, "CN=Kim Lee").ToCanonicalBytes(), new AdministrativeHeader("role.granted", "default", Instant.FromUtc(2026, 3, 1, 9, 30))), [1, 2, 3, 250])),
        ("access/minimal", () => AccessEventEncoder.CanonicalPayload(new AccessEvent
        {
            UserId = "u", Role = "Nurse", RecordReference = "r", Action = AccessAction.View, PurposeOfUse = "TREAT", Outcome = AccessOutcome.Allowed,
        })),
        ("access/full", () => AccessEventEncoder.CanonicalPayload(new AccessEvent
        {
            UserId = "u", Role = Unicode, RecordReference = "r", Action = AccessAction.Export, PurposeOfUse = "ETREAT", Outcome = AccessOutcome.BreakGlass,
            Client = "10.0.0.1 «ward»", SessionId = "s-\u00e9\u6771",
        })),
        ("retention.policy.set/recorded-at", () => RetentionPayloads.Policy(new RetentionPolicy(
            "access-6y", ["access.*"], Period.FromYears(6), RetentionBasis.RecordedAt, "documentation", DateTimeZoneProviders.Tzdb["America/New_York"]))),
        ("retention.policy.set/last-effective", () => RetentionPayloads.Policy(new RetentionPolicy(
            "baa-6y", ["baa.*", "vendor.registered"], Period.FromYears(6) + Period.FromMonths(6) + Period.FromWeeks(2) + Period.FromDays(3),
            RetentionBasis.LastEffective, "documentation", DateTimeZoneProviders.Tzdb["Europe/Berlin"], ["baa.terminated"]))),
        ("retention.policy.retired", () => RetentionPayloads.PolicyRetired("access-6y", Unicode)),
        ("retention.override.approved", () => RetentionPayloads.Override("short", "documentation", Period.FromYears(1), Period.FromYears(6),
            new RetentionOverride("counsel advice", "Kim Lee"))),
        ("hold.placed/minimal", () => RetentionPayloads.HoldPlaced(new LegalHold("h-1", "litigation"))),
        ("hold.placed/full", () => RetentionPayloads.HoldPlaced(new LegalHold("h-2", Unicode, "rec:*", "access.*", At, Later))),
        ("hold.released", () => RetentionPayloads.HoldReleased("h-1", "settled")),
        ("retention.clock-skew.overridden", () => RetentionPayloads.ClockSkewOverride(Later, At, Duration.FromDays(30),
            new RetentionOverride("clock fixed", "ops"))),
        ("retention.purged", () => RetentionPayloads.Purged("access-6y", 3, Later, [new SequenceRange(4, 6), new SequenceRange(8, 11)])),
    ];

    /// <summary>Per entry shape (the name before '/'), the library's reader followed by its writer: what an entry written before reads back as, written again.</summary>
    public static IReadOnlyDictionary<string, Func<byte[], byte[]>> Rewrite { get; } = new Dictionary<string, Func<byte[], byte[]>>(StringComparer.Ordinal)
    {
        ["control.defined"] = b => Bytes(ControlDefinition.FromEntry(Entry("control.defined", b)).ToDraft("a")),
        ["control.decision.recorded"] = b => Bytes(AddressableDecision.FromEntry(Entry("control.decision.recorded", b)).ToDraft("a")),
        ["evidence.attached"] = b => Bytes(EvidenceStatement.FromEntry(Entry("evidence.attached", b)).ToDraft("a")),
        ["evidence.withdrawn"] = b => Bytes(EvidenceWithdrawal.FromEntry(Entry("evidence.withdrawn", b)).ToDraft("a")),
        ["vendor.registered"] = b => Bytes(VendorRegistration.FromEntry(Entry("vendor.registered", b)).ToDraft("a")),
        ["baa.drafted"] = b => Bytes(BusinessAssociateAgreement.FromEntry(Entry("baa.drafted", b)).ToDraftedDraft("a")),
        ["baa.executed"] = b => Bytes(BusinessAssociateAgreement.FromEntry(Entry("baa.executed", b)).ToExecutedDraft("a")),
        ["baa.terminated"] = b => Bytes(BaaTermination.FromEntry(Entry("baa.terminated", b)).ToDraft("a")),
        ["baa.disposition.recorded"] = b => Bytes(PhiDispositionRecord.FromEntry(Entry("baa.disposition.recorded", b)).ToDraft("a")),
        ["workforce.joined"] = b => Bytes(WorkforceMembership.FromEntry(Entry("workforce.joined", b)).ToDraft("a")),
        ["workforce.left"] = b => Bytes(WorkforceDeparture.FromEntry(Entry("workforce.left", b)).ToDraft("a")),
        ["training.assigned"] = b => Bytes(TrainingAssignment.FromEntry(Entry("training.assigned", b)).ToDraft("a")),
        ["training.completed"] = b => Bytes(TrainingCompletion.FromEntry(Entry("training.completed", b)).ToDraft("a")),
        ["training.waived"] = b => Bytes(TrainingWaiver.FromEntry(Entry("training.waived", b)).ToDraft("a")),
        ["checklist.imported"] = b => Bytes(ChecklistImportSummary.FromEntry(Entry("checklist.imported", b)).ToDraft("a")),
        ["gate.defined"] = b => Bytes(GateDefinition.FromEntry(Entry("gate.defined", b)).ToDraft("a")),
        ["approval.statement"] = b => ApprovalStatement.Parse(b).ToCanonicalBytes(),
        ["approval.signed"] = b =>
        {
            var approval = SignedApproval.FromEntry(Entry("approval.signed", b));
            return SignedApproval.ToPayload(approval.StatementBytes, approval.Signature);
        },
        // The vector's PEM is not a certificate, so this reads through the codec without Parse's fingerprint check.
        ["trust.anchor.added"] = b => ComplianceKit.Ledger.PayloadCodec.Decode<TrustAnchorRecord>(b, "trust anchor record").ToCanonicalBytes(),
        ["trust.anchor.removed"] = b => TrustAnchorRemoval.Parse(b).ToCanonicalBytes(),
        ["role.granted"] = b => RoleGrantRecord.Parse(b).ToCanonicalBytes(),
        ["role.grant.confirmed"] = b => RoleGrantConfirmation.Parse(b).ToCanonicalBytes(),
        ["administration"] = b =>
        {
            var payload = SignedAdministrativePayload.Read(b);
            return payload.Signature is { } signature ? SignedAdministrativePayload.Compose(payload.SignedContent, signature) : payload.SignedContent;
        },
        ["access"] = b => AccessEventPayload.FromEntry(Entry("access.allowed", b)).ToCanonicalBytes(),
        ["retention.policy.set"] = b => RetentionPayloads.Policy(RetentionPayloads.ReadPolicy(b)!),
        ["hold.placed"] = b => RetentionPayloads.HoldPlaced(RetentionPayloads.ReadHoldPlaced(b)!),
        ["retention.purged"] = b =>
        {
            var purge = RetentionPayloads.ReadPurged(b, 99, "a", Later)!;
            return RetentionPayloads.Purged(purge.PolicyId, purge.PolicySequence, purge.AsOf, purge.Ranges);
        },
    };

    private static ApprovalStatement Statement() => new()
    {
        Organization = "Test Clinic",
        Subject = new ApprovalSubject("release", "2.4.0"),
        ArtifactSha256 = Hex,
        Decision = ApprovalDecision.ApprovedWithConditions,
        Conditions = Unicode,
        Meaning = SignatureMeaning.Responsibility,
        Signer = new ApprovalSigner("Casey Officer", "Compliance Officer", Hex),
        SignedAt = Instant.FromUtc(2026, 3, 1, 9, 30),
        LedgerHead = new LedgerHeadReference("default", 7, Hex),
    };

    private static byte[] Bytes(ComplianceKit.Ledger.EntryDraft draft) => draft.Payload.ToArray();

    private static ComplianceKit.Ledger.LedgerEntry Entry(string entryType, byte[] payload) => new()
    {
        ChainId = "c", Sequence = 1, EntryType = entryType, Subject = "s", Actor = "a", OccurredAt = At, RecordedAt = At, Payload = payload,
        PayloadSalt = new byte[32], PayloadDigest = new byte[32], PreviousHash = new byte[32], EntryHash = new byte[32],
    };

}
