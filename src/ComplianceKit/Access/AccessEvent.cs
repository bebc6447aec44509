using NodaTime;

namespace ComplianceKit.Access;

/// <summary>
/// One access to a record holding ePHI, as a host app states it (45 CFR 164.312(b)). The record
/// reference is given in clear and never stored: it becomes a keyed pseudonym (see
/// <see cref="RecordPseudonymizer"/>) before the event reaches the ledger.
/// </summary>
/// <remarks>Immutable once built; safe to share between threads.</remarks>
public sealed class AccessEvent
{
    /// <summary>The longest role, client and session text accepted, in characters.</summary>
    public const int MaxDetailLength = 200;

    /// <summary>Who accessed: the workforce member's user id; stored in clear as the entry's actor.</summary>
    public required string UserId { get; init; }

    /// <summary>The role the user acted in, for example <c>nurse</c> or <c>billing</c>.</summary>
    public required string Role { get; init; }

    /// <summary>
    /// The record accessed, as the host identifies it (for example <c>patient/48213</c> or
    /// <c>encounter/9921</c>). Pseudonymized with the host's key before it is stored; the clear value
    /// never enters the ledger.
    /// </summary>
    public required string RecordReference { get; init; }

    /// <summary>What the user did.</summary>
    public required AccessAction Action { get; init; }

    /// <summary>Why: a short purpose-of-use code, for example <see cref="PurposeOfUse.Treatment"/>.</summary>
    public required string PurposeOfUse { get; init; }

    /// <summary>How the access decision went; decides the entry type.</summary>
    public required AccessOutcome Outcome { get; init; }

    /// <summary>The client the request came from (a workstation id or IP address), if known.</summary>
    public string? Client { get; init; }

    /// <summary>The user's session id, if any.</summary>
    public string? SessionId { get; init; }

    /// <summary>When the access happened; when omitted, the instant the event is recorded (from the injected clock).</summary>
    public Instant? OccurredAt { get; init; }
}
