namespace ComplianceKit.Pkcs11;

/// <summary>
/// Where a <see cref="Pkcs11Signer"/> finds its key: the module, the token and key (an RFC 7512 URI), and the PIN.
/// Bindable from configuration; the PIN is best given as the name of an environment variable.
/// </summary>
public sealed class Pkcs11SignerOptions
{
    /// <summary>The RFC 7512 <c>pkcs11:</c> URI selecting the token and the key pair, e.g. <c>pkcs11:token=Officer;object=signing</c>.</summary>
    public string? Uri { get; set; }

    /// <summary>
    /// The PKCS #11 module (shared library) to load, e.g. <c>/usr/lib/softhsm/libsofthsm2.so</c>. When null, the URI's
    /// <c>module-path</c> is used; a module path in both places must agree.
    /// </summary>
    public string? ModulePath { get; set; }

    /// <summary>The name of an environment variable holding the user PIN (read when the signer opens).</summary>
    public string? PinEnvironmentVariable { get; set; }

    /// <summary>
    /// The user PIN itself, for hosts that keep it in a secret store bound to configuration. Set this or
    /// <see cref="PinEnvironmentVariable"/>, not both. Never logged or put in an exception message.
    /// </summary>
    public string? Pin { get; set; }

    /// <summary>
    /// Whether each ECDSA signature the token returns is verified again against the token's certificate before it is
    /// used (default <see langword="false"/>). The signer proves that key and certificate belong together with one
    /// checked signature whenever it connects (on open and after the token comes back), and every verifier checks each
    /// signature, so the per-signature check only moves the discovery of a token that returns a bad ECDSA signature from
    /// audit time to signing time. It costs about as much as a fast HSM's (or SoftHSM's) ECDSA signature, which is why it
    /// is off by default; turn it on for a token you suspect of faults. RSA signatures are always checked (see
    /// <see cref="Signing.CmsDigestSigner"/>): a faulty RSA-CRT signature reveals the key.
    /// </summary>
    public bool CheckEcdsaSignatures { get; set; }

    /// <summary>Options without the PIN, safe to log.</summary>
    public override string ToString() =>
        $"Pkcs11SignerOptions {{ Uri = {Uri}, ModulePath = {ModulePath}, PinEnvironmentVariable = {PinEnvironmentVariable}, Pin = {(Pin is null ? "null" : "(set)")}, CheckEcdsaSignatures = {CheckEcdsaSignatures} }}";
}
