namespace ComplianceKit.Signing;

/// <summary>The verdict of <see cref="SignerCertificatePolicy.Check"/>: the specific problem, and a sentence naming the certificate and the reason.</summary>
/// <param name="Problem">Why the certificate is refused, or <see cref="SignerCertificateProblem.None"/>.</param>
/// <param name="Message">A sentence for people and logs.</param>
public sealed record SignerCertificateCheck(SignerCertificateProblem Problem, string Message)
{
    /// <summary>Whether the certificate may sign approvals, evidence and checkpoints.</summary>
    public bool IsAcceptable => Problem == SignerCertificateProblem.None;
}
