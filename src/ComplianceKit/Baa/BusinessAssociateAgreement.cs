using ComplianceKit.Domain;
using ComplianceKit.Ledger;
using NodaTime;

namespace ComplianceKit.Baa;

/// <summary>
/// The terms of a business associate agreement: the payload of <c>baa.drafted</c> and <c>baa.executed</c>
/// entries (subject <c>baa:&lt;id&gt;</c>). The executed terms replace the drafted ones. The library stores the
/// executed document's SHA-256 digest, not the document.
/// </summary>
public sealed record BusinessAssociateAgreement
{
    /// <summary>The agreement's id.</summary>
    public required string BaaId { get; init; }

    /// <summary>The vendor that is the business associate (or, for a subcontractor agreement, the subcontractor).</summary>
    public required string VendorId { get; init; }

    /// <summary>For a subcontractor agreement: the upstream agreement it flows down from.</summary>
    public string? ParentBaaId { get; init; }

    /// <summary>The services covered.</summary>
    public IReadOnlyList<string> Services { get; init; } = [];

    /// <summary>The categories of PHI involved, for example <c>demographics</c>, <c>lab results</c>.</summary>
    public IReadOnlyList<string> PhiCategories { get; init; } = [];

    /// <summary>The permitted uses and disclosures, for example <c>treatment</c>, <c>payment</c>, <c>data aggregation</c>.</summary>
    public IReadOnlyList<string> PermittedUses { get; init; } = [];

    /// <summary>When the agreement takes effect; required once executed.</summary>
    public Instant? EffectiveAt { get; init; }

    /// <summary>When the term ends; <see langword="null"/> for an open-ended agreement.</summary>
    public Instant? ExpiresAt { get; init; }

    /// <summary>Whether the term renews automatically until a party terminates it.</summary>
    public bool AutoRenew { get; init; }

    /// <summary>When both parties had signed; required once executed.</summary>
    public Instant? ExecutedAt { get; init; }

    /// <summary>SHA-256 of the executed document, lower-case hex; required once executed.</summary>
    public string? DocumentSha256 { get; init; }

    /// <summary>Who signed; at least two once executed.</summary>
    public IReadOnlyList<BaaSignatory> Signatories { get; init; } = [];

    /// <summary>The ids of the <see cref="BaaRequiredClauses"/> the agreement contains (and any others).</summary>
    public IReadOnlyList<string> Clauses { get; init; } = [];

    /// <summary>Validates a draft and returns the <c>baa.drafted</c> draft.</summary>
    /// <exception cref="ArgumentException">A field is missing or invalid.</exception>
    public EntryDraft ToDraftedDraft(string actor)
    {
        Validate(executed: false);
        return new EntryDraft(BaaEntryTypes.Drafted, $"baa:{BaaId}", actor, PayloadCodec.Encode(this));
    }

    /// <summary>Validates the executed terms and returns the <c>baa.executed</c> draft.</summary>
    /// <exception cref="ArgumentException">A field is missing or invalid: effective and execution dates, document digest and two signatories are required.</exception>
    public EntryDraft ToExecutedDraft(string actor)
    {
        Validate(executed: true);
        return new EntryDraft(BaaEntryTypes.Executed, $"baa:{BaaId}", actor, PayloadCodec.Encode(this), ExecutedAt);
    }

    /// <summary>Throws unless the terms are complete for a draft or, with <paramref name="executed"/>, for an executed agreement.</summary>
    /// <exception cref="ArgumentException">A field is missing or invalid; the message names it.</exception>
    public void Validate(bool executed)
    {
        ValidateCommon();
        if (!executed)
        {
            return;
        }

        if (EffectiveAt is null || ExecutedAt is null)
        {
            throw new ArgumentException("An executed agreement needs EffectiveAt and ExecutedAt.");
        }

        DomainText.RequireSha256(DocumentSha256, nameof(DocumentSha256), required: true);
        if (Signatories.Count < 2 || Signatories.Any(s => s is null || string.IsNullOrWhiteSpace(s.Name)))
        {
            throw new ArgumentException("An executed agreement needs at least two named signatories.");
        }
    }

    /// <summary>Reads a <c>baa.drafted</c> or <c>baa.executed</c> entry.</summary>
    /// <exception cref="FormatException">The payload is not in the documented shape.</exception>
    public static BusinessAssociateAgreement FromEntry(LedgerEntry entry) => PayloadCodec.Decode<BusinessAssociateAgreement>(entry);

    private void ValidateCommon()
    {
        DomainText.RequireId(BaaId, nameof(BaaId));
        DomainText.RequireId(VendorId, nameof(VendorId));
        if (ParentBaaId is not null)
        {
            DomainText.RequireId(ParentBaaId, nameof(ParentBaaId));
        }

        ArgumentNullException.ThrowIfNull(Services, nameof(Services));
        ArgumentNullException.ThrowIfNull(PhiCategories, nameof(PhiCategories));
        ArgumentNullException.ThrowIfNull(PermittedUses, nameof(PermittedUses));
        ArgumentNullException.ThrowIfNull(Signatories, nameof(Signatories));
        ArgumentNullException.ThrowIfNull(Clauses, nameof(Clauses));
        if (EffectiveAt is { } effective && ExpiresAt is { } expires && expires <= effective)
        {
            throw new ArgumentException("ExpiresAt must be after EffectiveAt.", nameof(ExpiresAt));
        }
    }
}
