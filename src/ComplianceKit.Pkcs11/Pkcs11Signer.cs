using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using ComplianceKit.Signing;
using Net.Pkcs11Interop.Common;

namespace ComplianceKit.Pkcs11;

/// <summary>
/// An <see cref="ICmsSigner"/> whose private key never leaves a PKCS #11 token (smart card, HSM, cloud HSM through
/// its PKCS #11 library): the token signs one SHA-256 digest per signature (RSA PKCS #1 v1.5 through CKM_RSA_PKCS,
/// or ECDSA through CKM_ECDSA, re-encoded from r||s to DER), and <see cref="CmsDigestSigner"/> builds the same CMS
/// as every other ComplianceKit signer, which our verifier and OpenSSL accept.
/// </summary>
/// <remarks>
/// <para><see cref="Open"/> loads the module (once per process and path, shared by every signer on it), finds the
/// one token and the one private key the <see cref="Pkcs11Uri"/> selects, logs in with the PIN, reads the key's
/// X.509 certificate from the token (same CKA_ID, else same label) and proves with one signature that the two belong
/// together. Every failure is a <see cref="Pkcs11SignerException"/> whose message names the module, token and key,
/// never the PIN.</para>
/// <para>Thread-safe: concurrent signatures each use a session of their own from a pool. When the token goes away
/// (removed, module finalised, sessions closed), the signer reconnects once (find, log in, same certificate) and
/// retries; if the token is not back, the signature fails with <see cref="Pkcs11SignerError.TokenRemoved"/> and
/// nothing is signed. The PIN is kept in memory for that reconnection and cleared on <see cref="Dispose"/>.</para>
/// </remarks>
public sealed class Pkcs11Signer : CmsDigestSigner, IDisposable
{
    private readonly Pkcs11Module module;
    private readonly byte[] pin;
    private readonly ReaderWriterLockSlim gate = new();
    private readonly bool checkEcdsaSignatures;
    private TokenConnection? connection;
    private bool disposed;

    private Pkcs11Signer(Pkcs11Module module, Pkcs11Uri uri, byte[] pin, TokenConnection connection, bool checkEcdsaSignatures)
    {
        this.module = module;
        this.checkEcdsaSignatures = checkEcdsaSignatures;
        this.pin = pin;
        this.connection = connection;
        Uri = uri;
        Certificate = connection.Certificate;
        KeyDescription = connection.Description;
    }

    /// <summary>The key's certificate, read from the token when the signer opened (public part only).</summary>
    public override X509Certificate2 Certificate { get; }

    /// <summary>The URI the key was selected by.</summary>
    public Pkcs11Uri Uri { get; }

    /// <summary>The module loaded, as a full path.</summary>
    public string ModulePath => module.Path;

    /// <summary>The key and token, for messages: label, id, token label and serial.</summary>
    public string KeyDescription { get; }

    /// <inheritdoc />
    protected override DSASignatureFormat EcdsaSignatureFormat => DSASignatureFormat.IeeeP1363FixedFieldConcatenation;

    /// <inheritdoc />
    /// <remarks>As <see cref="Pkcs11SignerOptions.CheckEcdsaSignatures"/> says: every connection proves the key-certificate pair with one checked signature.</remarks>
    protected override bool ChecksEcdsaSignatures => checkEcdsaSignatures;

    /// <summary>Opens a signer from <paramref name="options"/>: the URI, the module (options, else the URI's <c>module-path</c>) and the PIN.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> is null.</exception>
    /// <exception cref="FormatException">The URI is not a strict RFC 7512 URI usable for signing.</exception>
    /// <exception cref="Pkcs11SignerException">The module, token, PIN, key or certificate is missing or refused; the message says which.</exception>
    /// <exception cref="SignerCertificateRejectedException">The token's certificate fails <see cref="SignerCertificatePolicy"/>.</exception>
    public static Pkcs11Signer Open(Pkcs11SignerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var uri = Pkcs11Uri.Parse(options.Uri ?? throw new Pkcs11SignerException(Pkcs11SignerError.Configuration, "No pkcs11: URI is configured (Pkcs11SignerOptions.Uri)."));
        var modulePath = ModulePathOf(options, uri);
        var pin = PinOf(options);
        var module = Pkcs11Module.Acquire(modulePath);
        try
        {
            var connection = TokenConnection.Open(module, uri, pin);
            try
            {
                SignerCertificatePolicy.ThrowIfUnsuitable(connection.Certificate);
            }
            catch
            {
                connection.Dispose();
                throw;
            }

            return new Pkcs11Signer(module, uri, pin, connection, options.CheckEcdsaSignatures);
        }
        catch
        {
            CryptographicOperations.ZeroMemory(pin);
            module.Release();
            throw;
        }
    }

    /// <summary>Logs out, closes the sessions, clears the PIN and releases the module (finalised when no other signer uses it).</summary>
    public void Dispose()
    {
        gate.EnterWriteLock();
        try
        {
            if (disposed)
            {
                return;
            }

            disposed = true;
            connection?.Dispose();
            connection = null;
            CryptographicOperations.ZeroMemory(pin);
            module.Release();
        }
        finally
        {
            gate.ExitWriteLock();
        }
    }

