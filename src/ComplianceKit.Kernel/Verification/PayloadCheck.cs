using ComplianceKit.Hashing;
using ComplianceKit.Ledger;

namespace ComplianceKit.Verification;

/// <summary>
/// The payload rule every verifier applies, once: a payload and salt that hash to the entry's payload
/// digest are intact; a missing one is purged when a retention purge accounts for it and missing
/// otherwise; anything else is altered. Each verifier words the finding in its own status.
/// </summary>
internal static class PayloadCheck
{
    /// <summary>What the check found.</summary>
    public enum Finding
    {
        /// <summary>The payload hashes to its digest (or the digest is malformed, which the header check reports).</summary>
        Intact,

        /// <summary>The payload is gone, and a purge accounts for it.</summary>
        Purged,

        /// <summary>The payload is gone, and nothing accounts for it.</summary>
        Missing,

        /// <summary>The salt has the wrong length, or the payload no longer hashes to its digest.</summary>
        Altered,
    }

    /// <summary>Checks <paramref name="entry"/>'s payload against its digest.</summary>
    /// <param name="entry">The entry.</param>
    /// <param name="digest">The payload digest computed from the entry's salt and payload, or <see langword="null"/> when none could be.</param>
    /// <param name="purgeExplanation">Explains a missing payload by sequence (the purge that removed it), or returns <see langword="null"/>.</param>
    /// <param name="missing">The message for a payload nothing accounts for.</param>
    public static (Finding Finding, string? Message) Check(LedgerEntry entry, byte[]? digest, Func<long, string?>? purgeExplanation, string missing)
    {
        if (entry.Payload is null || entry.PayloadSalt is null)
        {
            return purgeExplanation?.Invoke(entry.Sequence) is { } purge ? (Finding.Purged, purge) : (Finding.Missing, missing);
        }

        if (entry.PayloadDigest.Length != Sha256Digest.Size)
        {
            return (Finding.Intact, null); // the header check reports the malformed digest
        }

        if (entry.PayloadSalt.Length != EntryEncoding.SaltSize)
        {
            return (Finding.Altered, $"The payload salt is {entry.PayloadSalt.Length} bytes, not {EntryEncoding.SaltSize}.");
        }

        return digest is null || !digest.AsSpan().SequenceEqual(entry.PayloadDigest)
            ? (Finding.Altered, "The payload no longer hashes to its payload digest.")
            : (Finding.Intact, null);
    }
}
