namespace ComplianceKit.Ledger;

/// <summary>
/// What verification found at an entry, ordered by severity: a larger value is more severe, and a
/// chain's overall status is the most severe status among its entries.
/// </summary>
/// <remarks>
/// From most to least severe: payload altered, header altered, link broken, entry beyond head,
/// head mismatch, approval binding invalid, sequence gap, duplicate sequence (fork), payload missing, Merkle node mismatch.
/// <see cref="PayloadPurged"/> is not a failure: the payload was removed under a recorded retention
/// policy and the digest still holds.
/// </remarks>
public enum VerificationStatus
{
    /// <summary>Everything checked holds.</summary>
    Valid = 0,

    /// <summary>The payload was purged under a retention policy recorded in the chain; not a failure.</summary>
    PayloadPurged = 10,

    /// <summary>
    /// A Merkle node or the right edge (frontier) the store keeps is not the one the entries give: the entries still
    /// verify, but proofs and roots built from the stored hashes would fail. The least severe failure.
    /// </summary>
    MerkleNodeMismatch = 15,

    /// <summary>The payload bytes are gone and no purge entry accounts for them.</summary>
    PayloadMissing = 20,

    /// <summary>Two entries claim the same sequence number: the chain forked.</summary>
    DuplicateSequence = 30,

    /// <summary>Sequence numbers skip: entries were removed from the middle of the chain.</summary>
    SequenceGap = 40,

    /// <summary>
    /// An approval entry is not bound to its subject, signature or ledger head (docs/FORMAT.md section 7, "Binding"),
    /// its signature does not verify over its statement, or its payload is no signed approval.
    /// </summary>
    ApprovalBindingInvalid = 45,

    /// <summary>The chain's recorded head (size, last hash or root) disagrees with its entries: entries were removed from the end, or the head was rewritten.</summary>
    HeadMismatch = 50,

    /// <summary>
    /// A row lies at or past the chain's recorded head size, or its chain has no head row: no hash the head covers
    /// includes it, so it was planted (or the head was deleted). Decisions never read it.
    /// </summary>
    EntryBeyondHead = 55,

    /// <summary>The entry's previous-hash does not equal the entry hash of the entry before it.</summary>
    LinkBroken = 60,

    /// <summary>A header field (type, subject, actor, times, digest, ...) no longer hashes to the stored entry hash.</summary>
    HeaderAltered = 70,

    /// <summary>The payload bytes no longer hash to the payload digest.</summary>
    PayloadAltered = 80,
}
