using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using ComplianceKit.Administration;
using ComplianceKit.Anchoring;
using ComplianceKit.Approvals;
using ComplianceKit.Bundles;
using ComplianceKit.Canonicalization;
using ComplianceKit.CheckpointKeys;
using ComplianceKit.Hashing;
using ComplianceKit.Ledger;
using ComplianceKit.Merkle;
using ComplianceKit.Signing;
using ComplianceKit.Tests.Signing;
using NodaTime;

namespace ComplianceKit.Tests.Bundles;

/// <summary>
/// A chain built in memory the way the store builds it (ChainLinker), with approvals signed by the test PKI,
/// role grants and retention purges, and bundles composed from it exactly as the exporter composes them.
/// </summary>
internal sealed class BundleTestChain
{
    public const string Organization = "Test Clinic";
    public const string ChainId = "default";
    public static readonly string Artifact = Convert.ToHexStringLower(SHA256.HashData("release notes 2.4.0"u8));

    private readonly ChainState _state = ChainState.Empty(ChainId);
    private readonly InMemoryMerkleTree _tree = new();
    private readonly ComplianceKitOptions _options = new() { Organization = Organization };
    private readonly PayloadPrivacyGuard _guard = new(allowPhi: false);

    public BundleTestChain(Instant? start = null) => Now = start ?? TestPki.SigningTime;

    public List<LedgerEntry> Entries { get; } = [];

    public Instant Now { get; set; }

    /// <summary>The administration roots bundles declare unless <c>BundleAsync</c> is given others (none by default: the weaker mode).</summary>
    public IReadOnlyList<X509Certificate2> AdministrationRoots { get; set; } = [];

    /// <summary>The format version <c>BundleAsync</c> writes unless told otherwise (the current one by default).</summary>
    public BundleFormatVersion FormatVersion { get; set; } = BundleFormat.CurrentVersion;

    public static TestPki Pki => TestPki.Instance;

    /// <summary>Applied to every approval signature <c>ApproveAsync</c> makes (for example, attaching a timestamp token); none by default.</summary>
    public Func<byte[], byte[]>? StampApprovals { get; set; }

    public MerkleTreeHead Head => _tree.TreeHead;

    /// <summary>A chain with facts of several types, two role grants and two approvals.</summary>
    public static async Task<BundleTestChain> CreateAsync(int facts = 40)
    {
        var chain = new BundleTestChain();
        await chain.GrantAsync(Pki.RsaSigner, "Compliance Officer");
        await chain.GrantAsync(Pki.EcdsaSigner, "Release Manager");
        chain.AppendFacts(facts);
        await chain.ApproveAsync(Pki.RsaSigner, "Compliance Officer");
        chain.AppendFacts(5);
        await chain.ApproveAsync(Pki.EcdsaSigner, "Release Manager", ApprovalDecision.ApprovedWithConditions, "Watch the error budget for 48 hours.");
        chain.AppendFacts(3);
        return chain;
    }

    public void AppendFacts(int count)
    {
        for (var i = 0; i < count; i++)
        {
            var n = Entries.Count;
            var type = (n % 4) switch { 0 => "baa.executed", 1 => "training.completed", 2 => "control.tested", _ => "phi.accessed" };
            Append(EntryDraft.FromJson(type, $"subject:{n % 7}", $"staff:{n % 5}", $$"""{"n":{{n}},"note":"fact <{{n}}> & more"}"""));
        }
    }

    public LedgerEntry Append(EntryDraft draft)
    {
        Now = Now.Plus(Duration.FromSeconds(1));
        var prepared = PreparedEntry.Prepare(draft, _options, _guard);
        var entry = ChainLinker.Link(_state, [prepared], Now, [])[0];
        Entries.Add(entry);
        _tree.Append(MerkleHasher.HashLeaf(entry.EntryHash));
        return entry;
    }

    public Task GrantAsync(X509Certificate2 certificate, string role)
    {
        var fingerprint = CertificateFingerprint.Of(certificate);
        Append(new EntryDraft(ApprovalEntryTypes.RoleGranted, $"role:{role}", "admin", RoleGrantBook.Payload(role, fingerprint, certificate.Subject)));
        return Task.CompletedTask;
    }

