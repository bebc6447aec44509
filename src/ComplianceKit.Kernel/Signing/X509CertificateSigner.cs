using System.Security.Cryptography;
using System.Security.Cryptography.Pkcs;
using System.Security.Cryptography.X509Certificates;
using NodaTime;

namespace ComplianceKit.Signing;

/// <summary>
/// An <see cref="ICmsSigner"/> over a local <see cref="X509Certificate2"/> whose RSA or ECDSA private key is in
/// process (a PFX file, PEM files, or a certificate the host already holds). RSA signatures use PKCS #1 v1.5,
/// which OpenSSL verifies by default. Safe to use concurrently.
/// </summary>
/// <remarks>
/// The private key is used only to compute signatures; it is never exported, logged or stored by this type. Keys
/// loaded by <see cref="FromPfxFile"/> and <see cref="FromPemFiles"/> are ephemeral (never written to a key store)
/// and are released by <see cref="Dispose"/>.
/// </remarks>
public sealed class X509CertificateSigner : ICmsSigner, IDisposable
{
    private static readonly Oid Sha256Oid = new(CmsOids.Sha256);

    private readonly X509Certificate2 signingCertificate;
    private readonly X509Certificate2 publicCertificate;
    private readonly bool ownsSigningCertificate;
    private readonly bool isRsa;
    private bool disposed;

    /// <summary>
    /// Creates a signer over <paramref name="certificate"/>, which must have an RSA or ECDSA private key. The caller
    /// keeps ownership of <paramref name="certificate"/> and must keep it undisposed while this signer is used.
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="certificate"/> is null.</exception>
    /// <exception cref="ArgumentException">The certificate has no private key, or its key is neither RSA nor ECDSA.</exception>
    /// <exception cref="SignerCertificateRejectedException">The certificate fails <see cref="SignerCertificatePolicy"/> (a CA, or a key below RSA-2048 / P-256).</exception>
    public X509CertificateSigner(X509Certificate2 certificate)
        : this(certificate, ownsCertificate: false)
    {
    }

    private X509CertificateSigner(X509Certificate2 certificate, bool ownsCertificate)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        if (!certificate.HasPrivateKey)
        {
            throw new ArgumentException("The signer certificate has no private key.", nameof(certificate));
        }

        var keyAlgorithm = certificate.PublicKey.Oid.Value;
        if (keyAlgorithm is not (CmsOids.RsaEncryption or CmsOids.EcPublicKey))
        {
            throw new ArgumentException(
                $"The signer key algorithm {keyAlgorithm} is not supported; use RSA or ECDSA.", nameof(certificate));
        }

        SignerCertificatePolicy.ThrowIfUnsuitable(certificate);
        signingCertificate = certificate;
        ownsSigningCertificate = ownsCertificate;
        isRsa = keyAlgorithm == CmsOids.RsaEncryption;
        publicCertificate = X509CertificateLoader.LoadCertificate(certificate.RawDataMemory.Span);
    }

    /// <inheritdoc />
    /// <remarks>A copy without the private key, owned by this signer.</remarks>
    public X509Certificate2 Certificate
    {
        get
        {
            ObjectDisposedException.ThrowIf(disposed, this);
            return publicCertificate;
        }
    }

    /// <summary>
    /// Loads a signer from a PKCS #12 (PFX) file holding one certificate with its private key. The key is loaded
    /// ephemerally and released when the signer is disposed.
    /// </summary>
    /// <param name="path">The PFX file.</param>
    /// <param name="password">The PFX password, or null when it has none.</param>
    /// <exception cref="CryptographicException">The file cannot be read with <paramref name="password"/>.</exception>
    /// <exception cref="ArgumentException">The certificate has no usable RSA or ECDSA private key.</exception>
    /// <exception cref="SignerCertificateRejectedException">The certificate fails <see cref="SignerCertificatePolicy"/>.</exception>
    public static X509CertificateSigner FromPfxFile(string path, string? password)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var certificate = X509CertificateLoader.LoadPkcs12FromFile(path, password, X509KeyStorageFlags.EphemeralKeySet);
        return Own(certificate);
    }

    /// <summary>
    /// Loads a signer from a PEM certificate file and a PEM private key file (PKCS #8, optionally encrypted, or a
    /// traditional RSA/EC key).
    /// </summary>
    /// <param name="certificatePath">The PEM file whose first CERTIFICATE block is the signer certificate.</param>
    /// <param name="keyPath">The PEM private key file.</param>
    /// <param name="password">The password of an ENCRYPTED PRIVATE KEY, or null for an unencrypted key.</param>
    /// <exception cref="CryptographicException">The files cannot be parsed, or the key does not match the certificate.</exception>
    /// <exception cref="ArgumentException">The certificate has no usable RSA or ECDSA private key.</exception>
    /// <exception cref="SignerCertificateRejectedException">The certificate fails <see cref="SignerCertificatePolicy"/>.</exception>
    public static X509CertificateSigner FromPemFiles(string certificatePath, string keyPath, string? password = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(certificatePath);
        ArgumentException.ThrowIfNullOrEmpty(keyPath);
        var certificate = password is null
            ? X509Certificate2.CreateFromPemFile(certificatePath, keyPath)
            : X509Certificate2.CreateFromEncryptedPemFile(certificatePath, password, keyPath);
        return Own(certificate);
    }

    /// <inheritdoc />
    public ValueTask<byte[]> SignDetachedAsync(
        ReadOnlyMemory<byte> content, Instant signingTime, CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(disposed, this);
        CmsSigningTime.ThrowIfNotEncodable(signingTime, nameof(signingTime));
        cancellationToken.ThrowIfCancellationRequested();

        var signedCms = new SignedCms(new ContentInfo(content.ToArray()), detached: true);
        var signer = new CmsSigner(SubjectIdentifierType.IssuerAndSerialNumber, signingCertificate)
        {
            DigestAlgorithm = Sha256Oid,
            IncludeOption = X509IncludeOption.EndCertOnly,
        };
        if (isRsa)
        {
            signer.SignaturePadding = RSASignaturePadding.Pkcs1;
        }

        signer.SignedAttributes.Add(new Pkcs9SigningTime(signingTime.ToDateTimeUtc()));
        signedCms.ComputeSignature(signer, silent: true);
        return ValueTask.FromResult(signedCms.Encode());
    }

    /// <summary>Releases the public certificate copy and, when this signer loaded it, the private key.</summary>
    public void Dispose()
    {
        if (disposed)
        {
            return;
        }

        disposed = true;
        publicCertificate.Dispose();
        if (ownsSigningCertificate)
        {
            signingCertificate.Dispose();
        }
    }

    private static X509CertificateSigner Own(X509Certificate2 certificate)
    {
        try
        {
            return new X509CertificateSigner(certificate, ownsCertificate: true);
        }
        catch
        {
            certificate.Dispose();
            throw;
        }
    }
}
