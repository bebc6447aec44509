namespace ComplianceKit.Access;

/// <summary>Settings of the access audit trail.</summary>
public sealed class AccessAuditOptions
{
    /// <summary>The chain access events are appended to (default <c>access</c>), apart from other evidence so its volume does not hold up other appends.</summary>
    public string ChainId { get; set; } = "access";

    /// <summary>
    /// The secret key of the record pseudonyms (HMAC-SHA256), at least
    /// <see cref="RecordPseudonymizer.MinimumKeySize"/> bytes. Keep it in the host's secret store:
    /// whoever holds it can test a guessed record reference against the log, and a new key gives
    /// every record a new pseudonym.
    /// </summary>
#pragma warning disable CA1819 // Options are set once from a secret store; a byte array is what those hand out.
    public byte[]? PseudonymKey { get; set; }
#pragma warning restore CA1819
}