    /// <summary>
    /// Appends a role grant (or revocation) signed by <paramref name="administrator"/> as docs/FORMAT.md 7.1 describes, whoever
    /// the administrator is: judging it is the verifier's job. Kernel types only, so the conformance generator can share it.
    /// </summary>
    public async Task<LedgerEntry> GrantSignedAsync(X509Certificate2 certificate, string role, ICmsSigner administrator, string entryType = ApprovalEntryTypes.RoleGranted)
    {
        var signedAt = Instant.FromUnixTimeSeconds(Now.Plus(Duration.FromSeconds(1)).ToUnixTimeSeconds());
        var record = RoleGrantBook.Payload(role, CertificateFingerprint.Of(certificate), certificate.Subject);
        var content = SignedAdministrativePayload.ContentToSign(record, new AdministrativeHeader(entryType, ChainId, signedAt));
        var signature = await administrator.SignDetachedAsync(content, signedAt);
        var actor = $"admin:{administrator.Certificate.GetNameInfo(X509NameType.SimpleName, false)}";
        return Append(new EntryDraft(entryType, $"role:{role}", actor, SignedAdministrativePayload.Compose(content, signature), signedAt));
    }

    /// <summary>Appends a checkpoint key rotation from <paramref name="previous"/> to <paramref name="next"/>, signed by both (docs/FORMAT.md 13.6).</summary>
    public async Task<LedgerEntry> RotateCheckpointKeyAsync(ICmsSigner previous, ICmsSigner next, Func<byte[], byte[]>? changePayload = null)
    {
        var rotatedAt = Instant.FromUnixTimeSeconds(Now.Plus(Duration.FromSeconds(1)).ToUnixTimeSeconds());
        var payload = await CheckpointKeyRotation.SignAsync(ChainId, previous, next, rotatedAt);
        return Append(new EntryDraft(CheckpointKeyEntryTypes.Rotated, $"checkpoint-key:{CertificateFingerprint.Of(next.Certificate)}",
            "compliancekit-checkpoint-key", changePayload?.Invoke(payload) ?? payload, rotatedAt));
    }

    /// <summary>Appends a record, signed by <paramref name="administrator"/> (7.1), that <paramref name="key"/> is compromised from <paramref name="from"/>.</summary>
    public async Task<LedgerEntry> CompromiseCheckpointKeyAsync(X509Certificate2 key, Instant from, ICmsSigner administrator)
    {
        var signedAt = Instant.FromUnixTimeSeconds(Now.Plus(Duration.FromSeconds(1)).ToUnixTimeSeconds());
        var record = new CheckpointKeyCompromise(CertificateFingerprint.Of(key), from, "key file found on a shared drive").ToCanonicalBytes();
        var content = SignedAdministrativePayload.ContentToSign(record, new AdministrativeHeader(CheckpointKeyEntryTypes.Compromised, ChainId, signedAt));
        var signature = await administrator.SignDetachedAsync(content, signedAt);
        var actor = $"admin:{administrator.Certificate.GetNameInfo(X509NameType.SimpleName, false)}";
        return Append(new EntryDraft(CheckpointKeyEntryTypes.Compromised, $"checkpoint-key:{CertificateFingerprint.Of(key)}", actor,
            SignedAdministrativePayload.Compose(content, signature), signedAt));
    }

    public async Task<LedgerEntry> ApproveAsync(X509Certificate2 certificate, string role, ApprovalDecision decision = ApprovalDecision.Approved, string? conditions = null,
        string? entrySubject = null)
    {
        Now = Now.Plus(Duration.FromSeconds(1));
        var signedAt = Instant.FromUnixTimeSeconds(Now.ToUnixTimeSeconds());
        var head = Head;
        var statement = new ApprovalStatement
        {
            Organization = Organization,
            Subject = new ApprovalSubject("release", "2.4.0-production"),
            ArtifactSha256 = Artifact,
            Decision = decision,
            Conditions = conditions,
            Meaning = SignatureMeaning.Approval,
            Signer = new ApprovalSigner(certificate.GetNameInfo(X509NameType.SimpleName, false), role, CertificateFingerprint.Of(certificate)),
            SignedAt = signedAt,
            LedgerHead = new LedgerHeadReference(ChainId, head.Size, Hex.Format(head.Root)),
        };
        var bytes = statement.ToCanonicalBytes();
        using var signer = new X509CertificateSigner(certificate);
        var signature = await signer.SignDetachedAsync(bytes, signedAt);
        signature = StampApprovals?.Invoke(signature) ?? signature;
        return Append(new EntryDraft(ApprovalEntryTypes.ApprovalSigned, entrySubject ?? statement.Subject.ToString(), $"signer:{statement.Signer.Name}",
            SignedApproval.ToPayload(bytes, signature), signedAt));
    }

