using ComplianceKit.Ledger;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ComplianceKit.EntityFrameworkCore.Model;

/// <summary>Maps <see cref="LedgerEntry"/> to <c>ck_ledger_entries</c>; payloads are stored as the exact bytes hashed (never jsonb).</summary>
public sealed class LedgerEntryConfiguration : IEntityTypeConfiguration<LedgerEntry>
{
    private readonly bool _indexSubjectsAndActors;

    /// <summary>Maps the table with the type index only (the default: subjects and actors are in the access side index).</summary>
    public LedgerEntryConfiguration()
        : this(indexSubjectsAndActors: false)
    {
    }

    /// <summary>Maps the table, with or without the subject and actor indexes (see <see cref="ComplianceKitModelOptions.IndexSubjectsAndActors"/>).</summary>
    /// <param name="indexSubjectsAndActors">Whether to index subjects and actors; the type index is always kept.</param>
    public LedgerEntryConfiguration(bool indexSubjectsAndActors) => _indexSubjectsAndActors = indexSubjectsAndActors;

    /// <inheritdoc />
    public void Configure(EntityTypeBuilder<LedgerEntry> builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.ToTable(LedgerTableNames.Entries);
        builder.HasKey(e => new { e.ChainId, e.Sequence });
        builder.Property(e => e.ChainId).HasColumnName("chain_id").HasMaxLength(LedgerLimits.MaxChainIdLength);
        builder.Property(e => e.Sequence).HasColumnName("sequence").ValueGeneratedNever();
        builder.Property(e => e.EntryType).HasColumnName("entry_type").HasMaxLength(LedgerLimits.MaxEntryTypeLength);
        builder.Property(e => e.Subject).HasColumnName("subject").HasMaxLength(LedgerLimits.MaxSubjectLength);
        builder.Property(e => e.Actor).HasColumnName("actor").HasMaxLength(LedgerLimits.MaxActorLength);
        builder.Property(e => e.OccurredAt).HasColumnName("occurred_at").HasConversion<InstantMicrosecondsConverter>();
        builder.Property(e => e.RecordedAt).HasColumnName("recorded_at").HasConversion<InstantMicrosecondsConverter>();
        builder.Property(e => e.Payload).HasColumnName("payload");
        builder.Property(e => e.PayloadSalt).HasColumnName("payload_salt");
        builder.Property(e => e.PayloadDigest).HasColumnName("payload_digest");
        builder.Property(e => e.PreviousHash).HasColumnName("previous_hash");
        builder.Property(e => e.EntryHash).HasColumnName("entry_hash");
        builder.Ignore(e => e.IsPayloadAbsent);
        // Audit questions: by type (denied, break-glass), by subject (who touched this record), by actor (what did this user touch), each in a time window.
        builder.HasIndex(e => new { e.ChainId, e.EntryType, e.OccurredAt }).HasDatabaseName("ix_ck_ledger_entries_type");
        if (_indexSubjectsAndActors)
        {
            builder.HasIndex(e => new { e.ChainId, e.Subject, e.OccurredAt }).HasDatabaseName("ix_ck_ledger_entries_subject");
            builder.HasIndex(e => new { e.ChainId, e.Actor, e.OccurredAt }).HasDatabaseName("ix_ck_ledger_entries_actor");
        }
    }
}
