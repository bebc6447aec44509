using ComplianceKit.Hashing;
using ComplianceKit.Ledger;
using ComplianceKit.Signing;
using Microsoft.Extensions.Options;
using NodaTime;

namespace ComplianceKit.Approvals;

/// <summary>
/// Records signed approvals as ledger entries (role grants and trust anchors: <see cref="Administration.AdministrationRecorder"/>). Signing happens here, with
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
    public async Task<SignedApproval> SignAsync(string chainId, ApprovalRequest request, ICmsSigner signer, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(signer);
        Validate(request);
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
