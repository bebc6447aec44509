using ComplianceKit.Domain;
using ComplianceKit.Ledger;

namespace ComplianceKit.Baa;

/// <summary>
/// A vendor and whether it handles PHI: the payload of a <c>vendor.registered</c> entry (subject
/// <c>vendor:&lt;id&gt;</c>). A later registration of the same id replaces the earlier one, so a vendor that
/// stops handling PHI is registered again with <see cref="HandlesPhi"/> false.
/// </summary>
public sealed record VendorRegistration
{
    /// <summary>The vendor's id, for example <c>acme-labs</c>.</summary>
    public required string VendorId { get; init; }

    /// <summary>The vendor's name.</summary>
    public required string Name { get; init; }

    /// <summary>What the vendor does for the organisation.</summary>
    public IReadOnlyList<string> Services { get; init; } = [];

    /// <summary>Whether the vendor creates, receives, keeps or sends PHI for the organisation: if so it needs an active BAA.</summary>
    public required bool HandlesPhi { get; init; }

    /// <summary>Validates the registration and returns the draft that records it.</summary>
    /// <exception cref="ArgumentException">A field is missing or invalid.</exception>
    public EntryDraft ToDraft(string actor)
    {
        DomainText.RequireId(VendorId, nameof(VendorId));
        DomainText.RequireText(Name, nameof(Name));
        ArgumentNullException.ThrowIfNull(Services, nameof(Services));
        return new EntryDraft(BaaEntryTypes.VendorRegistered, $"vendor:{VendorId}", actor, PayloadCodec.Encode(this));
    }

    /// <summary>Reads a <c>vendor.registered</c> entry.</summary>
    /// <exception cref="FormatException">The payload is not in the documented shape.</exception>
    public static VendorRegistration FromEntry(LedgerEntry entry) => PayloadCodec.Decode<VendorRegistration>(entry);
}
