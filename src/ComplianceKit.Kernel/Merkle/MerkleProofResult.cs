using System.Security.Cryptography;

namespace ComplianceKit.Merkle;

/// <summary>
/// The outcome of verifying a Merkle proof: valid, or the specific <see cref="MerkleProofFailure"/>
/// with a message that names the offending value. Immutable and thread safe.
/// </summary>
public sealed record MerkleProofResult
{
    private MerkleProofResult(MerkleProofFailure failure, string message)
    {
        Failure = failure;
        Message = message;
    }

    /// <summary>Gets the result for a proof that verified.</summary>
    public static MerkleProofResult Valid { get; } = new(MerkleProofFailure.None, "The proof is valid.");

    /// <summary>Gets a value indicating whether the proof verified.</summary>
    public bool IsValid => Failure == MerkleProofFailure.None;

    /// <summary>Gets why the proof failed, or <see cref="MerkleProofFailure.None"/> when it is valid.</summary>
    public MerkleProofFailure Failure { get; }

    /// <summary>Gets a human-readable explanation, suitable for an auditor's report.</summary>
    public string Message { get; }

    /// <summary>Creates a failed result.</summary>
    /// <param name="failure">The reason; must not be <see cref="MerkleProofFailure.None"/>.</param>
    /// <param name="message">The explanation.</param>
    /// <returns>The failed result.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="failure"/> is <see cref="MerkleProofFailure.None"/> or undefined.</exception>
    /// <exception cref="ArgumentException"><paramref name="message"/> is null or empty.</exception>
    public static MerkleProofResult Invalid(MerkleProofFailure failure, string message)
    {
        if (failure == MerkleProofFailure.None || !Enum.IsDefined(failure))
        {
            throw new ArgumentOutOfRangeException(nameof(failure), failure, "A failed result needs a failure reason.");
        }

        ArgumentException.ThrowIfNullOrEmpty(message);
        return new MerkleProofResult(failure, message);
    }

    /// <summary>Throws when the proof did not verify.</summary>
    /// <exception cref="CryptographicException">The proof is invalid; the exception message is <see cref="Message"/>.</exception>
    public void ThrowIfInvalid()
    {
        if (!IsValid)
        {
            throw new CryptographicException($"Merkle proof verification failed ({Failure}): {Message}");
        }
    }

    /// <summary>Formats the result as <c>Valid</c> or <c>Failure: message</c>.</summary>
    /// <returns>The formatted result.</returns>
    public override string ToString() => IsValid ? "Valid" : $"{Failure}: {Message}";
}
