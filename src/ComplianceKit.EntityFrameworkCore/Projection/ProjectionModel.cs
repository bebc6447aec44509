using ComplianceKit.Baa;
using ComplianceKit.Controls;
using ComplianceKit.EntityFrameworkCore.Model;
using ComplianceKit.Evidence;
using ComplianceKit.Training;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ComplianceKit.EntityFrameworkCore.Projection;

/// <summary>Maps the compliance projection's rows to their <c>ck_</c> tables; called by <c>ApplyComplianceKit</c>.</summary>
internal static class ProjectionModel
{
    private const int IdLength = 200;
    private const int ChainLength = ComplianceKit.Ledger.LedgerLimits.MaxChainIdLength;

    /// <summary>The row types in insert order (parents first); deletes go in reverse.</summary>
    public static readonly Type[] RowTypes =
    [
        typeof(ControlRecord), typeof(ControlEvidenceRequirementRecord), typeof(EvidenceRecord), typeof(VendorRecord), typeof(BaaRecord),
        typeof(WorkforceMemberRecord), typeof(TrainingRecord), typeof(ProjectionHeadRow),
    ];

    public static void Apply(ModelBuilder modelBuilder, string? schema)
    {
        modelBuilder.Entity<ControlRecord>(b =>
        {
            b.ToTable(ProjectionTableNames.Controls, schema);
            b.HasKey(c => new { c.ChainId, c.ControlId });
            Chain(b.Property(c => c.ChainId));
            Id(b.Property(c => c.ControlId), "control_id");
            b.Property(c => c.Title).HasColumnName("title");
            b.Property(c => c.Description).HasColumnName("description");
            b.Property(c => c.FrameworkReference).HasColumnName("framework_reference");
            b.Property(c => c.Category).HasColumnName("category");
            b.Property(c => c.Requirement).HasColumnName("requirement").HasConversion<string>().HasMaxLength(20);
            b.Property(c => c.Criticality).HasColumnName("criticality").HasConversion<string>().HasMaxLength(20);
            b.Property(c => c.OwnerRole).HasColumnName("owner_role");
            b.Property(c => c.Source).HasColumnName("source");
            b.Property(c => c.DefinedSequence).HasColumnName("defined_sequence");
            At(b.Property(c => c.DefinedAt), "defined_at");
            b.Property(c => c.RetiredSequence).HasColumnName("retired_sequence");
            b.Property(c => c.DecisionOutcome).HasColumnName("decision_outcome").HasConversion<string>().HasMaxLength(40);
            b.Property(c => c.DecisionRationale).HasColumnName("decision_rationale");
            b.Property(c => c.AlternativeMeasure).HasColumnName("alternative_measure");
            b.Property(c => c.DecidedBy).HasColumnName("decided_by");
            At(b.Property(c => c.DecidedAt), "decided_at");
            b.Property(c => c.DecisionSequence).HasColumnName("decision_sequence");
        });

        modelBuilder.Entity<ControlEvidenceRequirementRecord>(b =>
        {
            b.ToTable(ProjectionTableNames.EvidenceRequirements, schema);
            b.HasKey(r => new { r.ChainId, r.ControlId, r.Kind });
            Chain(b.Property(r => r.ChainId));
            Id(b.Property(r => r.ControlId), "control_id");
            Id(b.Property(r => r.Kind), "kind");
            b.Property(r => r.FreshnessDays).HasColumnName("freshness_days");
        });

        modelBuilder.Entity<EvidenceRecord>(b =>
        {
            b.ToTable(ProjectionTableNames.Evidence, schema);
            b.HasKey(e => new { e.ChainId, e.EvidenceId });
            b.HasIndex(e => new { e.ChainId, e.ControlId }).HasDatabaseName("ix_ck_evidence_control");
            Chain(b.Property(e => e.ChainId));
            Id(b.Property(e => e.EvidenceId), "evidence_id");
            Id(b.Property(e => e.ControlId), "control_id");
            Id(b.Property(e => e.Kind), "kind");
            b.Property(e => e.Assurance).HasColumnName("assurance").HasConversion<string>().HasMaxLength(20);
            b.Property(e => e.ArtifactSha256).HasColumnName("artifact_sha256").HasMaxLength(64);
            b.Property(e => e.MediaType).HasColumnName("media_type");
            b.Property(e => e.FileName).HasColumnName("file_name");
            b.Property(e => e.Uri).HasColumnName("uri");
            At(b.Property(e => e.CollectedAt), "collected_at");
            At(b.Property(e => e.EffectiveAt), "effective_at");
            At(b.Property(e => e.ValidUntil), "valid_until");
            b.Property(e => e.CollectedBy).HasColumnName("collected_by");
            b.Property(e => e.Source).HasColumnName("source");
            b.Property(e => e.Note).HasColumnName("note");
            b.Property(e => e.SignedStatement).HasColumnName("signed_statement");
            b.Property(e => e.Signature).HasColumnName("signature");
            b.Property(e => e.Sequence).HasColumnName("sequence");
            At(b.Property(e => e.RecordedAt), "recorded_at");
            At(b.Property(e => e.WithdrawnAt), "withdrawn_at");
            b.Property(e => e.WithdrawnSequence).HasColumnName("withdrawn_sequence");
            b.Property(e => e.WithdrawalReason).HasColumnName("withdrawal_reason");
        });

        modelBuilder.Entity<VendorRecord>(b =>
        {
            b.ToTable(ProjectionTableNames.Vendors, schema);
            b.HasKey(v => new { v.ChainId, v.VendorId });
            Chain(b.Property(v => v.ChainId));
            Id(b.Property(v => v.VendorId), "vendor_id");
            b.Property(v => v.Name).HasColumnName("name");
            List(b.Property(v => v.Services), "services");
            b.Property(v => v.HandlesPhi).HasColumnName("handles_phi");
            b.Property(v => v.Registered).HasColumnName("registered");
            b.Property(v => v.Sequence).HasColumnName("sequence");
            At(b.Property(v => v.RegisteredAt), "registered_at");
            b.HasMany(v => v.Agreements).WithOne(a => a.Vendor).HasForeignKey(a => new { a.ChainId, a.VendorId }).HasConstraintName("fk_ck_baas_vendor");
        });

        modelBuilder.Entity<BaaRecord>(b =>
        {
            b.ToTable(ProjectionTableNames.Agreements, schema);
            b.HasKey(a => new { a.ChainId, a.BaaId });
            b.HasIndex(a => new { a.ChainId, a.VendorId }).HasDatabaseName("ix_ck_baas_vendor");
            Chain(b.Property(a => a.ChainId));
            Id(b.Property(a => a.BaaId), "baa_id");
            Id(b.Property(a => a.VendorId), "vendor_id");
            b.Property(a => a.ParentBaaId).HasColumnName("parent_baa_id").HasMaxLength(IdLength);
            List(b.Property(a => a.Services), "services");
            List(b.Property(a => a.PhiCategories), "phi_categories");
            List(b.Property(a => a.PermittedUses), "permitted_uses");
            At(b.Property(a => a.EffectiveAt), "effective_at");
            At(b.Property(a => a.ExpiresAt), "expires_at");
            b.Property(a => a.AutoRenew).HasColumnName("auto_renew");
            b.Property(a => a.DocumentSha256).HasColumnName("document_sha256").HasMaxLength(64);
            List(b.Property(a => a.Signatories), "signatories");
            List(b.Property(a => a.Clauses), "clauses");
            At(b.Property(a => a.DraftedAt), "drafted_at");
            At(b.Property(a => a.ExecutedAt), "executed_at");
            At(b.Property(a => a.ExecutionRecordedAt), "execution_recorded_at");
            b.Property(a => a.ExecutedSequence).HasColumnName("executed_sequence");
            At(b.Property(a => a.TerminatedAt), "terminated_at");
            b.Property(a => a.TerminationReason).HasColumnName("termination_reason");
            b.Property(a => a.Disposition).HasColumnName("disposition").HasConversion<string>().HasMaxLength(40);
            b.Property(a => a.DispositionEvidenceSha256).HasColumnName("disposition_evidence_sha256").HasMaxLength(64);
            At(b.Property(a => a.DispositionCompletedAt), "disposition_completed_at");
            b.Property(a => a.Sequence).HasColumnName("sequence");
        });

        modelBuilder.Entity<WorkforceMemberRecord>(b =>
        {
            b.ToTable(ProjectionTableNames.Workforce, schema);
            b.HasKey(m => new { m.ChainId, m.PersonId });
            Chain(b.Property(m => m.ChainId));
            Id(b.Property(m => m.PersonId), "person_id");
            b.Property(m => m.Category).HasColumnName("category").HasConversion<string>().HasMaxLength(20);
            b.Property(m => m.Role).HasColumnName("role");
            At(b.Property(m => m.JoinedAt), "joined_at");
            At(b.Property(m => m.LeftAt), "left_at");
            b.Property(m => m.Registered).HasColumnName("registered");
            At(b.Property(m => m.FirstTrainingCompletedAt), "first_training_completed_at");
            b.Property(m => m.Sequence).HasColumnName("sequence");
            b.HasMany(m => m.Assignments).WithOne(t => t.Member).HasForeignKey(t => new { t.ChainId, t.PersonId }).HasConstraintName("fk_ck_training_person");
        });

        modelBuilder.Entity<TrainingRecord>(b =>
        {
            b.ToTable(ProjectionTableNames.Training, schema);
            b.HasKey(t => new { t.ChainId, t.AssignmentId });
            b.HasIndex(t => new { t.ChainId, t.PersonId }).HasDatabaseName("ix_ck_training_person");
            b.HasIndex(t => new { t.ChainId, t.DueAt }).HasDatabaseName("ix_ck_training_due");
            Chain(b.Property(t => t.ChainId));
            Id(b.Property(t => t.AssignmentId), "assignment_id");
            Id(b.Property(t => t.PersonId), "person_id");
            Id(b.Property(t => t.CourseId), "course_id");
            b.Property(t => t.ContentVersion).HasColumnName("content_version");
            b.Property(t => t.ContentSha256).HasColumnName("content_sha256").HasMaxLength(64);
            List(b.Property(t => t.Topics), "topics");
            At(b.Property(t => t.AssignedAt), "assigned_at");
            At(b.Property(t => t.DueAt), "due_at");
            b.Property(t => t.RecurrenceDays).HasColumnName("recurrence_days");
            At(b.Property(t => t.FirstCompletedAt), "first_completed_at");
            At(b.Property(t => t.CompletedAt), "completed_at");
            b.Property(t => t.Score).HasColumnName("score");
            At(b.Property(t => t.ExpiresAt), "expires_at");
            At(b.Property(t => t.WaivedAt), "waived_at");
            At(b.Property(t => t.WaivedUntil), "waived_until");
            b.Property(t => t.WaiverApprovedBy).HasColumnName("waiver_approved_by");
            b.Property(t => t.WaiverReason).HasColumnName("waiver_reason");
            b.Property(t => t.Sequence).HasColumnName("sequence");
        });

        modelBuilder.Entity<ProjectionHeadRow>(b =>
        {
            b.ToTable(ProjectionTableNames.Heads, schema);
            b.HasKey(h => h.ChainId);
            Chain(b.Property(h => h.ChainId));
            b.Property(h => h.LedgerSize).HasColumnName("ledger_size");
            b.Property(h => h.LedgerRoot).HasColumnName("ledger_root");
            b.Property(h => h.EntriesRead).HasColumnName("entries_read");
            b.Property(h => h.Issues).HasColumnName("issues");
            At(b.Property(h => h.RebuiltAt), "rebuilt_at");
        });
    }

    private static void Chain(PropertyBuilder<string> property) => property.HasColumnName("chain_id").HasMaxLength(ChainLength);

    private static void Id(PropertyBuilder<string> property, string column) => property.HasColumnName(column).HasMaxLength(IdLength);

    private static void At(PropertyBuilder<NodaTime.Instant> property, string column) =>
        property.HasColumnName(column).HasConversion<InstantMicrosecondsConverter>();

    private static void At(PropertyBuilder<NodaTime.Instant?> property, string column) =>
        property.HasColumnName(column).HasConversion<InstantMicrosecondsConverter>();

    private static void List<T>(PropertyBuilder<IReadOnlyList<T>> property, string column) =>
        property.HasColumnName(column).HasConversion(new JsonListConverter<T>(), JsonListConverter<T>.Comparer).IsRequired();
}
