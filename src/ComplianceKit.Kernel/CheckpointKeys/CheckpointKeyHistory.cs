using System.Security.Cryptography;
using ComplianceKit.Administration;
using ComplianceKit.Approvals;
using ComplianceKit.Signing;
using ComplianceKit.Verification;
using NodaTime;

namespace ComplianceKit.CheckpointKeys;

/// <summary>
/// The chain of the organisation's checkpoint keys (docs/FORMAT.md 13.6): built by applying <c>checkpoint.key.rotated</c> and counting
/// <c>checkpoint.key.compromised</c> entries in sequence order (<see cref="Apply"/>, pure), it judges a checkpoint signature that already
/// verified against the trust anchors (<see cref="Judge"/>). The one rule that <c>verify --db</c> and bundle <c>verify</c> both apply.
/// Not thread-safe while entries are applied.
/// </summary>
/// <remarks>
/// The rotation's instant (whole seconds) belongs to both keys: the replaced key signs up to and including it, its successor from it,
/// so a checkpoint signed in the same second as the rotation is not refused for a clock's rounding.
/// A signature by a compromised key counts only with a trusted RFC 3161 timestamp before the compromise: its claimed signing time is
/// chosen by whoever holds the key, which after a compromise includes the thief, so an untimestamped one is refused whatever it claims.
/// </remarks>
public sealed class CheckpointKeyHistory
{
    private readonly CmsSignatureVerifier _verifier;
    private readonly List<CheckpointKeyPeriod> _keys = [];
    private readonly Dictionary<string, (Instant From, long Sequence)> _compromises = new(StringComparer.Ordinal);
    private readonly HashSet<string> _signedContents = new(StringComparer.Ordinal);
    private readonly List<CheckpointKeyFinding> _findings = [];

    /// <summary>Creates an empty history whose rotation signatures are checked by <paramref name="verifier"/> (the organisation's trust anchors).</summary>
    public CheckpointKeyHistory(CmsSignatureVerifier verifier)
    {
        ArgumentNullException.ThrowIfNull(verifier);
        _verifier = verifier;
    }

    /// <summary>The chain of keys, oldest first; empty while no rotation counts.</summary>
    public IReadOnlyList<CheckpointKeyPeriod> Keys => _keys;

    /// <summary>The compromised keys and from when, by certificate fingerprint.</summary>
    public IReadOnlyDictionary<string, Instant> Compromises => _compromises.ToDictionary(c => c.Key, c => c.Value.From, StringComparer.Ordinal);

    /// <summary>Every rotation entry that does not count, in sequence order.</summary>
    public IReadOnlyList<CheckpointKeyFinding> Findings => _findings;

    /// <summary>
    /// Reads the key entries of a verified chain (below its verified head). A compromise counts when <paramref name="administration"/>
    /// counts it (signed by an administrator), or, with no administration judged, as recorded: it can only refuse more.
    /// </summary>
    public static async Task<CheckpointKeyHistory> ReadAsync(VerifiedChain chain, AdministrativeState? administration, CmsSignatureVerifier verifier,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(chain);
        var counted = administration?.Acts.Select(a => a.Entry.Sequence).ToHashSet();
        var history = new CheckpointKeyHistory(verifier);
        await foreach (var entry in chain.ReadByTypeAsync(CheckpointKeyEntryTypes.All.ToArray(), cancellationToken).ConfigureAwait(false))
        {
            if (entry.Payload is { } payload && (entry.EntryType == CheckpointKeyEntryTypes.Rotated || counted is null || counted.Contains(entry.Sequence)))
            {
                history.Apply(entry.Sequence, chain.ChainId, entry.EntryType, payload);
            }
        }

        return history;
    }

    /// <summary>
    /// Applies one key entry of chain <paramref name="chainId"/>, in sequence order: a rotation is judged here (a finding when it does not
    /// count); a compromise must already be known to count (an administrator signed it), and a malformed one is ignored.
    /// </summary>
    public void Apply(long sequence, string chainId, string entryType, ReadOnlySpan<byte> payload)
    {
        ArgumentNullException.ThrowIfNull(chainId);
        if (entryType == CheckpointKeyEntryTypes.Compromised)
        {
            ApplyCompromise(sequence, payload);
        }
        else if (entryType == CheckpointKeyEntryTypes.Rotated)
        {
            ApplyRotation(sequence, chainId, payload);
        }
    }

