using System.Security.Cryptography.X509Certificates;
using NodaTime;

namespace ComplianceKit.Signing;

/// <summary>
/// Produces detached CMS signatures (RFC 5652 SignedData) over approval statements and other evidence.
/// Implement it to keep the private key in an HSM, a cloud KMS or a key vault; derive from
/// <see cref="CmsDigestSigner"/> to get the CMS encoding for free and implement only the raw digest signature.
/// </summary>
/// <remarks>
/// <para>Every implementation must return, from <see cref="SignDetachedAsync"/>, a DER-encoded ContentInfo of type
/// SignedData with:</para>
/// <list type="bullet">
/// <item>no encapsulated content (detached); eContentType id-data;</item>
/// <item>exactly one SignerInfo identified by issuer and serial number, digest algorithm SHA-256;</item>
/// <item>signed attributes contentType, messageDigest (SHA-256 of the content) and signingTime
/// (PKCS #9, UTCTime) equal to the requested signing time;</item>
/// <item>a signature over the DER SET OF the signed attributes: RSA PKCS #1 v1.5 or ECDSA (DER Ecdsa-Sig-Value);</item>
/// <item>the signer certificate and no other certificate (the X509IncludeOption.EndCertOnly shape).</item>
/// </list>
/// <para>Such a signature verifies with <see cref="CmsSignatureVerifier"/> and with OpenSSL alone:
/// <c>openssl cms -verify -binary -inform DER -in sig.p7s -content statement.bin -CAfile ca.pem -purpose any -out /dev/null</c>
/// (add <c>-attime &lt;unix seconds of the signing time&gt;</c> once the certificate has expired).</para>
/// <para>CMS records the signing time to the second, between 1950 and 2049 (UTCTime). Implementations throw
/// <see cref="ArgumentOutOfRangeException"/> for any other instant rather than silently truncating it, so the time a
/// caller stores next to the signature is exactly the signed time; truncate first with
/// <c>Instant.FromUnixTimeSeconds(now.ToUnixTimeSeconds())</c>.</para>
/// <para>Implementations must be safe to call concurrently and must never log or persist private key material.</para>
/// </remarks>
public interface ICmsSigner
{
    /// <summary>
    /// The signer certificate, public part only. It is embedded in every signature this signer produces.
    /// </summary>
    X509Certificate2 Certificate { get; }

    /// <summary>Signs <paramref name="content"/> and returns a DER detached CMS SignedData as described on <see cref="ICmsSigner"/>.</summary>
    /// <param name="content">The exact bytes being approved; they are not embedded in the signature.</param>
    /// <param name="signingTime">The signing time to record in the signed signingTime attribute, a whole second in 1950-2049.</param>
    /// <param name="cancellationToken">Cancels a remote signing operation.</param>
    /// <returns>The DER encoding of the CMS ContentInfo.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="signingTime"/> has a fraction of a second or is outside 1950-2049.</exception>
    ValueTask<byte[]> SignDetachedAsync(
        ReadOnlyMemory<byte> content, Instant signingTime, CancellationToken cancellationToken = default);
}
