using ComplianceKit.Ledger;
using ComplianceKit.Verification;

namespace ComplianceKit.Projection;

/// <summary>
/// Builds a chain's compliance state from the verified ledger: the chain is verified up to its head in one snapshot
/// (<see cref="VerifiedChain"/>), then the domain entries below that head are projected. If the chain does not verify,
/// no state is returned.
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
        var chain = await VerifiedChain.OpenAsync(ledger, chainId, cancellationToken).ConfigureAwait(false);
        await using (chain.ConfigureAwait(false))
        {
            return await BuildAsync(chain, projectUpTo, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Projects an already verified chain, or only its first <paramref name="projectUpTo"/> entries.</summary>
    /// <param name="chain">The verified chain; nothing past its head is read.</param>
    /// <param name="projectUpTo">Project only the entries below this sequence.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="projectUpTo"/> is beyond the verified head.</exception>
    public static async Task<ComplianceSnapshot> BuildAsync(VerifiedChain chain, long? projectUpTo = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(chain);
        var size = projectUpTo ?? chain.Size;
        ArgumentOutOfRangeException.ThrowIfNegative(size, nameof(projectUpTo));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(size, chain.Size, nameof(projectUpTo));
        var projector = new ComplianceProjector(chain.ChainId);
        await foreach (var entry in chain.ReadAsync(0, cancellationToken).ConfigureAwait(false))
        {
            if (entry.Sequence >= size)
            {
                break;
            }

            projector.Apply(entry);
        }

        var root = (await chain.GetTreeHeadAsync(size, cancellationToken).ConfigureAwait(false)).Root;
        return projector.CompleteAndRelease(size, root);
    }
}
