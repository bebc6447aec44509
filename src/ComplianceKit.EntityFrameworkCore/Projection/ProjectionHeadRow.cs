using NodaTime;

namespace ComplianceKit.EntityFrameworkCore.Projection;

/// <summary>Which ledger state a chain's projection rows were built from (table <c>ck_projection_heads</c>).</summary>
public sealed class ProjectionHeadRow
{
    /// <summary>The chain.</summary>
    public required string ChainId { get; set; }

    /// <summary>The ledger size (tree size) the rows cover.</summary>
    public long LedgerSize { get; set; }

    /// <summary>The Merkle root of the chain at <see cref="LedgerSize"/>.</summary>
    public required byte[] LedgerRoot { get; set; }

    /// <summary>Domain entries read.</summary>
    public long EntriesRead { get; set; }

    /// <summary>The entries that could not be applied, as JSON (<c>[{ sequence, entryType, message }]</c>).</summary>
    public required string Issues { get; set; }

    /// <summary>When the rows were rebuilt.</summary>
    public Instant RebuiltAt { get; set; }
}