    /// <summary>Removes the payloads of <paramref name="sequences"/> and appends the purge entry naming them.</summary>
    /// <summary>
    /// Appends an <c>evidence.attached</c> entry signed by <paramref name="certificate"/> at <see cref="Now"/> (FORMAT.md 11.4): a canonical
    /// statement, signed detached, with the signature added as the member <c>signature</c>.
    /// </summary>
    public async Task<LedgerEntry> AttachSignedEvidenceAsync(X509Certificate2 certificate)
    {
        var at = BundleInstant.Format(Now);
        var statement = System.Text.Encoding.UTF8.GetBytes(
            $"{{\"artifactSha256\":\"{Artifact}\",\"collectedAt\":\"{at}\",\"collectedBy\":\"it-admin\",\"controlId\":\"hipaa.164.308.a.7.ii.a\","
            + $"\"evidenceId\":\"restore-{Entries.Count}\",\"kind\":\"backup-restore-test\",\"selfAttested\":false}}");
        using var signer = new X509CertificateSigner(certificate);
        var signature = await signer.SignDetachedAsync(statement, Now);
        return Append(new EntryDraft("evidence.attached", "control:hipaa.164.308.a.7.ii.a", "it-admin",
            PayloadCodec.AddMember(statement, "signature", Convert.ToBase64String(signature)), Now));
    }

    public LedgerEntry Purge(string policy, params long[] sequences)
    {
        var ranges = string.Join(",", sequences.Order().Select(s => $"[{s},{s}]"));
        return PurgeWith($$"""{"policy":"{{policy}}","policyEntry":0,"asOf":"2026-01-01T00:00:00Z","count":{{sequences.Length}},"ranges":[{{ranges}}]}""", sequences);
    }

    /// <summary>Removes the payloads of <paramref name="sequences"/> and appends a purge entry with exactly <paramref name="payloadJson"/> (a forgery, if it breaks FORMAT.md 9.3).</summary>
    public LedgerEntry PurgeWith(string payloadJson, params long[] sequences)
    {
        foreach (var sequence in sequences)
        {
            Entries[(int)sequence] = WithoutPayload(Entries[(int)sequence]);
        }

        return Append(EntryDraft.FromJson(BundleFormat.PurgeEntryType, "retention-policy:p", "retention", payloadJson));
    }

    public static LedgerEntry WithoutPayload(LedgerEntry e) => new()
    {
        ChainId = e.ChainId, Sequence = e.Sequence, EntryType = e.EntryType, Subject = e.Subject, Actor = e.Actor,
        OccurredAt = e.OccurredAt, RecordedAt = e.RecordedAt, Payload = null, PayloadSalt = null,
        PayloadDigest = e.PayloadDigest, PreviousHash = e.PreviousHash, EntryHash = e.EntryHash,
    };

