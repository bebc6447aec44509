using ComplianceKit.Domain;
using ComplianceKit.Ledger;

namespace ComplianceKit.Controls;

/// <summary>
/// A control: what must be in place, where the requirement comes from, how much it matters, who owns it
/// and which evidence shows it. The payload of a <c>control.defined</c> entry (subject <c>control:&lt;id&gt;</c>)
/// and the element of a catalog file (docs/CATALOG.md). A later definition with the same id replaces the earlier one.
/// </summary>
public sealed record ControlDefinition
{
    /// <summary>The control's id, for example <c>hipaa.164.312.b</c>; 1 to 200 characters without spaces.</summary>
    public required string Id { get; init; }

    /// <summary>A short title people read, for example <c>Audit controls</c>.</summary>
    public required string Title { get; init; }

    /// <summary>What the control asks for, in plain words.</summary>
    public string? Description { get; init; }

    /// <summary>The citation, for example <c>45 CFR 164.312(b)</c>; <see langword="null"/> for a host's own control.</summary>
    public string? FrameworkReference { get; init; }

    /// <summary>A grouping, for example <c>technical</c> (safeguard) or a checklist's section path.</summary>
    public string? Category { get; init; }

    /// <summary>Required or addressable.</summary>
    public ImplementationRequirement Requirement { get; init; }

    /// <summary>How much it matters.</summary>
    public ControlCriticality Criticality { get; init; } = ControlCriticality.Important;

    /// <summary>The role that owns the control, for example <c>Security Official</c>.</summary>
    public string? OwnerRole { get; init; }

    /// <summary>The evidence kinds that show the control is in place; empty means any evidence kind will do, and it never goes stale by age.</summary>
    public IReadOnlyList<EvidenceRequirement> Evidence { get; init; } = [];

    /// <summary>Where the definition came from: a catalog id (<c>catalog:hipaa-security-rule</c>) or an import (<c>checklist:&lt;gate&gt;</c>).</summary>
    public string? Source { get; init; }

    /// <summary>Throws unless the definition is complete and consistent.</summary>
    /// <exception cref="ArgumentException">A field is missing or invalid; the message names it.</exception>
    public void Validate()
    {
        DomainText.RequireId(Id, nameof(Id));
        DomainText.RequireText(Title, nameof(Title));
        ArgumentNullException.ThrowIfNull(Evidence, nameof(Evidence));
        if (!Enum.IsDefined(Requirement) || !Enum.IsDefined(Criticality))
        {
            throw new ArgumentException($"Control '{Id}' has an unknown requirement or criticality.", nameof(Requirement));
        }

        var kinds = new HashSet<string>(StringComparer.Ordinal);
        foreach (var requirement in Evidence)
        {
            DomainText.RequireId(requirement?.Kind, $"{Id}: evidence kind");
            if (!kinds.Add(requirement!.Kind))
            {
                throw new ArgumentException($"Control '{Id}' lists evidence kind '{requirement.Kind}' twice.", nameof(Evidence));
            }

            if (requirement.FreshnessDays is <= 0 or > 36600)
            {
                throw new ArgumentException($"Control '{Id}': freshnessDays of '{requirement.Kind}' must be 1 to 36600.", nameof(Evidence));
            }
        }
    }

    /// <summary>Validates the definition and returns the draft that records it.</summary>
    /// <exception cref="ArgumentException">A field is missing or invalid.</exception>
    public EntryDraft ToDraft(string actor)
    {
        Validate();
        return new EntryDraft(ControlEntryTypes.Defined, $"control:{Id}", actor, PayloadCodec.Encode(this));
    }

    /// <summary>Reads a <c>control.defined</c> entry.</summary>
    /// <exception cref="FormatException">The payload is not in the documented shape.</exception>
    public static ControlDefinition FromEntry(LedgerEntry entry) => PayloadCodec.Decode<ControlDefinition>(entry);
}
