namespace ComplianceKit.Pkcs11;

/// <summary>
/// A PKCS #11 signer could not open or sign. The message names the module, token and key (from the URI) and what
/// to do; it never contains the PIN. Nothing was signed.
/// </summary>
public sealed class Pkcs11SignerException : Exception
{
    /// <summary>Creates the exception.</summary>
    public Pkcs11SignerException(Pkcs11SignerError error, string message, Exception? innerException = null)
        : base(message, innerException) => Error = error;

    /// <summary>Creates the exception with <see cref="Pkcs11SignerError.TokenFailure"/>.</summary>
    public Pkcs11SignerException()
        : this(Pkcs11SignerError.TokenFailure, "The PKCS #11 token failed.")
    {
    }

    /// <summary>Creates the exception with <see cref="Pkcs11SignerError.TokenFailure"/>.</summary>
    public Pkcs11SignerException(string message)
        : this(Pkcs11SignerError.TokenFailure, message)
    {
    }

    /// <summary>Creates the exception with <see cref="Pkcs11SignerError.TokenFailure"/>.</summary>
    public Pkcs11SignerException(string message, Exception innerException)
        : this(Pkcs11SignerError.TokenFailure, message, innerException)
    {
    }

    /// <summary>What went wrong.</summary>
    public Pkcs11SignerError Error { get; }
}
