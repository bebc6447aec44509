using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using ComplianceKit.Hashing;
using ComplianceKit.Ledger;
using ComplianceKit.Signing;
using Microsoft.Extensions.Options;
using NodaTime;

namespace ComplianceKit.Approvals;

/// <summary>
/// Records approvals, role grants and trust anchors as ledger entries. Signing happens here, with
/// the caller's <see cref="ICmsSigner"/>; the library never sees or stores a private key.
/// </summary>
public sealed class ApprovalRecorder
{
    private readonly IComplianceLedger _ledger;
    private readonly IClock _clock;
    private readonly ComplianceKitOptions _options;

    /// <summary>Creates a recorder over a ledger.</summary>
    public ApprovalRecorder(IComplianceLedger ledger, IClock clock, IOptions<ComplianceKitOptions> options)
    {
        ArgumentNullException.ThrowIfNull(ledger);
        ArgumentNullException.ThrowIfNull(clock);
        ArgumentNullException.ThrowIfNull(options);
        _ledger = ledger;
        _clock = clock;
        _options = options.Value;
    }

    /// <summary>
    /// Builds the statement (bound to the chain's current tree head), signs its canonical bytes with
    /// <paramref name="signer"/> and appends it as an <c>approval.signed</c> entry.
    /// </summary>
    /// <exception cref="ArgumentException">The request is incomplete (for example conditions missing).</exception>
    /// <exception cref="SignerCertificateRejectedException">The signer's certificate fails <see cref="SignerCertificatePolicy"/>; nothing is written.</exception>
    public async Task<SignedApproval> SignAsync(string chainId, ApprovalRequest request, ICmsSigner signer, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(signer);
        Validate(request);
        SignerCertificatePolicy.ThrowIfUnsuitable(signer.Certificate);
        var head = await _ledger.GetTreeHeadAsync(chainId, cancellationToken: cancellationToken).ConfigureAwait(false);

        // CMS signing-time carries whole seconds; the statement states the same instant.
        var now = _clock.GetCurrentInstant();
        var signedAt = Instant.FromUnixTimeSeconds(now.ToUnixTimeSeconds());
        var statement = new ApprovalStatement
        {
            Organization = _options.Organization,
            Subject = request.Subject,
            ArtifactSha256 = request.ArtifactSha256,
            Decision = request.Decision,
            Conditions = request.Conditions,
            Meaning = request.Meaning,
            Signer = new ApprovalSigner(request.SignerName, request.Role, CertificateFingerprint.Of(signer.Certificate)),
            SignedAt = signedAt,
            LedgerHead = new LedgerHeadReference(chainId, head.Size, Hex.Format(head.Root)),
        };
        var bytes = statement.ToCanonicalBytes();
        var signature = await signer.SignDetachedAsync(bytes, signedAt, cancellationToken).ConfigureAwait(false);
        var draft = new EntryDraft(ApprovalEntryTypes.ApprovalSigned, request.Subject.ToString(), $"signer:{request.SignerName}",
            SignedApproval.ToPayload(bytes, signature), signedAt);
        var receipt = await _ledger.AppendAsync(chainId, [draft], cancellationToken).ConfigureAwait(false);
        return new SignedApproval(statement, bytes, signature, receipt.FirstSequence, receipt.Entries[0].RecordedAt);
    }

    /// <summary>Records that <paramref name="certificate"/> may sign in <paramref name="role"/>, decided by <paramref name="administrator"/>.</summary>
    public Task<AppendReceipt> GrantRoleAsync(string chainId, string role, X509Certificate2 certificate, string administrator, CancellationToken cancellationToken = default) =>
        RoleEntryAsync(ApprovalEntryTypes.RoleGranted, chainId, role, certificate, administrator, cancellationToken);

    /// <summary>Records that <paramref name="certificate"/> may no longer sign in <paramref name="role"/>.</summary>
    public Task<AppendReceipt> RevokeRoleAsync(string chainId, string role, X509Certificate2 certificate, string administrator, CancellationToken cancellationToken = default) =>
        RoleEntryAsync(ApprovalEntryTypes.RoleRevoked, chainId, role, certificate, administrator, cancellationToken);

    /// <summary>Records a root certificate the organisation trusts for signatures (public part only).</summary>
    public Task<AppendReceipt> AddTrustAnchorAsync(string chainId, X509Certificate2 anchor, string administrator, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(anchor);
        var payload = JsonSerializer.SerializeToUtf8Bytes(
            new { certificateSha256 = CertificateFingerprint.Of(anchor), subject = anchor.Subject, certificatePem = anchor.ExportCertificatePem() },
            LedgerJson.Options);
        return _ledger.AppendAsync(chainId, [new EntryDraft(ApprovalEntryTypes.TrustAnchorAdded, $"certificate:{CertificateFingerprint.Of(anchor)}", administrator, payload)], cancellationToken);
    }

    private Task<AppendReceipt> RoleEntryAsync(string type, string chainId, string role, X509Certificate2 certificate, string administrator, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(role);
        ArgumentNullException.ThrowIfNull(certificate);
        var fingerprint = CertificateFingerprint.Of(certificate);
        var draft = new EntryDraft(type, $"role:{role}", administrator, RoleGrantBook.Payload(role, fingerprint, certificate.Subject));
        return _ledger.AppendAsync(chainId, [draft], cancellationToken);
    }

    private static void Validate(ApprovalRequest request)
    {
        if (request.ArtifactSha256.Length != 64 || !request.ArtifactSha256.All(c => char.IsAsciiDigit(c) || c is >= 'a' and <= 'f'))
        {
            throw new ArgumentException("ArtifactSha256 must be 64 lower-case hex digits.", nameof(request));
        }

        if (request.Decision == ApprovalDecision.ApprovedWithConditions && string.IsNullOrWhiteSpace(request.Conditions))
        {
            throw new ArgumentException("An approval with conditions must state them.", nameof(request));
        }

        if (request.Decision != ApprovalDecision.ApprovedWithConditions && request.Conditions is not null)
        {
            throw new ArgumentException("Only an approval with conditions carries conditions.", nameof(request));
        }

        ArgumentException.ThrowIfNullOrWhiteSpace(request.SignerName);
        ArgumentException.ThrowIfNullOrWhiteSpace(request.Role);
    }
}
