using System.Security.Cryptography.X509Certificates;
using ComplianceKit.Signing;

namespace ComplianceKit.Anchoring;

/// <summary>A published checkpoint an auditor holds, with what was established about it before it is compared with the chain.</summary>
/// <param name="Source">Where it came from (a file name), named in findings.</param>
/// <param name="Checkpoint">The signed checkpoint.</param>
/// <param name="Signature">The organisation's signature over it, verified against the auditor's trust anchors.</param>
/// <param name="WitnessCosignatures">How many distinct witnesses the auditor trusts co-signed it (each signature verified).</param>
public sealed record AnchorCandidate(string Source, SignedCheckpoint Checkpoint, SignatureVerificationResult Signature, int WitnessCosignatures)
{
    /// <summary>
    /// The history it belongs to: 0 before any restore, <c>n</c> after the <c>n</c>-th restore statement of its origin
    /// (<see cref="RestoreCandidate.Epoch"/>). Checkpoints of earlier epochs above a restore's restored-to size are its lost history.
    /// </summary>
    public int Epoch { get; init; }

    /// <summary>Why the chain of checkpoint keys refuses the signature's key at its time (FORMAT.md 13.6), or <see langword="null"/> when it does not.</summary>
    public string? KeyRefusal { get; init; }

    /// <summary>
    /// Establishes what a stored checkpoint is worth: its organisation signature verified by <paramref name="verifySignature"/> (content,
    /// signature) and its co-signatures counted against the pinned <paramref name="witnesses"/> (docs/FORMAT.md 13.4), those stored
    /// beside it and <paramref name="recordedCosignatures"/> (the ledger's <c>checkpoint.cosigned</c> entries for it, 13.5).
    /// </summary>
    public static AnchorCandidate Of(StoredCheckpoint stored, Func<byte[], byte[], SignatureVerificationResult> verifySignature,
        IReadOnlyCollection<X509Certificate2> witnesses, IEnumerable<byte[]>? recordedCosignatures = null)
    {
        ArgumentNullException.ThrowIfNull(stored);
        ArgumentNullException.ThrowIfNull(verifySignature);
        var bytes = stored.Checkpoint.Checkpoint.ToBytes();
        return new AnchorCandidate(stored.File, stored.Checkpoint, verifySignature(bytes, stored.Checkpoint.Signature),
            Anchoring.WitnessCosignatures.Count(bytes, recordedCosignatures is null ? stored.Cosignatures : stored.Cosignatures.Concat(recordedCosignatures), witnesses));
    }
}
