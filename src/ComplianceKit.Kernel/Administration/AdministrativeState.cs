using System.Security.Cryptography;
using ComplianceKit.Approvals;
using ComplianceKit.Ledger;
using ComplianceKit.Signing;
using ComplianceKit.Verification;
using NodaTime;

namespace ComplianceKit.Administration;

/// <summary>
/// A chain's administration as decisions see it: the trust anchors, role grants and gate definitions of the
/// administrative entries that count under an <see cref="AdministrationTrust"/>, and a finding for every one that does not
/// (unsigned, signed by someone who is not an administrator, replayed, misplaced, an unconfirmed self-grant). Built by
/// applying entries in sequence order (<see cref="Apply"/>, pure) or from a verified chain (<see cref="ReadAsync"/>).
/// Not thread-safe while entries are applied.
/// </summary>
/// <remarks>
/// Separation of duties: a <c>role.granted</c> whose signer is the certificate it grants the role to does not count on its
/// own; it counts from the recorded-at of a later <c>role.grant.confirmed</c> naming it, signed by another administrator.
/// </remarks>
public sealed class AdministrativeState
{
    private readonly HashSet<string> _signedContents = new(StringComparer.Ordinal);
    private readonly List<(TrustAnchorRecord Anchor, Instant From, Instant? Until)> _anchors = [];
    private readonly List<(GateDefinition Gate, Instant RecordedAt)> _gates = [];
    private readonly Dictionary<long, (RoleGrantRecord Grant, string Signer)> _pending = [];
    private readonly Dictionary<string, string> _subjects = new(StringComparer.Ordinal);
    private readonly List<AdministrativeFinding> _findings = [];
    private readonly List<AdministrativeAct> _acts = [];

    /// <summary>Creates an empty state judged under <paramref name="trust"/>.</summary>
    public AdministrativeState(AdministrationTrust trust)
    {
        ArgumentNullException.ThrowIfNull(trust);
        Trust = trust;
    }

    /// <summary>The trust entries are judged under.</summary>
    public AdministrationTrust Trust { get; }

    /// <summary>The role grants that count.</summary>
    public RoleGrantBook Grants { get; } = new();

    /// <summary>The administrative entries that count, in sequence order, with who signed them.</summary>
    public IReadOnlyList<AdministrativeAct> Acts => _acts;

    /// <summary>Every administrative entry that does not count, in sequence order, self-grants still unconfirmed included.</summary>
    public IReadOnlyList<AdministrativeFinding> Findings =>
        _findings.Concat(_pending.Select(p => new AdministrativeFinding(p.Key, ApprovalEntryTypes.RoleGranted, $"role:{p.Value.Grant.Role}", AdministrativeFindingKind.SelfGrantUnconfirmed,
            $"Entry {p.Key} (role.granted) grants '{p.Value.Grant.Role}' to its own signer's certificate; it counts only once another administrator confirms it (role.grant.confirmed).")))
            .OrderBy(f => f.Sequence).ToList();

    /// <summary>Self-grants waiting for a second administrator, by the sequence of their <c>role.granted</c> entry.</summary>
    public IReadOnlyDictionary<long, RoleGrantRecord> PendingSelfGrants => _pending.ToDictionary(p => p.Key, p => p.Value.Grant);

    /// <summary>Reads and judges every administrative entry of a verified chain (only entries below its verified head).</summary>
    public static async Task<AdministrativeState> ReadAsync(VerifiedChain chain, AdministrationTrust trust, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(chain);
        var state = new AdministrativeState(trust);
        await foreach (var entry in chain.ReadByTypeAsync(AdministrativeEntryTypes.All.ToArray(), cancellationToken).ConfigureAwait(false))
        {
            state.Apply(entry);
        }

        return state;
    }

    /// <summary>The latest definition of <paramref name="gateId"/> that counts and was recorded by <paramref name="at"/>, or <see langword="null"/>.</summary>
    public GateDefinition? GateAt(string gateId, Instant at) =>
        _gates.LastOrDefault(g => g.Gate.Id == gateId && g.RecordedAt <= at).Gate;

