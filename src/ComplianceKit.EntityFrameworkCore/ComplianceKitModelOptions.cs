namespace Microsoft.EntityFrameworkCore;

/// <summary>How ComplianceKit's tables are laid out in the host's model.</summary>
public sealed class ComplianceKitModelOptions
{
    /// <summary>The schema for ComplianceKit's tables (PostgreSQL); SQLite has no schemas and ignores it.</summary>
    public string? Schema { get; set; }

    /// <summary>
    /// Whether the ledger table also indexes every entry by subject and by actor (default <see langword="false"/>).
    /// </summary>
    /// <remarks>
    /// <para>
    /// Off by default since the access side index exists: "who accessed record R" and "what did user U access" are
    /// answered by <c>FindRecordAccessesAsync</c>/<c>FindUserAccessesAsync</c> from that index (written in blocks by the
    /// group-commit log) plus the entries it does not hold yet. These two indexes' keys are random (record pseudonyms)
    /// or spread (user ids), so each appended entry lands on its own index pages: SQLite's write-ahead log writes whole
    /// 4 KiB pages, and with them an access log writes about 12 KiB of log per entry instead of about 1.5 KiB, which
    /// bounds group commit by the disk (see docs/ACCESS-AUDIT.md for the measured figures).
    /// </para>
    /// <para>
    /// Turn them on only if the access specifications themselves must seek by subject or actor in SQL. Without them every
    /// specification still works, reading the window through the type index (chain, type, occurred-at) and filtering it.
    /// Changing this changes the schema: hosts with migrations add or drop the two indexes in their own migration; a
    /// database made before the side index keeps them until dropped (docs/ACCESS-AUDIT.md, "Upgrading").
    /// </para>
    /// </remarks>
    public bool IndexSubjectsAndActors { get; set; }
}
