using System.Formats.Asn1;
using System.Numerics;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using ComplianceKit.Revocation;
using ComplianceKit.Signing;

namespace ComplianceKit.Bundles;

/// <summary>
/// Judges revocation offline from the CRLs and OCSP responses a version 2 bundle carries (docs/FORMAT.md 12.15): reads and checks the <c>revocation/</c>
/// files, collects every signature the verification meets, and at the end judges each signer certificate at its signature's trusted time.
/// <see cref="Record"/> is thread-safe (approvals are checked in the entry pipeline); the rest runs on the session's own path.
/// </summary>
internal sealed class BundleRevocationVerification
{
    private readonly BundleVerificationSession _session;
    private readonly List<(string File, ParsedCrl Crl)> _crls;
    private readonly List<(string File, ParsedOcspResponse Response)> _responses;
    private readonly List<X509Certificate2> _declared;
    private readonly List<(string File, long? Sequence, SignatureVerificationResult Result)> _signatures = [];
    private readonly Lock _gate = new();

    private BundleRevocationVerification(BundleVerificationSession session, List<(string File, ParsedCrl Crl)> crls,
        List<(string File, ParsedOcspResponse Response)> responses, List<X509Certificate2> declared)
    {
        _session = session;
        _crls = crls;
        _responses = responses;
        _declared = declared;
    }

    /// <summary>
    /// Reads the revocation data <paramref name="manifest"/> declares; null when it declares none (revocation is then not checked). Names
    /// that break 12.15, CRL bytes that do not match their name or do not parse are <see cref="BundleFindingKind.Malformed"/>.
    /// </summary>
    public static async Task<BundleRevocationVerification?> ReadAsync(BundleVerificationSession session, BundleArchive archive, BundleManifest manifest,
        IReadOnlyDictionary<string, ManifestFile> files, BundleLimits limits, CancellationToken cancellationToken)
    {
        void Malformed(string file, string message) => session.Add(BundleFindingKind.Malformed, file, null, message);

        var declaredNames = manifest.Revocation;
        foreach (var name in files.Keys.Where(n => n.StartsWith(BundleFormat.RevocationFolder, StringComparison.Ordinal) && !declaredNames.Contains(n, StringComparer.Ordinal)))
        {
            Malformed(BundleFormat.ManifestFile, $"{name} is under {BundleFormat.RevocationFolder} but manifest.revocation does not name it.");
        }

        if (declaredNames.Count == 0)
        {
            return null;
        }

        if (!declaredNames.SequenceEqual(declaredNames.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal), StringComparer.Ordinal))
        {
            Malformed(BundleFormat.ManifestFile, "manifest.revocation is not sorted (ordinal) and distinct.");
        }

        var crls = new List<(string, ParsedCrl)>();
        var responses = new List<(string, ParsedOcspResponse)>();
        foreach (var name in declaredNames.Distinct(StringComparer.Ordinal))
        {
            var isResponse = BundleFormat.IsOcspResponseFile(name);
            if (!(isResponse || BundleFormat.IsRevocationListFile(name)) || !files.ContainsKey(name))
            {
                Malformed(BundleFormat.ManifestFile, $"manifest.revocation names '{(name.Length <= 80 ? name : name[..80])}', which is not a listed {BundleFormat.RevocationFolder}<sha256>.crl or .ocsp member.");
                continue;
            }

            if (!archive.Contains(name))
            {
                continue;
            }

            var der = await archive.ReadAllAsync(name, limits.MaxFileBytes, cancellationToken).ConfigureAwait(false);
            var sha256 = Convert.ToHexStringLower(SHA256.HashData(der));
            if ((isResponse ? BundleFormat.OcspResponseFile(sha256) : BundleFormat.RevocationListFile(sha256)) != name)
            {
                Malformed(name, $"{name} is not named by the SHA-256 of its bytes.");
                continue;
            }

            if (isResponse)
            {
                try
                {
                    responses.Add((name, ParsedOcspResponse.Parse(der)));
                }
                catch (Exception ex) when (ex is AsnContentException or CryptographicException)
                {
                    Malformed(name, $"{name} is not a DER OCSP response (RFC 6960 OCSPResponse with a basic response): {ex.Message}");
                }

                continue;
            }

            try
            {
                var crl = ParsedCrl.Parse(der);
                if (crl.IsDelta)
                {
                    session.Add(BundleFindingKind.RevocationDataInvalid, name, null, $"{name} is a delta CRL; a bundle carries full CRLs.");
                    continue;
                }

                crls.Add((name, crl));
            }
            catch (Exception ex) when (ex is AsnContentException or CryptographicException)
            {
                Malformed(name, $"{name} is not a DER X.509 CRL: {ex.Message}");
            }
        }