    /// <summary>Composes a bundle of this chain as the exporter does, signed by <paramref name="signer"/> (the RSA test signer by default).</summary>
    public async Task<byte[]> BundleAsync(BundleScope? scope = null, Checkpoint? since = null, ICmsSigner? signer = null, long? treeSize = null,
        IReadOnlyList<X509Certificate2>? anchors = null, bool compress = false, IReadOnlyList<X509Certificate2>? administrationRoots = null,
        BundleFormatVersion? version = null, IReadOnlyList<ComplianceKit.Anchoring.StoredCheckpoint>? carried = null,
        ComplianceKit.Revocation.IRevocationDataSource? revocation = null)
    {
        scope ??= BundleScope.Full;
        var size = treeSize ?? Entries.Count;
        var head = new MerkleTreeHead(size, _tree.ComputeRoot(size));
        using var ownSigner = signer is null ? new X509CertificateSigner(Pki.RsaSigner) : null;
        var organisation = signer ?? ownSigner!;
        var output = new MemoryStream();
        using (var composer = new BundleComposer(output, Organization, ChainId, head, Instant.FromUnixTimeSeconds(Now.ToUnixTimeSeconds()) + Duration.FromSeconds(1), scope, compress)
        {
            AdministrationRoots = administrationRoots ?? AdministrationRoots,
            Version = version ?? FormatVersion,
            Anchors = carried ?? [],
            RevocationData = revocation,
        })
        {
            var purges = Entries.Take((int)size).Where(e => e.EntryType == BundleFormat.PurgeEntryType).ToList();
            foreach (var entry in Entries.Take((int)size))
            {
                var keyEntry = entry.EntryType is CheckpointKeyEntryTypes.Rotated or CheckpointKeyEntryTypes.Compromised;
                var included = scope.IsFull || scope.Includes(entry) || purges.Contains(entry) || (keyEntry && (version ?? FormatVersion) != BundleFormatVersion.V1);
                if (included)
                {
                    var proof = scope.IsFull ? null : (await MerkleProofBuilder.BuildInclusionAsync(_tree, entry.Sequence, size)).Path;
                    await composer.AddEntryAsync(entry, proof, CancellationToken.None);
                }
            }

            ManifestPreviousCheckpoint? previous = null;
            if (since is not null)
            {
                var proof = await MerkleProofBuilder.BuildConsistencyAsync(_tree, since.TreeSize, size);
                previous = new ManifestPreviousCheckpoint(since.Origin, since.TreeSize, since.Root, proof.Path);
            }

            await composer.CompleteAsync(
                async (from, ct) => (await MerkleProofBuilder.BuildConsistencyAsync(_tree, from, size, ct)).Path,
                previous, anchors ?? [Pki.Root], organisation, CancellationToken.None);
        }

        return output.ToArray();
    }

    /// <summary>The checkpoint of the first <paramref name="size"/> entries as a publisher records it (no extension lines), signed at <paramref name="signedAt"/> and co-signed by <paramref name="witnesses"/>.</summary>
    public async Task<ComplianceKit.Anchoring.StoredCheckpoint> PublishedAsync(long size, Instant signedAt, params X509Certificate2[] witnesses)
    {
        var checkpoint = CheckpointAt(size);
        return await SignedAsync(checkpoint, signedAt, witnesses);
    }

    /// <summary><paramref name="checkpoint"/> signed by the organisation's test key and co-signed by <paramref name="witnesses"/>, as a sink keeps it.</summary>
    public static Task<ComplianceKit.Anchoring.StoredCheckpoint> SignedAsync(Checkpoint checkpoint, Instant signedAt, params X509Certificate2[] witnesses) =>
        SignedByAsync(checkpoint, signedAt, Pki.RsaSigner, witnesses);

    /// <summary><paramref name="checkpoint"/> signed by <paramref name="organisationKey"/> and co-signed by <paramref name="witnesses"/>, as a sink keeps it.</summary>
    public static async Task<ComplianceKit.Anchoring.StoredCheckpoint> SignedByAsync(Checkpoint checkpoint, Instant signedAt, X509Certificate2 organisationKey, params X509Certificate2[] witnesses)
    {
        using var organisation = new X509CertificateSigner(organisationKey);
        var bytes = checkpoint.ToBytes();
        var cosignatures = new List<byte[]>();
        foreach (var witness in witnesses)
        {
            using var key = new X509CertificateSigner(witness);
            cosignatures.Add(await key.SignDetachedAsync(bytes, signedAt));
        }

        return new ComplianceKit.Anchoring.StoredCheckpoint($"{checkpoint.TreeSize:D20}.txt", new ComplianceKit.Anchoring.SignedCheckpoint(checkpoint, await organisation.SignDetachedAsync(bytes, signedAt)), cosignatures);
    }

    public Checkpoint CheckpointAt(long size) =>
        new(Checkpoint.OriginFor(Organization, ChainId), size, _tree.ComputeRoot(size));
}
