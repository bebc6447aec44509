using ComplianceKit.Ledger;

namespace ComplianceKit.Access;

/// <summary>
/// The payload of an <c>access.allowed</c>, <c>access.denied</c> or <c>access.break-glass</c> entry (docs/FORMAT.md,
/// section 10): what was done, for which purpose, in which role, and from where when known. The record reference and
/// the user are in the entry's header (pseudonymized subject, actor), never here.
/// </summary>
public sealed record AccessEventPayload
{
    /// <summary>What was done to the record.</summary>
    public required AccessAction Action { get; init; }

    /// <summary>The purpose-of-use code, for example <c>TREAT</c>.</summary>
    public required string Purpose { get; init; }

    /// <summary>The user's role at the time.</summary>
    public required string Role { get; init; }

    /// <summary>The client (address or device), or <see langword="null"/> when unknown.</summary>
    public string? Client { get; init; }

    /// <summary>The session id, or <see langword="null"/> when unknown.</summary>
    public string? Session { get; init; }

    /// <summary>The payload of <paramref name="accessEvent"/>.</summary>
    public static AccessEventPayload Of(AccessEvent accessEvent)
    {
        ArgumentNullException.ThrowIfNull(accessEvent);
        return new AccessEventPayload
        {
            Action = accessEvent.Action, Purpose = accessEvent.PurposeOfUse, Role = accessEvent.Role,
            Client = accessEvent.Client, Session = accessEvent.SessionId,
        };
    }

    /// <summary>
    /// The canonical payload bytes through <see cref="PayloadCodec"/>. <see cref="AccessEventEncoder"/> writes the same
    /// bytes directly on the hot path (one event per PHI access); tests hold the two equal.
    /// </summary>
    public byte[] ToCanonicalBytes() => PayloadCodec.Encode(this);

    /// <summary>Reads the payload of an access entry.</summary>
    /// <exception cref="FormatException">The payload is absent (purged) or not in this shape.</exception>
    public static AccessEventPayload FromEntry(LedgerEntry entry)
    {
        var payload = PayloadCodec.Decode<AccessEventPayload>(entry);
        PayloadFields.RequireText(payload.Purpose, "purpose");
        PayloadFields.RequireText(payload.Role, "role");
        return Enum.IsDefined(payload.Action) ? payload : throw new FormatException($"'action' {(int)payload.Action} is not an access action.");
    }
}
