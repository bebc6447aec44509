using ComplianceKit.Ledger;

namespace ComplianceKit.Bundles;

/// <summary>What a bundle verification compares against and reports to, beyond the trust anchors.</summary>
public sealed class BundleVerificationOptions
{
    /// <summary>
    /// The officer's earlier checkpoint: the bundle must prove that its checkpoint extends it (same origin,
    /// and an RFC 9162 consistency proof, or the entries themselves in a full export).
    /// </summary>
    public Checkpoint? PreviousCheckpoint { get; init; }

    /// <summary>Told how many entries have been verified, about every 64 Ki entries and at the end.</summary>
    public IProgress<BundleProgress>? Progress { get; init; }

    /// <summary>
    /// Called with every entry of <c>entries.jsonl</c> after it has been checked, in file order, on the
    /// verifier's worker thread (one call at a time); a report collects what it shows this way, without a
    /// second pass. It must not block for long: reading waits for it.
    /// </summary>
    public Action<LedgerEntry>? OnEntry { get; init; }

    /// <summary>The size and count caps; <see cref="BundleLimits.Default"/> when not set.</summary>
    public BundleLimits Limits { get; init; } = BundleLimits.Default;
}
