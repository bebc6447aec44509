namespace Microsoft.EntityFrameworkCore;

/// <summary>How ComplianceKit's tables are laid out in the host's model.</summary>
public sealed class ComplianceKitModelOptions
{
    /// <summary>The schema for ComplianceKit's tables (PostgreSQL); SQLite has no schemas and ignores it.</summary>
    public string? Schema { get; set; }

    /// <summary>
    /// Whether the ledger table indexes entries by subject and by actor (default <see langword="true"/>).
    /// </summary>
    /// <remarks>
    /// <para>
    /// With them, "who opened this record" and "what did this user open" are one index seek at any chain
    /// length. Their keys are random (record pseudonyms) or spread (user ids), so each appended entry
    /// lands on its own index pages: SQLite's write-ahead log writes whole 4 KiB pages, and with the two
    /// indexes an access log writes about 12 KiB of log per entry instead of about 1.5 KiB, which bounds
    /// group commit by the disk (see docs/ACCESS-AUDIT.md for the measured figures).
    /// </para>
    /// <para>
    /// Turn them off for a write-heavy access chain whose lookups are made elsewhere (a SIEM the events
    /// are forwarded to) or only over short windows. Every query still works: the access specifications
    /// then read the window through the type index (chain, type, occurred-at) and filter it. The type
    /// index is always kept. Changing this changes the schema: hosts with migrations add or drop the two
    /// indexes in their own migration.
    /// </para>
    /// </remarks>
    public bool IndexSubjectsAndActors { get; set; } = true;
}