    /// <summary>The exception for a gate that no counting definition defines, naming the definitions of it that decisions ignore.</summary>
    public KeyNotFoundException GateNotFound(string chainId, string gateId, Instant at)
    {
        var ignored = Findings.Where(f => f.EntryType == GateDefinition.EntryType && f.Subject == $"gate:{gateId}").Select(f => f.Message).ToList();
        return new KeyNotFoundException($"No gate '{gateId}' is defined in chain '{chainId}' at {at}" +
            (ignored.Count == 0 ? "." : $"; ignored: {string.Join(" ", ignored)}"));
    }

    /// <summary>The ids of the gates defined by <paramref name="at"/>, in the order first defined.</summary>
    public IReadOnlyList<string> GateIdsAt(Instant at) => _gates.Where(g => g.RecordedAt <= at).Select(g => g.Gate.Id).Distinct(StringComparer.Ordinal).ToList();

    /// <summary>The trust anchors in effect at <paramref name="at"/>: added by then and not removed by then.</summary>
    public IReadOnlyList<TrustAnchorRecord> TrustAnchorsAt(Instant at) =>
        _anchors.Where(a => a.From <= at && (a.Until is null || at < a.Until)).Select(a => a.Anchor)
            .DistinctBy(a => a.CertificateSha256, StringComparer.Ordinal).ToList();

    /// <summary>The subject a grant recorded for a certificate fingerprint, if any.</summary>
    public string? SubjectOf(string certificateSha256) => _subjects.GetValueOrDefault(certificateSha256);

    /// <summary>
    /// Judges one entry (entries must come in sequence order); entries of other types are ignored. Returns whether the entry
    /// counts: <see langword="false"/> for an entry of another type, and for one that is now a finding.
    /// </summary>
    public bool Apply(LedgerEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        if (!AdministrativeEntryTypes.IsAdministrative(entry.EntryType))
        {
            return false;
        }

        if (entry.Payload is null)
        {
            Find(entry, AdministrativeFindingKind.Malformed, "has no payload (purged or missing)");
            return false;
        }

        SignedAdministrativePayload payload;
        try
        {
            payload = SignedAdministrativePayload.Read(entry.Payload);
        }
        catch (Exception ex) when (IsUnreadable(ex))
        {
            Find(entry, AdministrativeFindingKind.Malformed, $"cannot be read: {ex.Message}");
            return false;
        }

        if (Signer(entry, payload) is not { } signer)
        {
            return false;
        }

        try
        {
            return Effect(entry, signer.Fingerprint, signer.Subject);
        }
        catch (Exception ex) when (IsUnreadable(ex))
        {
            Find(entry, AdministrativeFindingKind.Malformed, $"cannot be read: {ex.Message}");
            return false;
        }
    }

    /// <summary>Who signed the entry, when it counts: (null, null) for an unsigned entry the weaker mode accepts; null when it does not count.</summary>
    private (string? Fingerprint, string? Subject)? Signer(LedgerEntry entry, SignedAdministrativePayload payload)
    {
        if (payload.Signature is not null && payload.Header is null)
        {
            Find(entry, AdministrativeFindingKind.Malformed, $"has a signature but no '{SignedAdministrativePayload.HeaderMember}' header");
            return null;
        }

        if (!payload.IsSigned)
        {
            if (Trust.AllowsUnsigned)
            {
                return (null, null);
            }

            Find(entry, AdministrativeFindingKind.NotSigned, "is not signed by an administrator");
            return null;
        }

        var header = payload.Header!;
        if (header.EntryType != entry.EntryType || header.ChainId != entry.ChainId)
        {
            Find(entry, AdministrativeFindingKind.WrongPlace, $"was signed for a '{header.EntryType}' entry of chain '{header.ChainId}'");
            return null;
        }

        if (Trust.Verifier is not { } verifier)
        {
            return FirstOccurrence(entry, payload) ? (null, null) : null; // the weaker mode without a pinned root: signatures cannot be checked
        }

        var result = verifier.Verify(payload.SignedContent, payload.Signature!);
        if (!result.IsValid)
        {
            Find(entry, AdministrativeFindingKind.NotSignedByAdministrator, $"is not signed by an administrator under the pinned administration root: {result.Message}");
            return null;
        }

        if (result.SigningTime != header.SignedAt)
        {
            Find(entry, AdministrativeFindingKind.WrongPlace, $"states it was signed at {header.SignedAt}, its signature at {result.SigningTime}");
            return null;
        }

        return FirstOccurrence(entry, payload) ? (CertificateFingerprint.Of(result.SignerCertificate!), result.SignerCertificate!.Subject) : null;
    }

