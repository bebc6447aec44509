using ComplianceKit.Signing;
using ComplianceKit.Hashing;
using ComplianceKit.Ledger;
using ComplianceKit.Verification;

namespace ComplianceKit.Approvals;

/// <summary>
/// Checks every approval of a chain in a ledger the way the bundle verifier checks a bundle's: the payload is a
/// signed approval, the CMS signature verifies over the statement (its integrity: who is trusted is the gate's
/// and the officer's question), and <see cref="ApprovalBinding"/> holds, with the ledger head proven by the
/// chain's own root at that size. Used by <c>compliancekit verify --db</c>.
/// </summary>
public static class LedgerApprovalAudit
{
    /// <summary>
    /// Checks the <c>approval.signed</c> entries with a payload below <paramref name="treeSize"/>; returns one
    /// <see cref="VerificationStatus.ApprovalBindingInvalid"/> finding per approval that fails, in sequence order.
    /// </summary>
    /// <param name="ledger">The ledger.</param>
    /// <param name="chainId">The chain.</param>
    /// <param name="treeSize">The verified size of the chain: approvals at or beyond it are not read.</param>
    /// <param name="cancellationToken">Cancels the check.</param>
    public static async Task<IReadOnlyList<VerificationFailure>> CheckAsync(IComplianceLedger ledger, string chainId, long treeSize, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(ledger);
        var entries = new List<LedgerEntry>();
        await foreach (var entry in ledger.ReadByTypeAsync(chainId, [ApprovalEntryTypes.ApprovalSigned], cancellationToken).ConfigureAwait(false))
        {
            if (entry.Sequence < treeSize && entry.Payload is not null)
            {
                entries.Add(entry);
            }
        }

        var failures = new List<VerificationFailure>();
        foreach (var entry in entries)
        {
            if (await ProblemAsync(ledger, chainId, entry, cancellationToken).ConfigureAwait(false) is { } problem)
            {
                failures.Add(new VerificationFailure(entry.Sequence, VerificationStatus.ApprovalBindingInvalid, problem));
            }
        }

        return failures;
    }

    private static async Task<string?> ProblemAsync(IComplianceLedger ledger, string chainId, LedgerEntry entry, CancellationToken cancellationToken)
    {
        SignedApproval approval;
        try
        {
            approval = SignedApproval.FromEntry(entry);
        }
        catch (FormatException ex)
        {
            return $"The payload is not a signed approval: {ex.Message}";
        }

        var signature = IntegrityOnlySignatureCheck.Verify(approval.StatementBytes, approval.Signature);
        var head = approval.Statement.LedgerHead;
        string? rootProblem = null;
        if (ApprovalBinding.CanPrecede(head, chainId, entry.Sequence))
        {
            try
            {
                var actual = await ledger.GetTreeHeadAsync(chainId, head.Size, cancellationToken).ConfigureAwait(false);
                rootProblem = Hex.Format(actual.Root) == head.RootSha256 ? null : $"the statement's ledger root at size {head.Size} is not the chain's root at that size";
            }
            catch (ArgumentOutOfRangeException)
            {
                rootProblem = $"the chain's recorded head is smaller than the ledger head the statement names (size {head.Size})";
            }
        }

        var problems = new List<string>();
        if (!IntegrityOnlySignatureCheck.IsIntact(signature))
        {
            problems.Add($"the signature does not verify over the statement ({signature.Status}): {signature.Message}");
        }

        if (ApprovalBinding.Problem(entry, chainId, approval, signature, _ => rootProblem) is { } binding)
        {
            problems.Add(binding);
        }

        return problems.Count == 0 ? null : $"The approval by {approval.Statement.Signer.Name}: {string.Join("; ", problems)}.";
    }
}
