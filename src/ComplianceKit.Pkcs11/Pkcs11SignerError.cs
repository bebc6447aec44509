namespace ComplianceKit.Pkcs11;

/// <summary>Why a <see cref="Pkcs11Signer"/> could not open or sign: <see cref="Pkcs11SignerException.Error"/>.</summary>
public enum Pkcs11SignerError
{
    /// <summary>The options are incomplete or contradictory (no URI, no module, no PIN, a PIN variable that is unset).</summary>
    Configuration,

    /// <summary>The module could not be loaded or initialised (missing file, not a PKCS #11 library).</summary>
    ModuleNotLoaded,

    /// <summary>No token with the URI's attributes is present in the module's slots.</summary>
    TokenNotFound,

    /// <summary>Several tokens match the URI; add <c>serial</c> or <c>slot-id</c>.</summary>
    TokenAmbiguous,

    /// <summary>The token refused the PIN.</summary>
    PinIncorrect,

    /// <summary>The token's PIN is locked after too many wrong attempts.</summary>
    PinLocked,

    /// <summary>No private key with the URI's <c>object</c> / <c>id</c> is on the token.</summary>
    KeyNotFound,

    /// <summary>Several private keys match the URI; add <c>id</c> or <c>object</c>.</summary>
    KeyAmbiguous,

    /// <summary>No X.509 certificate on the token belongs to the key (same CKA_ID, else same label, and the same public key).</summary>
    CertificateNotFound,

    /// <summary>The key is neither RSA nor EC.</summary>
    UnsupportedKey,

    /// <summary>The token was removed, or the module finalised, while the signer was open, and it is not back.</summary>
    TokenRemoved,

    /// <summary>The token reported another failure (the PKCS #11 return value is in the message).</summary>
    TokenFailure,
}
