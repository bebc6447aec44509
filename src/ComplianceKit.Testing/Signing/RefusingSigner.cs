using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using ComplianceKit.Signing;
using NodaTime;

namespace ComplianceKit.Testing.Signing;

/// <summary>
/// A signer for host tests whose signing fails: it has a certificate (the signer is known, as when a smart card is
/// inserted) but every <see cref="SignDetachedAsync"/> throws, as a real signer does when a PIN is cancelled, a card
/// removed, or an HSM or key vault cannot be reached.
/// </summary>
/// <remarks>
/// <para><b>Use it</b> to test a host's error path around signing: that the failure reaches the user as the host
/// intends and that nothing was written (the library's recorders sign before they append, so a refused signature leaves
/// the ledger as it was; <see cref="AttemptCount"/> shows the flow reached the signer).</para>
/// <para><b>Use <see cref="TestSigner"/> instead</b> whenever the test needs a signature to exist and verify.</para>
/// <para>A certificate the library's signer policy refuses (a CA certificate, a weak key) is refused before signing is
/// attempted, with <see cref="SignerCertificateRejectedException"/>; give it a good certificate to reach the signer.</para>
/// </remarks>
public sealed class RefusingSigner : ICmsSigner
{
    private readonly X509Certificate2 _certificate;
    private readonly Func<Exception> _failure;
    private int _attempts;

    /// <summary>A signer with <paramref name="certificate"/> whose every signing throws what <paramref name="failure"/> makes.</summary>
    /// <param name="certificate">The signer's certificate; only its public part is used and exposed.</param>
    /// <param name="failure">Makes the exception to throw, fresh for each attempt; a <see cref="CryptographicException"/> naming the signer when unset.</param>
    public RefusingSigner(X509Certificate2 certificate, Func<Exception>? failure = null)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        _certificate = X509CertificateLoader.LoadCertificate(certificate.RawData);
        var subject = _certificate.Subject;
        _failure = failure ?? (() => new CryptographicException($"The signer '{subject}' refused to sign (a test signer that always refuses)."));
    }

    /// <inheritdoc />
    public X509Certificate2 Certificate => _certificate;

    /// <summary>How many times a signature was asked for.</summary>
    public int AttemptCount => Volatile.Read(ref _attempts);

    /// <summary>Always throws the configured failure; honours cancellation first.</summary>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public ValueTask<byte[]> SignDetachedAsync(ReadOnlyMemory<byte> content, Instant signingTime, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        Interlocked.Increment(ref _attempts);
        return ValueTask.FromException<byte[]>(_failure());
    }
}
