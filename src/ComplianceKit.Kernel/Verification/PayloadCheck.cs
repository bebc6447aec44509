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
    public static (Finding Finding, string? Message) Check(LedgerEntry entry, byte[]? digest, Func<long, string?>? purgeExplanation, string missing) =>
        Check(entry.Sequence, Facts.Of(entry, digest), purgeExplanation, missing);

    /// <summary>Checks a payload described by <paramref name="facts"/> (for an entry read without a <see cref="LedgerEntry"/>).</summary>
    /// <param name="sequence">The entry's sequence, for the purge lookup.</param>
    /// <param name="facts">What the rule looks at.</param>
    /// <param name="purgeExplanation">Explains a missing payload by sequence (the purge that removed it), or returns <see langword="null"/>.</param>
    /// <param name="missing">The message for a payload nothing accounts for.</param>
    public static (Finding Finding, string? Message) Check(long sequence, Facts facts, Func<long, string?>? purgeExplanation, string missing)
    {
        if (facts.Absent)
        {
            return purgeExplanation?.Invoke(sequence) is { } purge ? (Finding.Purged, purge) : (Finding.Missing, missing);
        }

        if (facts.StoredDigestLength != Sha256Digest.Size)
        {
            return (Finding.Intact, null); // the header check reports the malformed digest
        }

        if (facts.SaltLength != EntryEncoding.SaltSize)
        {
            return (Finding.Altered, $"The payload salt is {facts.SaltLength} bytes, not {EntryEncoding.SaltSize}.");
        }

        return facts.DigestMatches
            ? (Finding.Intact, null)
            : (Finding.Altered, "The payload no longer hashes to its payload digest.");
    }

    /// <summary>What the payload rule looks at, whether the entry was parsed into a <see cref="LedgerEntry"/> or hashed where it lies.</summary>
    /// <param name="Absent">The payload or its salt is gone.</param>
    /// <param name="StoredDigestLength">The length of the stored payload digest.</param>
    /// <param name="SaltLength">The length of the salt (when present).</param>
    /// <param name="DigestMatches">The recomputed digest equals the stored one.</param>
    public readonly record struct Facts(bool Absent, int StoredDigestLength, int SaltLength, bool DigestMatches)
    {
        /// <summary>The facts of <paramref name="entry"/>, given the digest computed from it (or <see langword="null"/>).</summary>
        public static Facts Of(LedgerEntry entry, byte[]? digest) => new(
            entry.Payload is null || entry.PayloadSalt is null,
            entry.PayloadDigest.Length,
            entry.PayloadSalt?.Length ?? 0,
            digest is not null && digest.AsSpan().SequenceEqual(entry.PayloadDigest));
    }
}
