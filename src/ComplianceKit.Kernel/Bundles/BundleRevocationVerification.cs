using System.Formats.Asn1;
using System.Numerics;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using ComplianceKit.Revocation;
using ComplianceKit.Signing;

namespace ComplianceKit.Bundles;

/// <summary>
/// Judges revocation offline from the CRLs a version 2 bundle carries (docs/FORMAT.md 12.15): reads and checks the <c>revocation/</c>
/// files, collects every signature the verification meets, and at the end judges each signer certificate at its signature's trusted time.
/// <see cref="Record"/> is thread-safe (approvals are checked in the entry pipeline); the rest runs on the session's own path.
/// </summary>
internal sealed class BundleRevocationVerification
{
    private readonly BundleVerificationSession _session;
    private readonly List<(string File, ParsedCrl Crl)> _crls;
    private readonly List<X509Certificate2> _declared;
    private readonly List<(string File, SignatureVerificationResult Result)> _signatures = [];
    private readonly Lock _gate = new();

    private BundleRevocationVerification(BundleVerificationSession session, List<(string File, ParsedCrl Crl)> crls, List<X509Certificate2> declared)
    {
        _session = session;
        _crls = crls;
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
        foreach (var name in declaredNames.Distinct(StringComparer.Ordinal))
        {
            if (!BundleFormat.IsRevocationListFile(name) || !files.ContainsKey(name))
            {
                Malformed(BundleFormat.ManifestFile, $"manifest.revocation names '{(name.Length <= 80 ? name : name[..80])}', which is not a listed {BundleFormat.RevocationFolder}<sha256>.crl member.");
                continue;
            }

            if (!archive.Contains(name))
            {
                continue;
            }

            var der = await archive.ReadAllAsync(name, limits.MaxFileBytes, cancellationToken).ConfigureAwait(false);
            if (BundleFormat.RevocationListFile(Convert.ToHexStringLower(SHA256.HashData(der))) != name)
            {
                Malformed(name, $"{name} is not named by the SHA-256 of its bytes.");
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

        return new BundleRevocationVerification(session, crls, declared);
    }

    private sealed record Judged(string File, X509Certificate2 Certificate, NodaTime.Instant At, X509Certificate2? Issuer);

    /// <summary>Remembers a signature met during verification, to judge its signer's revocation at the end.</summary>
    public void Record(string file, SignatureVerificationResult result)
    {
        lock (_gate)
        {
            _signatures.Add((file, result));
        }
    }

    /// <summary>
    /// Judges every carried CRL (its signature with the issuing CA's key; current at the trusted time of some signature by a certificate
    /// of its issuer) and every recorded signature's certificate at its trusted time; returns one verdict per signature, in file order.
    /// </summary>
    public IReadOnlyList<SignatureRevocation> Finish()
    {
        var signatures = _signatures.Where(s => s.Result.SignerCertificate is not null && s.Result.TrustedTime is not null)
            .OrderBy(s => s.File, StringComparer.Ordinal)
            .Select(s => new Judged(s.File, s.Result.SignerCertificate!, s.Result.TrustedTime!.Value, IssuerOf(s.Result, s.Result.SignerCertificate!)))
            .ToList();
        var unusable = JudgeCrls(signatures);
        return signatures.Select(s => Judge(s, unusable)).ToList();
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
        var (file, certificate, at, issuer) = signature;
        SignatureRevocation Verdict(RevocationStatus status, string message, string? evidence = null) =>
            new() { SignatureFile = file, SignerSubject = certificate.Subject, JudgedAt = at, Status = status, EvidenceFile = evidence, Message = message };

        var ofIssuer = _crls.Where(c => c.Crl.IssuerName.AsSpan().SequenceEqual(certificate.IssuerName.RawData)).ToList();
        if (ofIssuer.Count == 0)
        {
            return Verdict(RevocationStatus.NotChecked, $"not checked: the bundle carries no CRL of {certificate.Issuer}");
        }

        if (issuer is null)
        {
            return Verdict(RevocationStatus.NotChecked, $"not checked: the certificate of the issuing CA {certificate.Issuer} is neither in the signer's chain nor in the bundle");
        }

        // A CRL whose signature failed says nothing; one signed by the issuer but not current still proves a revocation it lists.
        var authentic = ofIssuer.Where(c => c.Crl.IsSignedBy(issuer)).ToList();
        var serial = new BigInteger(certificate.SerialNumberBytes.Span, isUnsigned: false, isBigEndian: true);
        var listed = authentic.Select(c => (c.File, RevokedAt: c.Crl.RevocationOf(serial))).Where(c => c.RevokedAt is not null).OrderBy(c => c.RevokedAt).FirstOrDefault();
        var current = authentic.Where(c => c.Crl.IsValidAt(at)).ToList();
        if (listed.RevokedAt is { } revokedAt && revokedAt <= at)
        {
            var message = $"{certificate.Subject} was revoked at {BundleInstant.Format(revokedAt)}, at or before the trusted time {BundleInstant.Format(at)} of {file} ({listed.File})";
            _session.Add(BundleFindingKind.SignerRevoked, file, null, $"The signer of {file}: {message}.");
            return Verdict(RevocationStatus.Revoked, message, listed.File);
        }

        if (current.Count == 0)
        {
            var message = $"no intact CRL of {certificate.Issuer} in the bundle was current at {BundleInstant.Format(at)} (carried: {string.Join(", ", ofIssuer.Select(c => c.File))})";
            if (!ofIssuer.Any(c => unusable.Contains(c.File)))
            {
                // Each CRL served another signature; this one is still without current data.
                _session.Add(BundleFindingKind.RevocationDataInvalid, file, null, $"For {file}: {message}.");
            }

            return Verdict(RevocationStatus.DataInvalid, message);
        }

        if (listed.RevokedAt is { } later)
        {
            var message = $"{certificate.Subject} was revoked at {BundleInstant.Format(later)}, after the trusted time {BundleInstant.Format(at)} of {file}: the signature stands ({listed.File})";
            _session.Add(BundleFindingKind.RevokedAfterTrustedTime, file, null, message + ".");
            return Verdict(RevocationStatus.RevokedAfterTrustedTime, message, listed.File);
        }

        return Verdict(RevocationStatus.Good, $"not revoked at {BundleInstant.Format(at)} by the CRL of {certificate.Issuer} current then ({current[0].File})", current[0].File);
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