    /// <inheritdoc />
    /// <exception cref="Pkcs11SignerException">The token is gone and did not come back, or failed; nothing was signed.</exception>
    /// <exception cref="ObjectDisposedException">The signer was disposed.</exception>
    protected override ValueTask<byte[]> SignDigestAsync(ReadOnlyMemory<byte> digest, HashAlgorithmName hashAlgorithm, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (hashAlgorithm != HashAlgorithmName.SHA256 || digest.Length != 32)
        {
            throw new ArgumentException("The PKCS #11 signer signs SHA-256 digests only.", nameof(hashAlgorithm));
        }

        var broken = TrySign(digest.Span, out var signature);
        if (broken is null)
        {
            return ValueTask.FromResult(signature!);
        }

        Reconnect(broken.Value);
        return TrySign(digest.Span, out signature) is { } again
            ? throw Pkcs11Errors.From(again.Failure, $"signing with the {KeyDescription} after reconnecting")
            : ValueTask.FromResult(signature!);
    }

    // Returns the connection that failed with a "token gone" code, or null when signed.
    private (TokenConnection? Connection, Pkcs11Exception Failure)? TrySign(ReadOnlySpan<byte> digest, out byte[]? signature)
    {
        gate.EnterReadLock();
        try
        {
            ObjectDisposedException.ThrowIf(disposed, this);
            signature = null;
            if (connection is not { } current)
            {
                return (null, new Pkcs11Exception("C_Login", CKR.CKR_TOKEN_NOT_PRESENT));
            }

            try
            {
                signature = current.Sign(digest);
                return null;
            }
            catch (Pkcs11Exception ex) when (Pkcs11Errors.MeansTokenGone(ex.RV))
            {
                return (current, ex);
            }
            catch (Pkcs11Exception ex)
            {
                throw Pkcs11Errors.From(ex, $"signing with the {KeyDescription}");
            }
        }
        finally
        {
            gate.ExitReadLock();
        }
    }

    private void Reconnect((TokenConnection? Connection, Pkcs11Exception Failure) broken)
    {
        gate.EnterWriteLock();
        try
        {
            ObjectDisposedException.ThrowIf(disposed, this);
            if (connection is not null && !ReferenceEquals(connection, broken.Connection))
            {
                return; // another caller reconnected meanwhile
            }

            connection?.Dispose();
            connection = null;
            TokenConnection fresh;
            try
            {
                fresh = TokenConnection.Open(module, Uri, pin);
            }
            catch (Pkcs11SignerException ex) when (ex.Error is not (Pkcs11SignerError.PinIncorrect or Pkcs11SignerError.PinLocked))
            {
                throw new Pkcs11SignerException(Pkcs11SignerError.TokenRemoved,
                    $"The token of the {KeyDescription} went away ({broken.Failure.RV}) and is not back: {ex.Message}", ex);
            }

            if (!fresh.Certificate.RawDataMemory.Span.SequenceEqual(Certificate.RawDataMemory.Span))
            {
                fresh.Dispose();
                throw new Pkcs11SignerException(Pkcs11SignerError.TokenRemoved,
                    $"The token of the {KeyDescription} went away ({broken.Failure.RV}); the token now present holds another certificate for {Uri}, so nothing is signed with it.");
            }

            connection = fresh;
        }
        finally
        {
            gate.ExitWriteLock();
        }
    }

    private static string ModulePathOf(Pkcs11SignerOptions options, Pkcs11Uri uri)
    {
        if (options.ModulePath is { } path && uri.ModulePath is { } inUri && !string.Equals(Path.GetFullPath(path), Path.GetFullPath(inUri), StringComparison.Ordinal))
        {
            throw new Pkcs11SignerException(Pkcs11SignerError.Configuration, $"The module is configured as '{path}' but the URI's module-path is '{inUri}'; give one.");
        }

        return options.ModulePath ?? uri.ModulePath
            ?? throw new Pkcs11SignerException(Pkcs11SignerError.Configuration, "No PKCS #11 module is configured: set the module path (Pkcs11SignerOptions.ModulePath, or module-path= in the URI).");
    }

    private static byte[] PinOf(Pkcs11SignerOptions options)
    {
        if (options.Pin is not null && options.PinEnvironmentVariable is not null)
        {
            throw new Pkcs11SignerException(Pkcs11SignerError.Configuration, "Both a PIN and a PIN environment variable are configured; give one.");
        }

        var pin = options.Pin;
        if (options.PinEnvironmentVariable is { } variable)
        {
            pin = Environment.GetEnvironmentVariable(variable);
            if (string.IsNullOrEmpty(pin))
            {
                throw new Pkcs11SignerException(Pkcs11SignerError.Configuration, $"The PIN environment variable '{variable}' is not set.");
            }
        }

        return pin is null
            ? throw new Pkcs11SignerException(Pkcs11SignerError.Configuration, "No PIN is configured: set Pkcs11SignerOptions.PinEnvironmentVariable (or Pin).")
            : Encoding.UTF8.GetBytes(pin);
    }
}
