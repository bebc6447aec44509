using ComplianceKit.Ledger;
using ComplianceKit.Signing;
using NodaTime;

namespace ComplianceKit.Evidence;

/// <summary>
/// Records evidence as ledger entries: attached (unsigned, or signed with the collector's <see cref="ICmsSigner"/>)
/// and withdrawn. Registered by <c>AddComplianceKit</c>, scoped like the ledger; the private key never reaches the library.
/// </summary>
public sealed class EvidenceRecorder
{
    private readonly IComplianceLedger _ledger;
    private readonly IClock _clock;

    /// <summary>Creates a recorder over a ledger.</summary>
    public EvidenceRecorder(IComplianceLedger ledger, IClock clock)
    {
        ArgumentNullException.ThrowIfNull(ledger);
        ArgumentNullException.ThrowIfNull(clock);
        _ledger = ledger;
        _clock = clock;
    }

    /// <summary>
    /// Appends <paramref name="statement"/> as an <c>evidence.attached</c> entry. With a <paramref name="signer"/> the
    /// statement's canonical bytes are signed (detached CMS) at the current whole second, and the entry carries the signature.
    /// </summary>
    /// <exception cref="ArgumentException">The statement is incomplete, or a self-attested statement is given a signer.</exception>
    public async Task<AppendReceipt> AttachAsync(string chainId, EvidenceStatement statement, string actor, ICmsSigner? signer = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(statement);
        var draft = signer is null
            ? statement.ToDraft(actor)
            : await statement.ToSignedDraftAsync(actor, signer, Instant.FromUnixTimeSeconds(_clock.GetCurrentInstant().ToUnixTimeSeconds()), cancellationToken)
                .ConfigureAwait(false);
        return await _ledger.AppendAsync(chainId, [draft], cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Appends an <c>evidence.withdrawn</c> entry: the evidence no longer counts from the entry's recording.</summary>
    /// <exception cref="ArgumentException">The withdrawal is incomplete.</exception>
    public Task<AppendReceipt> WithdrawAsync(string chainId, EvidenceWithdrawal withdrawal, string actor, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(withdrawal);
        return _ledger.AppendAsync(chainId, [withdrawal.ToDraft(actor)], cancellationToken);
    }
}
