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
    /// <summary>Verifies the chain up to its current head and projects it.</summary>
    /// <exception cref="LedgerNotVerifiedException">The chain does not verify; the exception carries the report.</exception>
    public static async Task<ComplianceSnapshot> BuildAsync(IComplianceLedger ledger, string chainId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(ledger);

        // The head is read first, so entries appended meanwhile are outside the projection, not a mismatch.
        var head = await ledger.GetTreeHeadAsync(chainId, cancellationToken: cancellationToken).ConfigureAwait(false);
        var verifier = new ChainVerifier(chainId);
        var projector = new ComplianceProjector(chainId);
        await foreach (var entry in ledger.ReadAsync(chainId, 0, cancellationToken).ConfigureAwait(false))
        {
            if (entry.Sequence >= head.Size)
            {
                break;
            }

            verifier.Add(entry);
            projector.Apply(entry);
        }

        var report = verifier.Complete(head.Size, null, head.Root);
        return report.IsValid
            ? projector.Complete(head.Size, head.Root)
            : throw new LedgerNotVerifiedException(report);
    }
}
