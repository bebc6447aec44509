using ComplianceKit.Ledger;
using ComplianceKit.Verification;

namespace ComplianceKit.Projection;

/// <summary>
/// Builds a chain's compliance state from the verified ledger in one pass: every entry up to the current tree head
/// is verified (payload digest, header hash, link, Merkle root) and the domain entries among them are projected. If
/// the chain does not verify, no state is returned.
/// </summary>
public static class VerifiedProjection
{
    /// <summary>Verifies the chain up to its current head and projects it, or only its first <paramref name="projectUpTo"/> entries.</summary>
    /// <param name="ledger">The ledger.</param>
    /// <param name="chainId">The chain.</param>
    /// <param name="projectUpTo">Project only the entries below this sequence (to compare with rows built at that size); the whole chain is verified either way.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <exception cref="LedgerNotVerifiedException">The chain does not verify; the exception carries the report.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="projectUpTo"/> is beyond the chain.</exception>
    public static async Task<ComplianceSnapshot> BuildAsync(IComplianceLedger ledger, string chainId, long? projectUpTo = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(ledger);

        // The head is read first, so entries appended meanwhile are outside the projection, not a mismatch.
        var head = await ledger.GetTreeHeadAsync(chainId, cancellationToken: cancellationToken).ConfigureAwait(false);
        var size = projectUpTo ?? head.Size;
        ArgumentOutOfRangeException.ThrowIfNegative(size, nameof(projectUpTo));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(size, head.Size, nameof(projectUpTo));
        var verifier = new ChainVerifier(chainId);
        var projector = new ComplianceProjector(chainId);
        await foreach (var entry in ledger.ReadAsync(chainId, 0, cancellationToken).ConfigureAwait(false))
        {
            if (entry.Sequence >= head.Size)
            {
                break;
            }

            verifier.Add(entry);
            if (entry.Sequence < size)
            {
                projector.Apply(entry);
            }
        }

        var report = verifier.Complete(head.Size, null, head.Root);
        if (!report.IsValid)
        {
            throw new LedgerNotVerifiedException(report);
        }

        var root = size == head.Size ? head.Root : (await ledger.GetTreeHeadAsync(chainId, size, cancellationToken).ConfigureAwait(false)).Root;
        return projector.Complete(size, root);
    }
}