    /// <summary>A signed statement counts once: a copy appended later (to re-grant a revoked role, say) is a replay.</summary>
    private bool FirstOccurrence(LedgerEntry entry, SignedAdministrativePayload payload)
    {
        if (_signedContents.Add(Convert.ToHexStringLower(SHA256.HashData(payload.SignedContent))))
        {
            return true;
        }

        Find(entry, AdministrativeFindingKind.Replayed, "repeats signed content recorded earlier in the chain (a replay)");
        return false;
    }

    /// <summary>Applies what a counting entry does here (retention rules are replayed by <c>RetentionRules</c>); false when it turns out not to count.</summary>
    private bool Effect(LedgerEntry entry, string? signer, string? signerSubject)
    {
        var at = entry.RecordedAt;
        switch (entry.EntryType)
        {
            case ApprovalEntryTypes.TrustAnchorAdded:
                _anchors.Add((TrustAnchorRecord.Parse(entry.Payload), at, null));
                break;
            case AdministrativeEntryTypes.TrustAnchorRemoved:
                var removal = TrustAnchorRemoval.Parse(entry.Payload);
                for (var i = 0; i < _anchors.Count; i++)
                {
                    if (_anchors[i].Anchor.CertificateSha256 == removal.CertificateSha256 && _anchors[i].Until is null)
                    {
                        _anchors[i] = (_anchors[i].Anchor, _anchors[i].From, at);
                    }
                }

                break;
            case ApprovalEntryTypes.RoleGranted:
                var grant = RoleGrantRecord.Parse(entry.Payload);
                _subjects[grant.CertificateSha256] = grant.CertificateSubject;
                if (signer is not null && signer == grant.CertificateSha256)
                {
                    _pending[entry.Sequence] = (grant, signer); // separation of duties: needs a second administrator
                    return false;
                }

                Grants.Grant(grant.Role, grant.CertificateSha256, at);
                break;
            case ApprovalEntryTypes.RoleRevoked:
                var revocation = RoleGrantRecord.Parse(entry.Payload);
                Grants.Revoke(revocation.Role, revocation.CertificateSha256, at);
                foreach (var pending in _pending.Where(p => p.Value.Grant.Role == revocation.Role && p.Value.Grant.CertificateSha256 == revocation.CertificateSha256).ToList())
                {
                    _pending.Remove(pending.Key);
                }

                break;
            case AdministrativeEntryTypes.RoleGrantConfirmed:
                var confirmation = RoleGrantConfirmation.Parse(entry.Payload);
                if (!_pending.TryGetValue(confirmation.GrantSequence, out var self)
                    || self.Grant.Role != confirmation.Role || self.Grant.CertificateSha256 != confirmation.CertificateSha256)
                {
                    Find(entry, AdministrativeFindingKind.ConfirmationInvalid, $"confirms entry {confirmation.GrantSequence}, which is no pending self-grant of '{confirmation.Role}' to that certificate");
                    return false;
                }

                if (signer is null || signer == self.Signer)
                {
                    Find(entry, AdministrativeFindingKind.ConfirmationInvalid, $"confirms entry {confirmation.GrantSequence} but is not signed by a second administrator");
                    return false;
                }

                _pending.Remove(confirmation.GrantSequence);
                Grants.Grant(self.Grant.Role, self.Grant.CertificateSha256, at);
                break;
            case GateDefinition.EntryType:
                _gates.Add((GateDefinition.FromEntry(entry), at));
                break;
        }

        _acts.Add(new AdministrativeAct(entry, signer, signerSubject));
        return true;
    }

    private void Find(LedgerEntry entry, AdministrativeFindingKind kind, string reason) =>
        _findings.Add(new AdministrativeFinding(entry.Sequence, entry.EntryType, entry.Subject, kind, $"Entry {entry.Sequence} ({entry.EntryType}) {reason}; decisions ignore it."));

    private static bool IsUnreadable(Exception ex) =>
        ex is FormatException or System.Text.Json.JsonException or InvalidOperationException or NodaTime.Text.UnparsableValueException
            or Canonicalization.JsonCanonicalizationException or ArgumentException;
}