    /// <summary>
    /// Whether the chain of keys accepts a checkpoint signature that verified: <see langword="null"/> when it does, else the refusal.
    /// The signature's time is its trusted time (<see cref="SignatureVerificationResult.TrustedTime"/>: a verified timestamp's, else the claimed one).
    /// </summary>
    public CheckpointKeyRefusal? Judge(SignatureVerificationResult signature)
    {
        ArgumentNullException.ThrowIfNull(signature);
        if (signature.SignerCertificate is not { } certificate || signature.TrustedTime is not { } at)
        {
            return null; // nothing to judge: the signature check already failed
        }

        var key = CertificateFingerprint.Of(certificate);
        var timestamped = signature.TimeBasis == SigningTimeBasis.Timestamp;
        if (_compromises.TryGetValue(key, out var compromise) && (!timestamped || at >= compromise.From))
        {
            return new CheckpointKeyRefusal(CheckpointKeyRefusalKind.Compromised, timestamped
                ? $"{certificate.Subject} ({key}) is recorded compromised from {compromise.From} (entry {compromise.Sequence}); the signature's trusted time {at} is not before it."
                : $"{certificate.Subject} ({key}) is recorded compromised from {compromise.From} (entry {compromise.Sequence}); the signature has no trusted timestamp, and its claimed time {at} is the key holder's word.");
        }

        if (_keys.Count == 0)
        {
            return null;
        }

        var period = _keys.LastOrDefault(k => k.CertificateSha256 == key && (k.From is null || k.From <= at));
        if (period is null)
        {
            var first = _keys[1].From!.Value;
            if (_keys.Any(k => k.CertificateSha256 == key))
            {
                var next = _keys.First(k => k.CertificateSha256 == key);
                return new CheckpointKeyRefusal(CheckpointKeyRefusalKind.NotYetInForce,
                    $"{certificate.Subject} ({key}) signs checkpoints from {next.From} (entry {next.RotationSequence}); the signature's time {at} is earlier.");
            }

            return at <= first
                ? null
                : new CheckpointKeyRefusal(CheckpointKeyRefusalKind.NotInKeyChain,
                    $"{certificate.Subject} ({key}) is not in the chain of checkpoint keys that began at {first} (entry {_keys[1].RotationSequence}); the signature's time {at} is after it.");
        }

        return period.Until is { } until && at > until
            ? new CheckpointKeyRefusal(CheckpointKeyRefusalKind.RotatedAway,
                $"{certificate.Subject} ({key}) was rotated away at {until} (entry {_keys[_keys.IndexOf(period) + 1].RotationSequence}); the signature's time {at} is after it.")
            : null;
    }

    /// <summary>
    /// The keys met walking the chain of keys from <paramref name="fromSha256"/> (a key the verifier pinned) forward to <paramref name="toSha256"/>
    /// (the key that signed a checkpoint), both included; <c>[from]</c> when they are the same key, <see langword="null"/> when the chain does not
    /// lead from one to the other (docs/FORMAT.md 12.16). Times are not judged here: <see cref="Judge"/> does that.
    /// </summary>
    public IReadOnlyList<string>? Follow(string fromSha256, string toSha256)
    {
        ArgumentNullException.ThrowIfNull(fromSha256);
        ArgumentNullException.ThrowIfNull(toSha256);
        if (fromSha256 == toSha256)
        {
            return [fromSha256];
        }

        var start = _keys.FindIndex(k => k.CertificateSha256 == fromSha256);
        var end = start < 0 ? -1 : _keys.FindIndex(start, k => k.CertificateSha256 == toSha256);
        return end < 0 ? null : _keys.GetRange(start, end - start + 1).Select(k => k.CertificateSha256).ToList();
    }

    private void ApplyCompromise(long sequence, ReadOnlySpan<byte> payload)
    {
        try
        {
            var record = CheckpointKeyCompromise.Parse(payload);
            if (!_compromises.TryGetValue(record.CertificateSha256, out var known) || record.CompromisedFrom < known.From)
            {
                _compromises[record.CertificateSha256] = (record.CompromisedFrom, sequence); // the earliest instant recorded wins
            }
        }
        catch (FormatException)
        {
            // The administrative judgement names an unreadable record (Malformed); it refuses nothing.
        }
    }

