using System.Security.Cryptography.X509Certificates;
using ComplianceKit.Approvals;
using ComplianceKit.Ledger;
using ComplianceKit.Signing;
using NodaTime;

namespace ComplianceKit.Administration;

/// <summary>
/// Records administrative entries (trust anchors, role grants, gate definitions), each signed by an administrator with a
/// detached CMS signature over its canonical content (docs/FORMAT.md, section 7.1). With a pinned administration root,
/// an entry whose signer does not chain to it is refused before anything is written. The library never sees a private key.
/// </summary>
public sealed class AdministrationRecorder
{
    private readonly IComplianceLedger _ledger;
    private readonly IClock _clock;
    private readonly AdministrationTrust _trust;

    /// <summary>Creates a recorder over a ledger.</summary>
    /// <param name="ledger">The ledger to append to.</param>
    /// <param name="clock">The clock for signing times.</param>
    /// <param name="trust">The pinned administration root that signatures are checked against before appending.</param>
    public AdministrationRecorder(IComplianceLedger ledger, IClock clock, AdministrationTrust trust)
    {
        ArgumentNullException.ThrowIfNull(ledger);
        ArgumentNullException.ThrowIfNull(clock);
        ArgumentNullException.ThrowIfNull(trust);
        _ledger = ledger;
        _clock = clock;
        _trust = trust;
    }

    /// <summary>Records <paramref name="anchor"/> (public part) as a root the organisation trusts for signatures.</summary>
    /// <exception cref="AdministrationRefusedException">The administrator does not chain to the pinned root; nothing was written.</exception>
    public Task<AppendReceipt> AddTrustAnchorAsync(string chainId, X509Certificate2 anchor, ICmsSigner administrator, CancellationToken cancellationToken = default)
    {
        var record = TrustAnchorRecord.Of(anchor);
        return AppendAsync(chainId, ApprovalEntryTypes.TrustAnchorAdded, $"certificate:{record.CertificateSha256}", record.ToCanonicalBytes(), administrator, cancellationToken);
    }

    /// <summary>Records that the organisation no longer trusts the anchor with fingerprint <paramref name="certificateSha256"/>.</summary>
    /// <exception cref="AdministrationRefusedException">The administrator does not chain to the pinned root; nothing was written.</exception>
    public Task<AppendReceipt> RemoveTrustAnchorAsync(string chainId, string certificateSha256, string reason, ICmsSigner administrator, CancellationToken cancellationToken = default)
    {
        var record = new TrustAnchorRemoval(certificateSha256, reason);
        return AppendAsync(chainId, AdministrativeEntryTypes.TrustAnchorRemoved, $"certificate:{certificateSha256}", record.ToCanonicalBytes(), administrator, cancellationToken);
    }

    /// <summary>
    /// Records that <paramref name="certificate"/> may sign in <paramref name="role"/>. A grant to the administrator's own
    /// certificate counts only once another administrator confirms it (<see cref="ConfirmRoleGrantAsync"/>).
    /// </summary>
    /// <exception cref="AdministrationRefusedException">The administrator does not chain to the pinned root; nothing was written.</exception>
    public Task<AppendReceipt> GrantRoleAsync(string chainId, string role, X509Certificate2 certificate, ICmsSigner administrator, CancellationToken cancellationToken = default) =>
        RoleAsync(ApprovalEntryTypes.RoleGranted, chainId, role, certificate, administrator, cancellationToken);

    /// <summary>Records that <paramref name="certificate"/> may no longer sign in <paramref name="role"/>.</summary>
    /// <exception cref="AdministrationRefusedException">The administrator does not chain to the pinned root; nothing was written.</exception>
    public Task<AppendReceipt> RevokeRoleAsync(string chainId, string role, X509Certificate2 certificate, ICmsSigner administrator, CancellationToken cancellationToken = default) =>
        RoleAsync(ApprovalEntryTypes.RoleRevoked, chainId, role, certificate, administrator, cancellationToken);

