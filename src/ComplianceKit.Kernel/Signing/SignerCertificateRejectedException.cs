namespace ComplianceKit.Signing;

/// <summary>
/// Thrown where the library signs (signer construction, approvals, evidence, checkpoints) when the signer certificate
/// fails <see cref="SignerCertificatePolicy"/>; nothing has been signed or written when it is thrown.
/// </summary>
public sealed class SignerCertificateRejectedException : ArgumentException
{
    /// <summary>Creates the exception from the policy's verdict.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="check"/> is null.</exception>
    public SignerCertificateRejectedException(SignerCertificateCheck check)
        : base((check ?? throw new ArgumentNullException(nameof(check))).Message) =>
        Check = check;

    /// <summary>The policy's verdict, with the specific problem.</summary>
    public SignerCertificateCheck Check { get; }
}
