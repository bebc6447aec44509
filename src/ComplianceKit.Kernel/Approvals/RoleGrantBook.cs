using ComplianceKit.Signing;
using ComplianceKit.Ledger;
using NodaTime;

namespace ComplianceKit.Approvals;

/// <summary>
/// Who may sign in which role, as administrators recorded it in the ledger: a <c>role.granted</c>
/// entry makes a certificate (by SHA-256 fingerprint) a holder of a role from the entry's recorded-at;
/// a <c>role.revoked</c> entry ends it. Authorization is judged at <see cref="AuthorizationTime"/> (a timestamp's or the claimed signing time), which
/// CMS carries in whole seconds, so grant and revocation times are compared in whole seconds too:
/// a grant recorded in the same second as a signature covers it, and so does a revocation.
/// </summary>
public sealed class RoleGrantBook
{
    private readonly Dictionary<(string Role, string Fingerprint), List<(Instant From, Instant? Until)>> _grants = [];

    /// <summary>Adds a <c>role.granted</c> or <c>role.revoked</c> entry as it stands, signed or not; entries must come in sequence order.</summary>
    /// <remarks>Decisions over a ledger use <see cref="Administration.AdministrativeState"/>, which adds only the entries an administrator signed.</remarks>
    /// <exception cref="FormatException">The payload is malformed.</exception>
    public void Add(LedgerEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var (role, fingerprint) = Read(entry);
        if (entry.EntryType == ApprovalEntryTypes.RoleGranted)
        {
            Grant(role, fingerprint, entry.RecordedAt);
        }
        else if (entry.EntryType == ApprovalEntryTypes.RoleRevoked)
        {
            Revoke(role, fingerprint, entry.RecordedAt);
        }
    }

    /// <summary>Makes <paramref name="certificateSha256"/> a holder of <paramref name="role"/> from <paramref name="from"/> (whole seconds).</summary>
    public void Grant(string role, string certificateSha256, Instant from)
    {
        var key = (role, certificateSha256);
        if (!_grants.TryGetValue(key, out var spans))
        {
            _grants[key] = spans = [];
        }

        spans.Add((WholeSeconds(from), null));
    }

    /// <summary>Ends every open grant of <paramref name="role"/> to <paramref name="certificateSha256"/> at <paramref name="at"/> (whole seconds).</summary>
    public void Revoke(string role, string certificateSha256, Instant at)
    {
        if (_grants.TryGetValue((role, certificateSha256), out var spans))
        {
            for (var i = 0; i < spans.Count; i++)
            {
                if (spans[i].Until is null)
                {
                    spans[i] = (spans[i].From, WholeSeconds(at));
                }
            }
        }
    }

    /// <summary>The (role, certificate fingerprint) pairs that hold at <paramref name="at"/>, ordered by role then fingerprint.</summary>
    public IReadOnlyList<(string Role, string CertificateSha256)> HoldersAt(Instant at) =>
        _grants.Where(g => IsAuthorized(g.Key.Role, g.Key.Fingerprint, at)).Select(g => (g.Key.Role, g.Key.Fingerprint))
            .OrderBy(g => g.Role, StringComparer.Ordinal).ThenBy(g => g.Fingerprint, StringComparer.Ordinal).ToList();

    /// <summary>Whether the certificate held the role at <paramref name="at"/>.</summary>
    public bool IsAuthorized(string role, string certificateSha256, Instant at) =>
        _grants.TryGetValue((role, certificateSha256), out var spans) && spans.Any(s => s.From <= at && (s.Until is null || at < s.Until));

    /// <summary>
    /// The one time an approval's role grant is judged at, by gates, <c>verify --db</c> and bundle verification alike: the signature's
    /// trusted time (a verified RFC 3161 timestamp's, <see cref="SignatureVerificationResult.TrustedTime"/>), else the statement's claimed signing time.
    /// </summary>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public static Instant AuthorizationTime(ApprovalStatement statement, SignatureVerificationResult signature)
    {
        ArgumentNullException.ThrowIfNull(statement);
        ArgumentNullException.ThrowIfNull(signature);
        return signature.TrustedTime ?? statement.SignedAt;
    }

    private static Instant WholeSeconds(Instant instant) => Instant.FromUnixTimeSeconds(instant.ToUnixTimeSeconds());

    /// <summary>The payload of a grant or revocation entry.</summary>
    public static byte[] Payload(string role, string certificateSha256, string certificateSubject) =>
        new RoleGrantRecord(role, certificateSha256, certificateSubject).ToCanonicalBytes();

    private static (string Role, string Fingerprint) Read(LedgerEntry entry)
    {
        try
        {
            var record = RoleGrantRecord.Parse(entry.Payload ?? throw new FormatException("no payload"));
            return (record.Role, record.CertificateSha256);
        }
        catch (FormatException ex)
        {
            throw new FormatException($"Role entry {entry.Sequence} is malformed: {ex.Message}", ex);
        }
    }
}