    /// <summary>Confirms, as a second administrator, the self-grant recorded at <paramref name="grantSequence"/>.</summary>
    /// <exception cref="AdministrationRefusedException">
    /// There is no such grant, the administrator signed it or is its grantee, or does not chain to the pinned root; nothing was written.
    /// </exception>
    public async Task<AppendReceipt> ConfirmRoleGrantAsync(string chainId, long grantSequence, ICmsSigner administrator, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(administrator);
        var entry = await _ledger.GetEntryAsync(chainId, grantSequence, cancellationToken).ConfigureAwait(false);
        if (entry is not { EntryType: ApprovalEntryTypes.RoleGranted, Payload: { } payload })
        {
            throw new AdministrationRefusedException($"Entry {grantSequence} of chain '{chainId}' is not a role grant.");
        }

        var grant = RoleGrantRecord.Parse(payload);
        if (grant.CertificateSha256 == CertificateFingerprint.Of(administrator.Certificate))
        {
            throw new AdministrationRefusedException("A self-grant must be confirmed by a second administrator, not by its grantee.");
        }

        var record = new RoleGrantConfirmation(grantSequence, grant.Role, grant.CertificateSha256);
        return await AppendAsync(chainId, AdministrativeEntryTypes.RoleGrantConfirmed, $"role:{grant.Role}", record.ToCanonicalBytes(), administrator, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Records <paramref name="gate"/>; the latest definition of a gate id counts from its recording on.</summary>
    /// <exception cref="AdministrationRefusedException">The administrator does not chain to the pinned root; nothing was written.</exception>
    public Task<AppendReceipt> DefineGateAsync(string chainId, GateDefinition gate, ICmsSigner administrator, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(gate);
        return AppendAsync(chainId, GateDefinition.EntryType, $"gate:{gate.Id}", gate.ToRecordBytes(), administrator, cancellationToken);
    }

    /// <summary>
    /// Signs an administrative record as a draft, to append with other entries in one transaction (a checklist import's
    /// gate definition). The draft's actor is <c>admin:</c> and the administrator's common name.
    /// </summary>
    /// <exception cref="AdministrationRefusedException">The administrator does not chain to the pinned root.</exception>
    public Task<EntryDraft> SignDraftAsync(string chainId, string entryType, string subject, ReadOnlyMemory<byte> record, ICmsSigner administrator,
        CancellationToken cancellationToken = default) =>
        SignDraftAsync(chainId, entryType, subject, record, administrator, _trust, _clock.GetCurrentInstant(), cancellationToken);

    /// <summary>
    /// Signs an administrative record as a draft without a ledger: the content is <paramref name="record"/> plus the header
    /// (<paramref name="entryType"/>, <paramref name="chainId"/>, <paramref name="now"/> in whole seconds), signed by
    /// <paramref name="administrator"/> and checked against <paramref name="trust"/>'s pinned root before it is returned.
    /// </summary>
    /// <exception cref="AdministrationRefusedException">The administrator does not chain to the pinned root.</exception>
    public static async Task<EntryDraft> SignDraftAsync(string chainId, string entryType, string subject, ReadOnlyMemory<byte> record, ICmsSigner administrator,
        AdministrationTrust trust, Instant now, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(chainId);
        ArgumentNullException.ThrowIfNull(administrator);
        ArgumentNullException.ThrowIfNull(trust);
        if (!AdministrativeEntryTypes.IsAdministrative(entryType))
        {
            throw new ArgumentException($"'{entryType}' is not an administrative entry type.", nameof(entryType));
        }

        // CMS signing-time carries whole seconds; the header states the same instant.
        var signedAt = Instant.FromUnixTimeSeconds(now.ToUnixTimeSeconds());
        var content = SignedAdministrativePayload.ContentToSign(record.Span, new AdministrativeHeader(entryType, chainId, signedAt));
        var signature = await administrator.SignDetachedAsync(content, signedAt, cancellationToken).ConfigureAwait(false);
        if (trust.Verifier is { } verifier && verifier.Verify(content, signature) is { IsValid: false } result)
        {
            throw new AdministrationRefusedException($"The signer is not an administrator under the pinned administration root: {result.Message}");
        }

        var actor = $"admin:{administrator.Certificate.GetNameInfo(X509NameType.SimpleName, forIssuer: false)}";
        return new EntryDraft(entryType, subject, actor, SignedAdministrativePayload.Compose(content, signature), signedAt);
    }

    private Task<AppendReceipt> RoleAsync(string type, string chainId, string role, X509Certificate2 certificate, ICmsSigner administrator, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(role);
        var record = new RoleGrantRecord(role, CertificateFingerprint.Of(certificate), certificate.Subject);
        return AppendAsync(chainId, type, $"role:{role}", record.ToCanonicalBytes(), administrator, cancellationToken);
    }

    private async Task<AppendReceipt> AppendAsync(string chainId, string entryType, string subject, byte[] record, ICmsSigner administrator, CancellationToken cancellationToken)
    {
        var draft = await SignDraftAsync(chainId, entryType, subject, record, administrator, cancellationToken).ConfigureAwait(false);
        return await _ledger.AppendAsync(chainId, [draft], cancellationToken).ConfigureAwait(false);
    }
}
