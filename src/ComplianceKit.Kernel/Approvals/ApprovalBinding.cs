using ComplianceKit.Ledger;
using ComplianceKit.Signing;

namespace ComplianceKit.Approvals;

/// <summary>
/// The one rule that binds an approval to its entry, its signature and its ledger (docs/FORMAT.md section 7,
/// "Binding"), used by gates, <c>verify --db</c> and the bundle verifier alike. Pure: how the ledger head is
/// proven a prefix of the chain (a root recomputed from the store, or a consistency proof in a bundle) is
/// the caller's, handed in as <c>provePrefix</c>.
/// </summary>
public static class ApprovalBinding
{
    /// <summary>
    /// Why <paramref name="approval"/> is not bound, or <see langword="null"/> when it is: the entry's subject is the
    /// statement's <c>kind:id</c>; the CMS signing time, when the signature carries one, equals <c>signedAt</c> (whether
    /// or not the signature is otherwise valid); the certificate that signed, when there is one, has the statement's
    /// <c>certificateSha256</c>; the statement's ledger head names <paramref name="chainId"/> at a size no larger than the
    /// entry's sequence, and <paramref name="provePrefix"/> proves it (called only when the size can precede the entry).
    /// </summary>
    /// <param name="entry">The <c>approval.signed</c> entry.</param>
    /// <param name="chainId">The chain the entry belongs to.</param>
    /// <param name="approval">The approval read from the entry.</param>
    /// <param name="signature">The CMS verification result of the statement's signature (trusted or integrity-only).</param>
    /// <param name="provePrefix">Returns why the ledger head is not the chain's tree head at its size, or <see langword="null"/>.</param>
    public static string? Problem(LedgerEntry entry, string chainId, SignedApproval approval, SignatureVerificationResult signature,
        Func<LedgerHeadReference, string?> provePrefix)
    {
        ArgumentNullException.ThrowIfNull(entry);
        ArgumentNullException.ThrowIfNull(approval);
        ArgumentNullException.ThrowIfNull(signature);
        ArgumentNullException.ThrowIfNull(provePrefix);
        var problems = new List<string>();
        var statement = approval.Statement;
        if (!string.Equals(entry.Subject, statement.Subject.ToString(), StringComparison.Ordinal))
        {
            problems.Add($"the entry's subject '{entry.Subject}' is not the statement's subject '{statement.Subject}'");
        }

        if (signature.SigningTime is { } time && time != statement.SignedAt)
        {
            problems.Add($"the statement says it was signed at {statement.SignedAt}, the signature at {time}");
        }

        if (signature.SignerCertificate is { } certificate && !string.Equals(CertificateFingerprint.Of(certificate), statement.Signer.CertificateSha256, StringComparison.Ordinal))
        {
            problems.Add("the statement names another certificate than the one that signed it");
        }

        var head = statement.LedgerHead;
        if (!CanPrecede(head, chainId, entry.Sequence))
        {
            problems.Add($"the statement is bound to ledger head {head.ChainId}@{head.Size}, which cannot precede entry {entry.Sequence} of chain {chainId}");
        }
        else if (provePrefix(head) is { } prefix)
        {
            problems.Add(prefix);
        }

        return problems.Count == 0 ? null : string.Join("; ", problems);
    }

    /// <summary>Whether <paramref name="head"/> names <paramref name="chainId"/> at a size no larger than <paramref name="sequence"/>.</summary>
    public static bool CanPrecede(LedgerHeadReference head, string chainId, long sequence)
    {
        ArgumentNullException.ThrowIfNull(head);
        return string.Equals(head.ChainId, chainId, StringComparison.Ordinal) && head.Size >= 0 && head.Size <= sequence;
    }
}