    private void ApplyRotation(long sequence, string chainId, ReadOnlySpan<byte> payload)
    {
        CheckpointKeyRotation rotation;
        try
        {
            rotation = CheckpointKeyRotation.Parse(payload);
        }
        catch (FormatException ex)
        {
            Find(sequence, CheckpointKeyFindingKind.Malformed, $"cannot be read: {ex.Message}");
            return;
        }

        if (rotation.ChainId != chainId)
        {
            Find(sequence, CheckpointKeyFindingKind.WrongPlace, $"was signed for chain '{rotation.ChainId}', not '{chainId}'");
            return;
        }

        if (!_signedContents.Add(Convert.ToHexStringLower(SHA256.HashData(rotation.SignedContent))))
        {
            Find(sequence, CheckpointKeyFindingKind.Replayed, "repeats a rotation recorded earlier (a replay)");
            return;
        }

        var previous = SignatureBy(rotation, rotation.PreviousKeySignature, rotation.PreviousCertificateSha256);
        if (previous.Problem is { } previousProblem)
        {
            Find(sequence, CheckpointKeyFindingKind.NotSignedByPreviousKey, $"is not signed by the key it replaces ({rotation.PreviousCertificateSha256}): {previousProblem}");
            return;
        }

        if (SignatureBy(rotation, rotation.NewKeySignature, rotation.NewCertificateSha256).Problem is { } newProblem)
        {
            Find(sequence, CheckpointKeyFindingKind.NotSignedByNewKey, $"is not signed by the new key ({rotation.NewCertificateSha256}): {newProblem}");
            return;
        }

        var current = _keys.Count == 0 ? null : _keys[^1];
        if (current is not null && (current.CertificateSha256 != rotation.PreviousCertificateSha256 || (current.From is { } from && rotation.RotatedAt <= from)))
        {
            Find(sequence, CheckpointKeyFindingKind.NotTheKeyInForce,
                $"replaces {rotation.PreviousCertificateSha256} at {rotation.RotatedAt}, but the key in force is {current.CertificateSha256} since {current.From}");
            return;
        }

        if (_compromises.TryGetValue(rotation.PreviousCertificateSha256, out var compromise)
            && (previous.Result!.TimeBasis != SigningTimeBasis.Timestamp || previous.Result.TrustedTime >= compromise.From))
        {
            Find(sequence, CheckpointKeyFindingKind.PreviousKeyCompromised,
                $"is signed by a key recorded compromised from {compromise.From} (entry {compromise.Sequence}) without a trusted timestamp before that instant");
            return;
        }

        if (current is null)
        {
            _keys.Add(new CheckpointKeyPeriod(rotation.PreviousCertificateSha256, null, rotation.RotatedAt, null));
        }
        else
        {
            _keys[^1] = current with { Until = rotation.RotatedAt };
        }

        _keys.Add(new CheckpointKeyPeriod(rotation.NewCertificateSha256, rotation.RotatedAt, null, sequence));
    }

    /// <summary>Checks one of the rotation's signatures: valid under the trust anchors, by the named certificate, at the rotation's time.</summary>
    private (SignatureVerificationResult? Result, string? Problem) SignatureBy(CheckpointKeyRotation rotation, byte[] signature, string certificateSha256)
    {
        if (signature.Length == 0)
        {
            return (null, "the signature is missing");
        }

        var result = _verifier.Verify(rotation.SignedContent, signature);
        if (!result.IsValid)
        {
            return (result, $"{result.Status}: {result.Message}");
        }

        if (CertificateFingerprint.Of(result.SignerCertificate!) != certificateSha256)
        {
            return (result, $"it is signed by {result.SignerCertificate!.Subject} ({CertificateFingerprint.Of(result.SignerCertificate!)})");
        }

        return result.SigningTime == rotation.RotatedAt ? (result, null) : (result, $"its signing time {result.SigningTime} is not the rotation's {rotation.RotatedAt}");
    }

    private void Find(long sequence, CheckpointKeyFindingKind kind, string reason) =>
        _findings.Add(new CheckpointKeyFinding(sequence, kind, $"Entry {sequence} ({CheckpointKeyEntryTypes.Rotated}) {reason}; the chain of keys ignores it."));
}
