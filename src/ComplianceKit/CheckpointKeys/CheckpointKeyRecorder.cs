using ComplianceKit.Administration;
using ComplianceKit.Ledger;
using ComplianceKit.Signing;
using ComplianceKit.Verification;
using NodaTime;

namespace ComplianceKit.CheckpointKeys;

/// <summary>
/// Records the organisation's checkpoint key lifecycle (docs/FORMAT.md 13.6): a rotation signed by the replaced key and its successor,
/// and a compromise an administrator signs. Each is judged by the rule verification applies (<see cref="CheckpointKeyHistory"/>, or the
/// administrative rule of 7.1) over the verified chain before it is appended, so a refused entry writes nothing. The library never sees a private key.
/// </summary>
public sealed class CheckpointKeyRecorder
{
    /// <summary>The actor of a rotation entry.</summary>
    public const string RotationActor = "compliancekit-checkpoint-key";

    private readonly IComplianceLedger _ledger;
    private readonly IClock _clock;
    private readonly CmsSignatureVerifier? _checkpointTrust;
    private readonly AdministrationTrust _administration;

    /// <summary>Creates a recorder over a ledger.</summary>
    /// <param name="ledger">The ledger to append to.</param>
    /// <param name="clock">The clock for signing times.</param>
    /// <param name="checkpointTrust">
    /// The verifier of checkpoint signatures (the organisation's trust anchors), which both rotation signatures must pass; only rotations and
    /// <see cref="ReadHistoryAsync"/> need it, so it may be <see langword="null"/> when only compromises are recorded.
    /// </param>
    /// <param name="administration">The pinned administration root a compromise's signer must chain to.</param>
    public CheckpointKeyRecorder(IComplianceLedger ledger, IClock clock, CmsSignatureVerifier? checkpointTrust, AdministrationTrust administration)
    {
        ArgumentNullException.ThrowIfNull(ledger);
        ArgumentNullException.ThrowIfNull(clock);
        ArgumentNullException.ThrowIfNull(administration);
        _ledger = ledger;
        _clock = clock;
        _checkpointTrust = checkpointTrust;
        _administration = administration;
    }

    /// <summary>The chain of keys of <paramref name="chainId"/> as verification sees it now.</summary>
    /// <exception cref="LedgerNotVerifiedException">The chain does not verify.</exception>
    /// <exception cref="InvalidOperationException">The recorder was made without the checkpoint trust.</exception>
    public async Task<CheckpointKeyHistory> ReadHistoryAsync(string chainId, CancellationToken cancellationToken = default)
    {
        var checkpointTrust = _checkpointTrust ?? throw new InvalidOperationException("Reading the chain of keys needs the checkpoint trust anchors (checkpointTrust).");
        var chain = await VerifiedChain.OpenAsync(_ledger, chainId, cancellationToken).ConfigureAwait(false);
        await using (chain.ConfigureAwait(false))
        {
            var administration = await AdministrativeState.ReadAsync(chain, _administration, cancellationToken).ConfigureAwait(false);
            return await CheckpointKeyHistory.ReadAsync(chain, administration, checkpointTrust, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Records that <paramref name="next"/> replaces <paramref name="previous"/> as chain <paramref name="chainId"/>'s checkpoint key from now.</summary>
    /// <exception cref="CheckpointKeyRefusedException">
    /// A signature does not verify under the trust anchors, <paramref name="previous"/> is not the key in force, or it is recorded compromised; nothing was written.
    /// </exception>
    /// <exception cref="LedgerNotVerifiedException">The chain does not verify; nothing was written.</exception>
    /// <exception cref="InvalidOperationException">The recorder was made without the checkpoint trust.</exception>
    public async Task<AppendReceipt> RotateAsync(string chainId, ICmsSigner previous, ICmsSigner next, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(previous);
        ArgumentNullException.ThrowIfNull(next);
        var history = await ReadHistoryAsync(chainId, cancellationToken).ConfigureAwait(false);
        var payload = await CheckpointKeyRotation.SignAsync(chainId, previous, next, _clock.GetCurrentInstant(), cancellationToken).ConfigureAwait(false);
        var findings = history.Findings.Count;
        history.Apply(long.MaxValue, chainId, CheckpointKeyEntryTypes.Rotated, payload);
        if (history.Findings.Count > findings)
        {
            throw new CheckpointKeyRefusedException(history.Findings[^1].Message.Replace($"Entry {long.MaxValue} ", "The rotation ", StringComparison.Ordinal));
        }

        var rotation = CheckpointKeyRotation.Parse(payload);
        var draft = new EntryDraft(CheckpointKeyEntryTypes.Rotated, $"checkpoint-key:{rotation.NewCertificateSha256}", RotationActor, payload, rotation.RotatedAt);
        return await _ledger.AppendAsync(chainId, [draft], cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Records, signed by <paramref name="administrator"/>, that the checkpoint key with fingerprint <paramref name="certificateSha256"/> is compromised from
    /// <paramref name="compromisedFrom"/>: its signatures without a trusted timestamp before that instant are refused from then on.
    /// </summary>
    /// <exception cref="AdministrationRefusedException">The administrator does not chain to the pinned root; nothing was written.</exception>
    public async Task<AppendReceipt> RecordCompromiseAsync(string chainId, string certificateSha256, Instant compromisedFrom, string reason, ICmsSigner administrator,
        CancellationToken cancellationToken = default)
    {
        var record = new CheckpointKeyCompromise(certificateSha256, compromisedFrom, reason);
        CheckpointKeyCompromise.Parse(record.ToCanonicalBytes()); // the same shape checks a reader applies
        var draft = await AdministrationRecorder.SignDraftAsync(chainId, CheckpointKeyEntryTypes.Compromised, $"checkpoint-key:{certificateSha256}", record.ToCanonicalBytes(),
            administrator, _administration, _clock.GetCurrentInstant(), cancellationToken).ConfigureAwait(false);
        return await _ledger.AppendAsync(chainId, [draft], cancellationToken).ConfigureAwait(false);
    }
}
