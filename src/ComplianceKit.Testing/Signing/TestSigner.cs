using System.Security.Cryptography.X509Certificates;
using ComplianceKit.Signing;
using ComplianceKit.Testing.Pki;
using NodaTime;

namespace ComplianceKit.Testing.Signing;

/// <summary>
/// A signer for host tests that produces real, verifiable detached CMS with a test certificate: the library's own
/// <see cref="X509CertificateSigner"/> over a certificate a <see cref="TestCertificateAuthority"/> issued, counting what
/// it signs.
/// </summary>
/// <remarks>
/// <para><b>Use it</b> where the signature matters to what the test checks: an approval that must count at a gate, signed
/// evidence, a signed administrative entry, an exported bundle an auditor verifies. Trust the authority's root in the
/// code under test (<see cref="TestCertificateAuthority.CreateTrustPolicy"/>, a trust anchor, or the administration
/// pin) and the signature verifies as a production one does; issue the certificate expired, revoked or without key
/// usage to test what the verifier or the signer policy refuses.</para>
/// <para><b>Use <see cref="RefusingSigner"/> instead</b> to test a host's error path when signing fails (a smart card
/// removed, a PIN cancelled, an HSM or key vault unreachable): it never signs, so nothing is written.</para>
/// <para>Thread-safe, like every <see cref="ICmsSigner"/>.</para>
/// </remarks>
public sealed class TestSigner : ICmsSigner, IDisposable
{
    private readonly X509CertificateSigner _signer;
    private readonly X509Certificate2? _owned;
    private int _signatureCount;

    /// <summary>
    /// Signs with <paramref name="certificate"/>, which must carry its private key (as the authority issues it). The
    /// caller keeps ownership of the certificate and keeps it undisposed while the signer is used.
    /// </summary>
    /// <exception cref="ArgumentException">The certificate has no private key.</exception>
    /// <exception cref="SignerCertificateRejectedException">The signer policy refuses the certificate (a CA, a weak key), as for any signer.</exception>
    public TestSigner(X509Certificate2 certificate)
        : this(certificate, owned: false)
    {
    }

    private TestSigner(X509Certificate2 certificate, bool owned)
    {
        _signer = new X509CertificateSigner(certificate);
        _owned = owned ? certificate : null;
    }

    /// <inheritdoc />
    public X509Certificate2 Certificate => _signer.Certificate;

    /// <summary>How many signatures this signer has produced: a host test asserts its flow signed exactly once.</summary>
    public int SignatureCount => Volatile.Read(ref _signatureCount);

    /// <summary>A signer with a fresh good certificate (digitalSignature, nonRepudiation) from <paramref name="authority"/>.</summary>
    /// <param name="authority">The test CA that issues the certificate.</param>
    /// <param name="subject">The signer's distinguished name, for example <c>CN=Casey Officer, T=Compliance Officer</c>.</param>
    /// <param name="keyType">RSA or ECDSA.</param>
    public static TestSigner Issue(TestCertificateAuthority authority, string subject, TestKeyType keyType = TestKeyType.EcdsaP256)
    {
        ArgumentNullException.ThrowIfNull(authority);
        return new TestSigner(authority.IssueSigner(subject, keyType), owned: true);
    }

    /// <inheritdoc />
    public async ValueTask<byte[]> SignDetachedAsync(ReadOnlyMemory<byte> content, Instant signingTime, CancellationToken cancellationToken = default)
    {
        var signature = await _signer.SignDetachedAsync(content, signingTime, cancellationToken).ConfigureAwait(false);
        Interlocked.Increment(ref _signatureCount);
        return signature;
    }

    /// <summary>Disposes the signer, and the certificate and key when <see cref="Issue"/> made them.</summary>
    public void Dispose()
    {
        _signer.Dispose();
        _owned?.Dispose();
    }
}
