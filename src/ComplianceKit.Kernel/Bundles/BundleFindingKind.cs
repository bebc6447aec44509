namespace ComplianceKit.Bundles;

/// <summary>
/// What the bundle verifier found, ordered by severity: a larger value is more severe. Values below 100 are
/// notes (the bundle still verifies); every other finding fails the bundle (exit code 1) except
/// <see cref="NotAZip"/>, the one finding that means the file could not be read at all (exit code 2).
/// 100 to 149 are refusals (a member that is unsafe, damaged or not in the documented format: once a file
/// opens as a zip, whatever is wrong inside it fails verification), 200 and above are evidence of
/// tampering. The numeric values are stable and appear in the JSON report (docs/BUNDLE.md).
/// </summary>
public enum BundleFindingKind
{
    /// <summary>An entry's payload was purged, and a retention purge entry in the bundle accounts for it.</summary>
    PayloadPurged = 10,

    /// <summary>An approval's signer held no grant of the stated role at the signing time, as far as the bundle's role entries show.</summary>
    ApprovalNotAuthorized = 20,

    /// <summary>
    /// The administration root the bundle declares was not pinned by the auditor (no <c>--admin-root</c> or fingerprint given):
    /// administrative entries were judged against it as the bundle's signer vouches for it, or, when the bundle declares none, replayed as
    /// recorded, signed or not (the weaker mode). A note: compare its fingerprint with the organisation's.
    /// </summary>
    AdministrationRootNotPinned = 30,

    /// <summary>
    /// A checkpoint the bundle carries is co-signed by a witness whose certificate the auditor did not pin (<c>--witness</c>): that
    /// co-signature counts for nothing. A note, reported when witnesses were given.
    /// </summary>
    WitnessNotTrusted = 40,

    /// <summary>
    /// Note: a CRL the bundle carries lists a signer certificate as revoked after its signature's trusted time (docs/FORMAT.md 12.15); the
    /// signature stands, and the report says when the certificate was revoked.
    /// </summary>
    RevokedAfterTrustedTime = 50,

    /// <summary>The officer's earlier checkpoint cannot be compared: the bundle carries no proof from its size.</summary>
    PreviousCheckpointUnproven = 100,

    /// <summary>
    /// A published checkpoint the auditor holds cannot be compared with a selective bundle: the bundle carries no proof from its size
    /// (docs/FORMAT.md 12.14). Ask for an export that carries it.
    /// </summary>
    AnchorUnproven = 105,

    /// <summary>A file is not in the documented format: bad JSON, wrong types, invalid base64, missing members.</summary>
    Malformed = 110,

    /// <summary>A zip member is refused before it is read (an unsafe name, a link, a duplicate, encrypted, over a size or compression limit), or the archive holds more members or a larger directory than the limits allow.</summary>
    UnsafeMember = 120,

    /// <summary>A member of an archive that opened cannot be read: corrupt compressed data, a CRC-32 mismatch, a truncated member, or an I/O error.</summary>
    Unreadable = 130,

    /// <summary>The file is not an evidence bundle: none of the checkpoint, manifest and sums files is present.</summary>
    NotABundle = 140,

    /// <summary>The file cannot be read as a zip archive at all (no end record, a damaged central directory): the only finding with exit code 2.</summary>
    NotAZip = 150,

    /// <summary>
    /// A signature (the checkpoint's or an approval's) is intact over what it signs, but its signer is not established as a
    /// trusted, suitable signer: the certificate does not chain to your trust anchors, was revoked, expired or not yet valid at
    /// signing, is a CA certificate, has a key below RSA-2048 / P-256, or lacks signing key usage. A trust finding: the bundle
    /// fails (exit code 1), but this is not evidence that anything was altered.
    /// </summary>
    SignerNotTrusted = 160,

    /// <summary>
    /// A CRL the bundle carries (docs/FORMAT.md 12.15), signed by the signer's issuing CA, lists the signer certificate as revoked at or before
    /// the signature's trusted time: the signature is intact but its key was no longer the signer's to use.
    /// </summary>
    SignerRevoked = 162,

    /// <summary>
    /// Revocation data the bundle carries (docs/FORMAT.md 12.15) cannot be relied on: a CRL whose signature does not verify with its issuing
    /// CA's key, one that was not current (thisUpdate to nextUpdate) at the trusted time of any signature it is for, or a signature whose
    /// issuer's CRLs none was current at its trusted time. The message names the file.
    /// </summary>
    RevocationDataInvalid = 164,

    /// <summary>
    /// An administrative entry (role grant or revocation, trust anchor, gate definition, retention rule) in the bundle does not count:
    /// unsigned, not signed by an administrator under the administration root, misplaced, replayed, or an unconfirmed self-grant
    /// (docs/FORMAT.md, 7.1). A trust finding: decisions ignore it, which is not evidence that the bundle was altered.
    /// </summary>
    AdministrativeEntryIgnored = 165,

