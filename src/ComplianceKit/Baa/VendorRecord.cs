using NodaTime;

namespace ComplianceKit.Baa;

/// <summary>A vendor as the projection holds it (table <c>ck_vendors</c>), with its agreements.</summary>
public sealed class VendorRecord
{
    /// <summary>The chain the entries are in.</summary>
    public required string ChainId { get; set; }

    /// <summary>The vendor's id.</summary>
    public required string VendorId { get; set; }

    /// <summary>The vendor's name.</summary>
    public required string Name { get; set; }

    /// <summary>What the vendor does.</summary>
    public IReadOnlyList<string> Services { get; set; } = [];

    /// <summary>Whether the vendor handles PHI (and so needs an active BAA).</summary>
    public bool HandlesPhi { get; set; }

    /// <summary>
    /// Whether the vendor was registered by a <c>vendor.registered</c> entry; <see langword="false"/> when only an
    /// agreement names it, in which case it is presumed to handle PHI.
    /// </summary>
    public bool Registered { get; set; }

    /// <summary>The sequence of the entry the row comes from (registration, or the first agreement naming it).</summary>
    public long Sequence { get; set; }

    /// <summary>When the ledger recorded that entry.</summary>
    public Instant RegisteredAt { get; set; }

    /// <summary>The agreements naming the vendor.</summary>
    public ICollection<BaaRecord> Agreements { get; private set; } = [];

    /// <summary>A copy without agreements, for a snapshot the projector will not change later.</summary>
    internal VendorRecord Copy()
    {
        var copy = (VendorRecord)MemberwiseClone();
        copy.Agreements = [];
        return copy;
    }
}