        var declared = new List<X509Certificate2>();
        foreach (var name in files.Keys.Where(n => n == BundleFormat.TrustAnchorsFile || BundleFormat.IsCertificateFile(n)).Where(archive.Contains))
        {
            try
            {
                declared.AddRange(PemCertificates.Read(await archive.ReadAllAsync(name, limits.MaxFileBytes, cancellationToken).ConfigureAwait(false)));
            }
            catch (FormatException)
            {
                // Already reported by the certificate checks; a certificate that does not read is no issuer.
            }
        }

        return new BundleRevocationVerification(session, crls, responses, declared);
    }

    private sealed record Judged(string File, long? Sequence, X509Certificate2 Certificate, NodaTime.Instant At, X509Certificate2? Issuer)
    {
        /// <summary>How messages name the signature: its member, or for signed evidence the entry.</summary>
        public string Label => Sequence is { } sequence ? $"the signed evidence of entry {sequence}" : File;
    }

    /// <summary>Remembers a signature met during verification, to judge its signer's revocation at the end; <paramref name="sequence"/> for signed evidence.</summary>
    public void Record(string file, SignatureVerificationResult result, long? sequence = null)
    {
        lock (_gate)
        {
            _signatures.Add((file, sequence, result));
        }
    }

    /// <summary>
    /// Judges every carried CRL (its signature with the issuing CA's key; current at the trusted time of some signature by a certificate
    /// of its issuer) and every recorded signature's certificate at its trusted time; returns one verdict per signature, in file order.
    /// </summary>
    public IReadOnlyList<SignatureRevocation> Finish()
    {
        var signatures = _signatures.Where(s => s.Result.SignerCertificate is not null && s.Result.TrustedTime is not null)
            .OrderBy(s => s.File, StringComparer.Ordinal).ThenBy(s => s.Sequence)
            .Select(s => new Judged(s.File, s.Sequence, s.Result.SignerCertificate!, s.Result.TrustedTime!.Value, IssuerOf(s.Result, s.Result.SignerCertificate!)))
            .ToList();
        var unusable = JudgeCrls(signatures);
        unusable.UnionWith(JudgeResponses(signatures));
        return signatures.Select(s => Judge(s, unusable)).ToList();
    }

    /// <summary>
    /// Reports each OCSP response that the responder did not answer, that is for no certificate that signed in the bundle, whose responder or
    /// signature fails, that says unknown, or that was current at no trusted time of the signatures it is for; returns those files.
    /// </summary>
    private HashSet<string> JudgeResponses(List<Judged> signatures)
    {
        var unusable = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (file, response) in _responses)
        {
            void Invalid(string message)
            {
                unusable.Add(file);
                _session.Add(BundleFindingKind.RevocationDataInvalid, file, null, $"{file}: {message}.");
            }

            if (!response.IsSuccessful)
            {
                Invalid($"the responder did not answer (responseStatus {response.ResponseStatus})");
                continue;
            }

            var served = signatures.Select(s => (Signature: s, Single: response.ResponseFor(s.Certificate, s.Issuer))).Where(p => p.Single is not null).ToList();
            if (served.Count == 0)
            {
                Invalid($"it is for no certificate that signed in the bundle (serial numbers {string.Join(", ", response.Responses.Select(r => r.SerialNumber.ToString("X", System.Globalization.CultureInfo.InvariantCulture)))})");
                continue;
            }

            if (served.FirstOrDefault(p => p.Signature.Issuer is not null).Signature is not { Issuer: { } issuer })
            {
                continue; // no issuing CA known: the signatures it serves are not checked
            }

            if (response.ResponderProblem(issuer) is { } problem)
            {
                Invalid(problem);
            }
            else if (served.FirstOrDefault(p => p.Single!.Status == OcspCertificateStatus.Unknown).Single is { } unknown)
            {
                Invalid($"the responder answers unknown for serial number {unknown.SerialNumber.ToString("X", System.Globalization.CultureInfo.InvariantCulture)}: it does not vouch for it");
            }
            else if (!served.Any(p => p.Single!.IsValidAt(p.Signature.At)))
            {
                var single = served[0].Single!;
                Invalid($"thisUpdate {BundleInstant.Format(single.ThisUpdate)}, nextUpdate {(single.NextUpdate is { } next ? BundleInstant.Format(next) : "none")}: "
                    + $"it was not current at the trusted time of any signature by {served[0].Signature.Certificate.Subject}");
            }
        }

        return unusable;
    }

    /// <summary>Reports each CRL whose signature fails or that was current at no trusted time it could serve; returns those files.</summary>
    private HashSet<string> JudgeCrls(List<Judged> signatures)
    {
        var unusable = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (file, crl) in _crls)
        {
            var served = signatures.Where(s => s.Issuer is not null && crl.IssuerName.AsSpan().SequenceEqual(s.Certificate.IssuerName.RawData)).ToList();
            if (served.Count == 0)
            {
                continue;
            }

            if (!crl.IsSignedBy(served[0].Issuer!))
            {
                unusable.Add(file);
                _session.Add(BundleFindingKind.RevocationDataInvalid, file, null, $"The signature of {file} does not verify with the key of the issuing CA {served[0].Issuer!.Subject}.");
            }
            else if (!served.Any(s => crl.IsValidAt(s.At)))
            {
                unusable.Add(file);
                _session.Add(BundleFindingKind.RevocationDataInvalid, file, null,
                    $"{file} (thisUpdate {BundleInstant.Format(crl.ThisUpdate)}, nextUpdate {(crl.NextUpdate is { } next ? BundleInstant.Format(next) : "none")}) "
                    + $"was not current at the trusted time of any signature by a certificate of {crl.IssuerDisplayName}.");
            }
        }

        return unusable;
    }

    private SignatureRevocation Judge(Judged signature, HashSet<string> unusable)
    {
        var (signatureFile, sequence, certificate, at, issuer) = signature;
        var file = signature.Label;
        SignatureRevocation Verdict(RevocationStatus status, string message, string? evidence = null) =>
            new() { SignatureFile = signatureFile, Sequence = sequence, SignerSubject = certificate.Subject, JudgedAt = at, Status = status, EvidenceFile = evidence, Message = message };

        var ofIssuer = _crls.Where(c => c.Crl.IssuerName.AsSpan().SequenceEqual(certificate.IssuerName.RawData)).ToList();
        var ofCertificate = _responses.Where(r => r.Response.ResponseFor(certificate, issuer) is not null).ToList();
        if (ofIssuer.Count == 0 && ofCertificate.Count == 0)
        {
            return Verdict(RevocationStatus.NotChecked, $"the bundle carries no CRL of {certificate.Issuer} and no OCSP response for the certificate");
        }

        if (issuer is null)
        {
            return Verdict(RevocationStatus.NotChecked, $"the certificate of the issuing CA {certificate.Issuer} is neither in the signer's chain nor in the bundle");
        }

        // CRLs and OCSP responses are one pool of statements. A CRL whose signature failed says nothing; one signed by the issuer but not
        // current still proves a revocation it lists. A response whose responder, signature or status failed says nothing either.
        var serial = new BigInteger(certificate.SerialNumberBytes.Span, isUnsigned: false, isBigEndian: true);
        var authentic = ofIssuer.Where(c => c.Crl.IsSignedBy(issuer)).ToList();
        var answered = ofCertificate.Where(r => r.Response.ResponderProblem(issuer) is null)
            .Select(r => (r.File, Single: r.Response.ResponseFor(certificate, issuer)!))
            .Where(r => r.Single.Status != OcspCertificateStatus.Unknown)
            .ToList();
        var revocations = authentic.Select(c => (c.File, RevokedAt: c.Crl.RevocationOf(serial)))
            .Concat(answered.Select(r => (r.File, RevokedAt: r.Single.RevokedAt)))
            .Where(c => c.RevokedAt is not null).OrderBy(c => c.RevokedAt).ThenBy(c => c.File, StringComparer.Ordinal).ToList();
        var current = authentic.Where(c => c.Crl.IsValidAt(at)).Select(c => (c.File, Good: c.Crl.RevocationOf(serial) is not { } r || r > at))
            .Concat(answered.Where(r => r.Single.IsValidAt(at)).Select(r => (r.File, Good: r.Single.RevokedAt is not { } revoked || revoked > at)))
            .ToList();
        var listed = revocations.FirstOrDefault();
        if (listed.RevokedAt is { } revokedAt && revokedAt <= at)
        {
            var disagreeing = current.Where(c => c.Good).Select(c => c.File).ToList();
            var message = $"{certificate.Subject} was revoked at {BundleInstant.Format(revokedAt)}, at or before the trusted time {BundleInstant.Format(at)} of {file} ({listed.File})"
                + (disagreeing.Count > 0 ? $"; the revocation data disagree: {string.Join(", ", disagreeing)}, current then, said good" : "");
            _session.Add(BundleFindingKind.SignerRevoked, signatureFile, sequence, $"The signer of {file}: {message}.");
            return Verdict(RevocationStatus.Revoked, message, listed.File);
        }

        if (current.Count == 0)
        {
            var carried = ofIssuer.Select(c => c.File).Concat(ofCertificate.Select(r => r.File)).Order(StringComparer.Ordinal).ToList();
            var message = $"no intact CRL of {certificate.Issuer} or OCSP response for the certificate in the bundle was current at {BundleInstant.Format(at)} (carried: {string.Join(", ", carried)})";
            if (!carried.Any(unusable.Contains))
            {
                // Each CRL or response served another signature; this one is still without current data.
                _session.Add(BundleFindingKind.RevocationDataInvalid, signatureFile, sequence, $"For {file}: {message}.");
            }

            return Verdict(RevocationStatus.DataInvalid, message);
        }

        if (listed.RevokedAt is { } later)
        {
            var message = $"{certificate.Subject} was revoked at {BundleInstant.Format(later)}, after the trusted time {BundleInstant.Format(at)} of {file}: the signature stands ({listed.File})";
            _session.Add(BundleFindingKind.RevokedAfterTrustedTime, signatureFile, sequence, message + ".");
            return Verdict(RevocationStatus.RevokedAfterTrustedTime, message, listed.File);
        }

        // An OCSP response names the certificate itself, so it is the evidence named when both kinds are current.
        var evidence = current.Select(c => c.File).OrderBy(f => BundleFormat.IsOcspResponseFile(f) ? 0 : 1).ThenBy(f => f, StringComparer.Ordinal).First();
        return Verdict(RevocationStatus.Good, $"not revoked at {BundleInstant.Format(at)} by the {(BundleFormat.IsOcspResponseFile(evidence) ? "OCSP response" : "CRL of " + certificate.Issuer)} current then ({evidence})", evidence);
    }

    /// <summary>
    /// The issuing CA's certificate: the next certificate of the signer's chain as the verifier built it; without one (no trust anchors
    /// given), a certificate the bundle carries whose subject is the signer's issuer name.
    /// </summary>
    private X509Certificate2? IssuerOf(SignatureVerificationResult result, X509Certificate2 signer)
    {
        var issuerName = signer.IssuerName.RawData;
        var chain = result.Chain;
        if (chain.Count >= 2 && chain[1].SubjectName.RawData.AsSpan().SequenceEqual(issuerName))
        {
            return chain[1];
        }

        return _declared.FirstOrDefault(c => c.SubjectName.RawData.AsSpan().SequenceEqual(issuerName));
    }
}
