using ComplianceKit.Administration;
using ComplianceKit.Anchoring;
using ComplianceKit.Approvals;
using ComplianceKit.Hashing;
using ComplianceKit.Ledger;
using ComplianceKit.Merkle;

namespace ComplianceKit.Bundles;

/// <summary>
/// Checks the approvals of a bundle as their entries stream by: the listed files hold the entry's statement
/// and signature, the CMS signature verifies, and the statement is bound to its signature, certificate and
/// this ledger (a consistency proof from the head it names). Administrative entries are judged on the way under the
/// administration root (<see cref="AdministrativeState"/>, the judge gates and <c>verify --db</c> use): role grants that count
/// are collected, every entry that does not is a finding, and authorization is judged at the end. Keeps at most <see cref="EvidenceBundleVerifier.MaxRecordedFindings"/> approvals.
/// </summary>
internal sealed class ApprovalVerification
{
    private readonly BundleSignatureCheck _verifier;
    private readonly BundleVerificationSession _session;
    private readonly BundleManifest _manifest;
    private readonly Checkpoint _checkpoint;
    private readonly IReadOnlyDictionary<string, ManifestFile> _files;
    private readonly Dictionary<long, ManifestApproval> _listedApprovals = [];
    private readonly HashSet<long> _approvalsSeen = [];
    private readonly List<BundleApproval> _approvals = [];
    private readonly List<(int Index, string Role, string Fingerprint, NodaTime.Instant SignedAt)> _authorizations = [];
    private readonly AdministrativeState _administration;
    private bool _roleEntriesSeen;

    public ApprovalVerification(BundleSignatureCheck verifier, BundleVerificationSession session, BundleManifest manifest, Checkpoint checkpoint,
        IReadOnlyDictionary<string, ManifestFile> files, AdministrationTrust administration)
    {
        _administration = new AdministrativeState(administration);
        _verifier = verifier;
        _session = session;
        _manifest = manifest;
        _checkpoint = checkpoint;
        _files = files;
        foreach (var approval in manifest.Approvals)
        {
            if (!_listedApprovals.TryAdd(approval.Sequence, approval))
            {
                session.Add(BundleFindingKind.Malformed, BundleFormat.ManifestFile, approval.Sequence, "manifest.approvals lists this approval twice.");
            }

            if (approval.StatementFile != BundleFormat.ApprovalStatementFile(approval.Sequence) || approval.SignatureFile != BundleFormat.ApprovalSignatureFile(approval.Sequence))
            {
                session.Add(BundleFindingKind.Malformed, BundleFormat.ManifestFile, approval.Sequence,
                    $"The approval's files are not named {BundleFormat.ApprovalStatementFile(approval.Sequence)} and {BundleFormat.ApprovalSignatureFile(approval.Sequence)}.");
            }

            if (approval.SignerCertificateFile is { } certificateFile && !BundleFormat.IsCertificateFile(certificateFile))
            {
                session.Add(BundleFindingKind.Malformed, BundleFormat.ManifestFile, approval.Sequence, $"signerCertificate '{Shorten(certificateFile)}' is not a certificates/<sha256>.pem name.");
            }

            foreach (var name in new[] { approval.StatementFile, approval.SignatureFile, approval.SignerCertificateFile })
            {
                if (name is not null && !files.ContainsKey(name))
                {
                    session.Add(BundleFindingKind.Malformed, BundleFormat.ManifestFile, approval.Sequence, $"The approval names {Shorten(name)}, which manifest.files does not list.");
                }
            }
        }
    }

    /// <summary>The approvals, in sequence order.</summary>
    public IReadOnlyList<BundleApproval> Approvals => _approvals;

    /// <summary>
    /// Judges an administrative entry; role grants and revocations that count are collected, one that does not is a finding. Returns whether it counts.
    /// </summary>
    public bool AddAdministrativeEntry(LedgerEntry entry)
    {
        _roleEntriesSeen |= entry.EntryType is ApprovalEntryTypes.RoleGranted or ApprovalEntryTypes.RoleRevoked;
        var before = _administration.Findings.Count;
        var counts = _administration.Apply(entry);
        if (!counts && _administration.Findings.Count > before && _administration.Findings.LastOrDefault(f => f.Sequence == entry.Sequence) is { } finding)
        {
            _session.Add(BundleFindingKind.AdministrativeEntryIgnored, BundleFormat.EntriesFile, entry.Sequence, $"{finding.Kind}: {finding.Message}");
        }

        return counts;
    }

    /// <summary>Reports approvals the manifest lists but the entries do not hold.</summary>
    public void CheckAllSeen()
    {
        foreach (var sequence in _listedApprovals.Keys.Where(s => !_approvalsSeen.Contains(s)).Order())
        {
            _session.Add(BundleFindingKind.CountMismatch, BundleFormat.ManifestFile, sequence, "manifest.approvals lists an approval here, but entries.jsonl holds no approval entry with a payload at this sequence.");
        }
    }

