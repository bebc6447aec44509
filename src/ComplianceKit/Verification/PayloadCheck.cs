using ComplianceKit.Hashing;
using ComplianceKit.Ledger;

namespace ComplianceKit.Verification;

/// <summary>
/// Step 3 of docs/FORMAT.md section 6, shared by every verifier (database chains, full and selective
/// bundles): is the payload intact, purged under a recorded policy, or missing?
/// </summary>
internal static class PayloadCheck
{
    /// <summary>
    /// Returns <see cref="VerificationStatus.Valid"/> for an intact payload, otherwise the status and a
    /// sentence. A malformed digest is left to the header check, which reports it.
    /// </summary>
    /// <param name="entry">The entry.</param>
    /// <param name="digest">A 32-byte scratch buffer.</param>
    /// <param name="purgeExplanation">Explains an absent payload by a recorded purge, or returns <see langword="null"/>.</param>
    public static (VerificationStatus Status, string Message) Evaluate(LedgerEntry entry, Span<byte> digest, Func<long, string?>? purgeExplanation)
    {
        if (entry.Payload is null || entry.PayloadSalt is null)
        {
            return purgeExplanation?.Invoke(entry.Sequence) is { } purge
                ? (VerificationStatus.PayloadPurged, purge)
                : (VerificationStatus.PayloadMissing, "The payload is gone and no retention purge accounts for it.");
        }

        if (entry.PayloadDigest.Length != Sha256Digest.Size)
        {
            return (VerificationStatus.Valid, "");
        }

        if (entry.PayloadSalt.Length != EntryEncoding.SaltSize)
        {
            return (VerificationStatus.PayloadAltered, $"The payload salt is {entry.PayloadSalt.Length} bytes, not {EntryEncoding.SaltSize}.");
        }

        EntryEncoding.ComputePayloadDigest(entry.PayloadSalt, entry.Payload, digest);
        return digest.SequenceEqual(entry.PayloadDigest)
            ? (VerificationStatus.Valid, "")
            : (VerificationStatus.PayloadAltered, "The payload no longer hashes to its payload digest.");
    }
}
