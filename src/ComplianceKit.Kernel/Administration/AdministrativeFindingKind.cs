namespace ComplianceKit.Administration;

/// <summary>Why an administrative entry does not count.</summary>
public enum AdministrativeFindingKind
{
    /// <summary>The entry is not signed, and the ledger does not allow unsigned administration.</summary>
    NotSigned,

    /// <summary>The signature does not verify, or its signer does not chain to the pinned administration root.</summary>
    NotSignedByAdministrator,

    /// <summary>The signed header names another entry type or chain, or another signing time than the signature.</summary>
    WrongPlace,

    /// <summary>The same signed content appeared earlier in the chain; only its first occurrence counts.</summary>
    Replayed,

    /// <summary>The payload cannot be read.</summary>
    Malformed,

    /// <summary>A role grant its signer made to their own certificate, not (yet) confirmed by a second administrator.</summary>
    SelfGrantUnconfirmed,

    /// <summary>A confirmation that does not confirm a pending self-grant by another administrator.</summary>
    ConfirmationInvalid,
}
