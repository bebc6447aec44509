using ComplianceKit.Hashing;
using ComplianceKit.Ledger;
using ComplianceKit.Merkle;

namespace ComplianceKit.Verification;

/// <summary>
/// The hashes verification recomputes for one entry, independently of every other entry: the payload digest,
/// the entry hash from the header fields, and the Merkle leaf hash of the stored entry hash. Computing them is
/// most of the work, and needs no ordering, so a verifier can do it on another thread than the checks that
/// follow the chain (<see cref="ChainVerifier"/>).
/// </summary>
internal sealed class EntryDigests
{
    private EntryDigests(byte[]? payloadDigest, byte[]? entryHash, byte[] leafHash)
    {
        PayloadDigest = payloadDigest;
        EntryHash = entryHash;
        LeafHash = leafHash;
    }

    /// <summary>SHA-256("CKP1" || salt || payload), or <see langword="null"/> when the payload is absent or the salt or stored digest has the wrong length.</summary>
    public byte[]? PayloadDigest { get; }

    /// <summary>The entry hash recomputed from the header fields, or <see langword="null"/> when the header cannot be encoded.</summary>
    public byte[]? EntryHash { get; }

    /// <summary>The RFC 6962 leaf hash of the entry hash as stored.</summary>
    public byte[] LeafHash { get; }

    /// <summary>Computes the digests of <paramref name="entry"/>; never throws for malformed content.</summary>
    public static EntryDigests Compute(LedgerEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        byte[]? payloadDigest = null;
        if (entry.Payload is not null && entry.PayloadSalt is { Length: EntryEncoding.SaltSize } && entry.PayloadDigest.Length == Sha256Digest.Size)
        {
            payloadDigest = new byte[Sha256Digest.Size];
            EntryEncoding.ComputePayloadDigest(entry.PayloadSalt, entry.Payload, payloadDigest);
        }

        byte[]? entryHash;
        try
        {
            entryHash = EntryEncoding.ComputeEntryHash(entry);
        }
        catch (ArgumentException)
        {
            entryHash = null;
        }

        return new EntryDigests(payloadDigest, entryHash, MerkleHasher.HashLeaf(entry.EntryHash));
    }
}