    /// <summary>
    /// The administration root the auditor pinned (a PEM or a fingerprint) is not the one the bundle declares, or the bundle
    /// declares none: administrative entries were judged against the pinned root. A trust finding.
    /// </summary>
    AdministrationRootMismatch = 170,

    /// <summary>
    /// A <c>checkpoint.key.rotated</c> entry in the bundle does not count (docs/FORMAT.md 13.6: unreadable, misplaced, replayed, not signed by
    /// both keys, not replacing the key in force, or signed by a compromised key): the chain of keys ignores it. A trust finding.
    /// </summary>
    CheckpointKeyRotationIgnored = 172,

    /// <summary>
    /// A published or carried checkpoint's organisation signature does not verify against the auditor's trust anchors, so it anchors
    /// nothing (docs/FORMAT.md 13.3). A trust finding.
    /// </summary>
    AnchorSignatureInvalid = 175,

    /// <summary>
    /// The auditor requires witness co-signatures (<c>--witnesses-required</c>) and no checkpoint the bundle extends has that many from the
    /// pinned witnesses (docs/FORMAT.md 12.14): nothing in the bundle is anchored. A trust finding: missing evidence, not alteration.
    /// </summary>
    WitnessQuorumNotMet = 180,

    /// <summary>
    /// The checkpoint signature verifies, but the chain of checkpoint keys refuses it (docs/FORMAT.md 12.16 and 13.6): its key was recorded
    /// compromised and the signature has no trusted timestamp before that, was rotated away or not yet in force at the signature's time, is not
    /// in the chain, or is not reached from the key the auditor pinned. A trust finding: nothing in the bundle vouches for its entries.
    /// </summary>
    CheckpointKeyRefused = 185,

    /// <summary>An entry's payload is absent and no purge entry in the bundle accounts for it.</summary>
    PayloadMissing = 200,

    /// <summary>An entry lies outside the scope (time range, types, subjects) the manifest declares.</summary>
    ScopeMismatch = 210,

    /// <summary>A count in the manifest (entries, per type, absent payloads, approvals) disagrees with the files.</summary>
    CountMismatch = 220,

    /// <summary>A purge the manifest declares is not the purge entry in the bundle, or that entry is absent or altered.</summary>
    PurgeMismatch = 230,

    /// <summary>The archive holds a member that no signed listing names.</summary>
    UnexpectedFile = 240,

    /// <summary>A member the manifest or the checkpoint names is not in the archive.</summary>
    FileMissing = 250,

    /// <summary>Two entries claim the same sequence number, or sequences are out of order.</summary>
    DuplicateSequence = 260,

    /// <summary>A full export skips sequence numbers: entries were removed.</summary>
    SequenceGap = 270,

    /// <summary>A full export's entries do not add up to the signed checkpoint (size or root).</summary>
    HeadMismatch = 280,

    /// <summary>An approval statement is not bound to this chain, its signature or its certificate, or its file differs from its entry.</summary>
    ApprovalBindingInvalid = 290,

    /// <summary>An approval's CMS signature does not verify against the trust anchors, or its payload is not an approval.</summary>
    ApprovalSignatureInvalid = 300,

    /// <summary>A consistency proof (from an earlier checkpoint, or from an approval's ledger head) does not verify.</summary>
    ConsistencyProofInvalid = 310,

    /// <summary>
    /// A witness co-signature the bundle carries does not verify over its checkpoint's bytes, or was made by another certificate than
    /// its file name names: a forged co-signature (docs/FORMAT.md 12.14).
    /// </summary>
    WitnessCosignatureInvalid = 315,

    /// <summary>An entry's inclusion proof does not lead to the signed root.</summary>
    InclusionProofInvalid = 320,

    /// <summary>An entry's previous-hash is not the entry hash of the entry before it.</summary>
    LinkBroken = 330,

    /// <summary>An entry's header fields no longer hash to its entry hash.</summary>
    HeaderAltered = 340,

    /// <summary>An entry's payload no longer hashes to its payload digest.</summary>
    PayloadAltered = 350,

    /// <summary>The manifest disagrees with the signed checkpoint (origin, size, root, time), or the officer's checkpoint is not a prefix.</summary>
    CheckpointMismatch = 360,

    /// <summary>
    /// The bundle contradicts a published checkpoint (docs/FORMAT.md 12.14 and 13.3): its tree at the checkpoint's size has another
    /// root (entries the checkpoint covers were rewritten), or a checkpoint signed before the bundle was made covers more entries than the
    /// bundle's chain holds (entries were cut). The message names the checkpoint.
    /// </summary>
    AnchorContradicted = 365,

    /// <summary>A file's bytes are not the ones its signed digest names.</summary>
    FileAltered = 370,

    /// <summary>The checkpoint signature is malformed, does not cover the checkpoint, or does not chain to the trust anchors.</summary>
    CheckpointSignatureInvalid = 380,
}
