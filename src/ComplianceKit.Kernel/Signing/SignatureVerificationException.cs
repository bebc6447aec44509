namespace ComplianceKit.Signing;

/// <summary>Thrown by <see cref="CmsSignatureVerifier.VerifyOrThrow"/> when a signature is not valid.</summary>
public sealed class SignatureVerificationException : Exception
{
    /// <summary>Creates an exception carrying <paramref name="result"/>, with its message.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="result"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="result"/> is valid.</exception>
    public SignatureVerificationException(SignatureVerificationResult result)
        : base(Describe(result)) =>
        Result = result;

    /// <summary>The full verification result.</summary>
    public SignatureVerificationResult Result { get; }

    /// <summary>Why the signature was refused; never <see cref="SignatureVerificationStatus.Valid"/>.</summary>
    public SignatureVerificationStatus Status => Result.Status;

    private static string Describe(SignatureVerificationResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        return result.IsValid
            ? throw new ArgumentException("A valid result is not an error.", nameof(result))
            : result.ToString();
    }
}
