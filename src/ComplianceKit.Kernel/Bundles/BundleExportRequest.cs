using System.Security.Cryptography.X509Certificates;
using ComplianceKit.Anchoring;

namespace ComplianceKit.Bundles;

/// <summary>What to export: a chain, which of its entries, and what to prove beyond them.</summary>
public sealed class BundleExportRequest
{
    /// <summary>The chain to export.</summary>
    public required string ChainId { get; init; }

    /// <summary>Which entries; the whole chain (verified from genesis) by default.</summary>
    public BundleScope Scope { get; init; } = BundleScope.Full;

    /// <summary>The officer's earlier checkpoint: the bundle then carries a consistency proof from it.</summary>
    public Checkpoint? SinceCheckpoint { get; init; }

    /// <summary>
    /// Trust anchors the organisation declares in the bundle (for example the CA that issued its signers),
    /// besides those recorded in the chain as <c>trust.anchor.added</c> entries. Informative: a verifier
    /// trusts only the anchors the officer supplies.
    /// </summary>
    public IReadOnlyList<X509Certificate2> TrustAnchors { get; init; } = [];

    /// <summary>
    /// The ledger's pinned administration root(s), declared in the bundle (<c>trust/administration-roots.pem</c>, docs/FORMAT.md 12.9) so an
    /// auditor can check its role grants and other administrative entries against them; empty for a ledger without a pinned root.
    /// </summary>
    public IReadOnlyList<X509Certificate2> AdministrationRoots { get; init; } = [];

    /// <summary>
    /// Published checkpoints (for example <c>DirectoryCheckpointSink.ReadAll</c> of the sink's directory) to carry in the bundle with their
    /// witness co-signatures (docs/FORMAT.md 12.14): those of the chain's origin at or below the exported head, each proven extended by it.
    /// One the chain does not extend refuses the export (<see cref="BundleExportException.ContradictsCheckpoint"/>). Empty by default.
    /// Besides these, the exporter always carries the newest checkpoint the chain records with witness co-signatures
    /// (<c>checkpoint.published</c> and <c>checkpoint.cosigned</c> entries, 13.1 and 13.5), with those co-signatures.
    /// </summary>
    public IReadOnlyList<Anchoring.StoredCheckpoint> Anchors { get; init; } = [];

    /// <summary>
    /// Where the CRLs of the signers' issuing CAs come from (docs/FORMAT.md 12.15): for each approval and the checkpoint, the CRLs current at
    /// the signature's trusted time are carried under <c>revocation/</c>, so a verifier judges revocation offline years later. Null by default
    /// (none carried: verifiers report revocation not checked).
    /// </summary>
    public Revocation.IRevocationDataSource? RevocationData { get; init; }

    /// <summary>Whether to deflate entries.jsonl: about three times smaller, about twice as slow to verify.</summary>
    public bool CompressEntries { get; init; }
}