    /// <summary>Checks an <c>approval.signed</c> entry with a payload: its files, signature, binding; records it for the report.</summary>
    public void Check(LedgerEntry entry)
    {
        _approvalsSeen.Add(entry.Sequence);
        SignedApproval approval;
        try
        {
            approval = SignedApproval.FromEntry(entry);
        }
        catch (FormatException ex)
        {
            _session.Add(BundleFindingKind.ApprovalSignatureInvalid, BundleFormat.EntriesFile, entry.Sequence, $"The payload is not a signed approval: {ex.Message}");
            return;
        }

        var problems = new List<string>();
        if (!_listedApprovals.TryGetValue(entry.Sequence, out var listing))
        {
            _session.Add(BundleFindingKind.CountMismatch, BundleFormat.ManifestFile, entry.Sequence, "entries.jsonl holds an approval here that manifest.approvals does not list.");
        }
        else
        {
            SameAsFile(listing.StatementFile, approval.StatementBytes, "statement", problems);
            SameAsFile(listing.SignatureFile, approval.Signature, "signature", problems);
        }

        var signature = _verifier.Verify(approval.StatementBytes, approval.Signature);
        _session.RecordSignature(listing?.SignatureFile ?? BundleFormat.ApprovalSignatureFile(entry.Sequence), signature);
        if (!_verifier.Accepts(signature))
        {
            _session.Add(signature.IsTrustProblem ? BundleFindingKind.SignerNotTrusted : BundleFindingKind.ApprovalSignatureInvalid, BundleFormat.EntriesFile, entry.Sequence,
                signature.IsTrustProblem
                    ? $"The approval signature by {approval.Statement.Signer.Name} is intact, but its signer is not trusted ({signature.Status}): {signature.Message}"
                    : $"The approval signature by {approval.Statement.Signer.Name} does not verify ({signature.Status}): {signature.Message}");
        }

        var statement = approval.Statement;
        if (listing is not null && listing.SignerCertificateFile != (signature.SignerCertificate is null ? null : BundleFormat.CertificateFile(statement.Signer.CertificateSha256)))
        {
            problems.Add($"signerCertificate is not {BundleFormat.CertificateFile(statement.Signer.CertificateSha256)}, the file of the certificate that signed");
        }

        if (ApprovalBinding.Problem(entry, _manifest.ChainId, approval, signature, head => PrefixProblem(head, listing?.LedgerHeadProof)) is { } bound)
        {
            problems.Add(bound);
        }

        var binding = problems.Count == 0 ? null : string.Join("; ", problems);
        if (binding is not null)
        {
            _session.Add(BundleFindingKind.ApprovalBindingInvalid, BundleFormat.EntriesFile, entry.Sequence, $"The approval by {statement.Signer.Name}: {binding}.");
        }

        if (_approvals.Count < EvidenceBundleVerifier.MaxRecordedFindings)
        {
            _authorizations.Add((_approvals.Count, statement.Signer.Role, statement.Signer.CertificateSha256, RoleGrantBook.AuthorizationTime(statement, signature)));
            _approvals.Add(new BundleApproval
            {
                Sequence = entry.Sequence,
                Subject = statement.Subject.ToString(),
                Decision = statement.Decision,
                Conditions = statement.Conditions,
                Meaning = statement.Meaning,
                SignerName = statement.Signer.Name,
                Role = statement.Signer.Role,
                SignedAt = statement.SignedAt,
                ArtifactSha256 = statement.ArtifactSha256,
                CertificateSha256 = statement.Signer.CertificateSha256,
                CertificateSubject = signature.SignerCertificate?.Subject,
                SignatureStatus = signature.Status,
                SignatureMessage = signature.Message,
                TrustedTime = signature.TrustedTime,
                TimeBasis = signature.TimeBasis,
                TimeBasisReason = signature.TimeBasisReason,
                BindingProblem = binding,
            });
        }
    }

    private void SameAsFile(string name, byte[] bytes, string what, List<string> problems)
    {
        if (_files.TryGetValue(name, out var file) && !string.Equals(file.Sha256, EvidenceBundleVerifier.Sha256Hex(bytes), StringComparison.Ordinal))
        {
            problems.Add($"{name} is not the {what} recorded in the entry");
        }
    }

    /// <summary>The bundle's proof of a ledger head: the consistency proof the manifest lists, from the head to the checkpoint.</summary>
    private string? PrefixProblem(LedgerHeadReference head, IReadOnlyList<byte[]>? proof)
    {
        if (proof is null)
        {
            return "the bundle carries no proof that the ledger head the statement names is a prefix of this chain";
        }

        byte[] root;
        try
        {
            root = Hex.Parse(head.RootSha256);
        }
        catch (FormatException)
        {
            return "the statement's ledger root is not hexadecimal";
        }

        var checkpoint = _checkpoint;
        var result = root.Length != Sha256Digest.Size
            ? MerkleProofResult.Invalid(MerkleProofFailure.MalformedHash, "the root is not 32 bytes")
            : MerkleProofVerifier.VerifyConsistency(new ConsistencyProof(head.Size, checkpoint.TreeSize, proof), root, checkpoint.Root);
        return result.IsValid ? null : $"the ledger head it names (size {head.Size}) is not proven a prefix of this chain: {result.Message}";
    }

    /// <summary>Judges every recorded approval's authorization once all role entries have been seen.</summary>
    public void Finish()
    {
        foreach (var pending in _administration.Findings.Where(f => f.Kind == AdministrativeFindingKind.SelfGrantUnconfirmed))
        {
            _session.Add(BundleFindingKind.AdministrativeEntryIgnored, BundleFormat.EntriesFile, pending.Sequence, $"{pending.Kind}: {pending.Message}");
        }

        if (_roleEntriesSeen || _manifest.Scope.IsFull)
        {
            foreach (var (index, role, fingerprint, signedAt) in _authorizations)
            {
                var authorized = _administration.Grants.IsAuthorized(role, fingerprint, signedAt);
                _approvals[index] = _approvals[index] with { Authorized = authorized };
                if (!authorized)
                {
                    _session.Add(BundleFindingKind.ApprovalNotAuthorized, BundleFormat.EntriesFile, _approvals[index].Sequence,
                        $"{_approvals[index].SignerName}'s certificate held no grant of the role '{role}' at {signedAt} ({_approvals[index].TimeBasisReason}), as far as the bundle's role entries show.");
                }
            }
        }
    }

    private static string Shorten(string text) => text.Length <= 80 ? text : text[..80] + "...";
}
