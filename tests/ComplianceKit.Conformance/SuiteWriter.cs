using System.IO.Compression;
using System.Security.Cryptography;
using System.Security.Cryptography.Pkcs;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.RegularExpressions;
using ComplianceKit.Anchoring;
using ComplianceKit.Approvals;
using ComplianceKit.Bundles;
using ComplianceKit.Hashing;
using ComplianceKit.Ledger;
using ComplianceKit.Revocation;
using ComplianceKit.Signing;
using ComplianceKit.Testing.Timestamps;
using ComplianceKit.Tests.Bundles;
using ComplianceKit.Tests.Revocation;
using NodaTime;
using NodaTime.Testing;

namespace ComplianceKit.Conformance;

/// <summary>Builds a tiny chain, exports it every way, breaks it every documented way, and records what a verifier must say.</summary>
internal sealed class SuiteWriter(string folder, ConformancePki pki)
{
    private static readonly Instant Start = Instant.FromUtc(2026, 1, 5, 9, 0);
    private readonly List<ConformanceCase> _cases = [];

    public async Task<List<ConformanceCase>> WriteAsync()
    {
        await File.WriteAllTextAsync(Path.Combine(folder, "ca.pem"), pki.Ca.ExportCertificatePem() + "\n");
        await File.WriteAllTextAsync(Path.Combine(folder, "admin-root.pem"), pki.AdministrationRoot.ExportCertificatePem() + "\n");
        await File.WriteAllTextAsync(Path.Combine(folder, "other-admin-root.pem"), pki.OtherAdministrationRoot.ExportCertificatePem() + "\n");
        await File.WriteAllTextAsync(Path.Combine(folder, "tsa-root.pem"), pki.TimeStampingRoot.ExportCertificatePem() + "\n");
        await File.WriteAllTextAsync(Path.Combine(folder, "witness.pem"), pki.Witness.ExportCertificatePem() + "\n");
        await File.WriteAllTextAsync(Path.Combine(folder, "other-witness.pem"), pki.OtherWitness.ExportCertificatePem() + "\n");
        await File.WriteAllTextAsync(Path.Combine(folder, "organisation.pem"), pki.Organisation.ExportCertificatePem() + "\n");
        using var organisation = new X509CertificateSigner(pki.Organisation);
        using var rogue = new X509CertificateSigner(pki.Rogue);

        var chain = await ChainAsync();
        var full = await chain.BundleAsync(signer: organisation, anchors: [pki.Ca]);
        var createdAt = BundleManifest.Parse(BundleZip.Members(full)[BundleFormat.ManifestFile]).CreatedAt;

        // Valid exports of every kind.
        Bundle("valid-full", "A full export with a signed role grant, an approval and a purge accounted for; the administration root it declares is not pinned (a note).",
            full, 0, "Verified", "PayloadPurged", "AdministrationRootNotPinned");
        Bundle("valid-admin-root-pinned", "The full export, with the organisation's administration root pinned by the auditor: the role grant is signed under it.",
            full, 0, "Verified", ["PayloadPurged"], "--admin-root", "admin-root.pem");
        Bundle("valid-selective", "A selective export (entry type baa.executed) with inclusion proofs.",
            await chain.BundleAsync(new BundleScope(entryTypes: ["baa.executed"]), signer: organisation, anchors: [pki.Ca]), 0, "Verified");
        Bundle("valid-time-range", "A selective export of a recorded-at range.",
            await chain.BundleAsync(new BundleScope(from: Start + Duration.FromSeconds(3), to: Start + Duration.FromSeconds(8)), signer: organisation, anchors: [pki.Ca]), 0, "Verified");
        Bundle("valid-compressed", "A full export with entries.jsonl deflated.", await chain.BundleAsync(signer: organisation, anchors: [pki.Ca], compress: true), 0, "Verified", "PayloadPurged");
        var earlier = chain.CheckpointAt(6);
        await File.WriteAllBytesAsync(Path.Combine(folder, "bundles", "earlier-checkpoint.txt"), earlier.ToBytes());
        Bundle("valid-since-checkpoint", "Exported --since-checkpoint: its consistency proof from the officer's earlier checkpoint (size 6) verifies.",
            await chain.BundleAsync(since: earlier, signer: organisation, anchors: [pki.Ca]), 0, "Verified", ["PayloadPurged"], "--previous-checkpoint", "bundles/earlier-checkpoint.txt");
        Bundle("valid-info-zip-directories", "The full export re-zipped with directory entries, as Info-ZIP's zip -r writes them.",
            BundleZip.Write(BundleZip.Members(full).Prepend(KeyValuePair.Create("certificates/", Array.Empty<byte>())).Prepend(KeyValuePair.Create("approvals/", Array.Empty<byte>()))),
            0, "Verified", "PayloadPurged");

        // Tampering without the organisation's key: the signed digests catch it.
        Bundle("tamper-payload-byte", "One base64 character of a payload changed in entries.jsonl.", TamperPayload(full, 4), 1, "Invalid", "FileAltered", "PayloadAltered");
        Bundle("tamper-checkpoint", "The tree size in checkpoint.txt changed.",
            BundleZip.Rewrite(full, (n, b) => n == BundleFormat.CheckpointFile ? SmallerTree(b) : b),
            1, "Invalid", "CheckpointSignatureInvalid");
        Bundle("tamper-file-removed", "The approval's statement file removed.",
            BundleZip.Rewrite(full, (n, b) => n.EndsWith(".statement.json", StringComparison.Ordinal) ? null : b), 1, "Invalid", "FileMissing");
        Bundle("tamper-file-added", "An extra member no listing names.", With(full, "notes.txt", "added later"u8.ToArray()), 1, "Invalid", "UnexpectedFile");
        Bundle("tamper-traversal-and-payload", "A ../x member beside a tampered payload: both are reported, and tampering decides the exit code.",
            With(TamperPayload(full, 4), "../x", "x"u8.ToArray()), 1, "Invalid", "UnsafeMember", "PayloadAltered");
        Bundle("tamper-directory-with-data-and-payload", "A directory entry holding data beside a tampered payload.",
            With(TamperPayload(full, 4), "approvals/", "data"u8.ToArray()), 1, "Invalid", "UnsafeMember", "PayloadAltered");
        Bundle("forgery-rogue-ca", "Re-signed by a look-alike certificate under a CA the officer does not trust: a trust finding (the signature is intact, its signer untrusted).",
            await BundleZip.ResignAsync(full, (_, b) => b, signer: rogue), 1, "Invalid", "SignerNotTrusted");
        Bundle("damaged-crc", "One byte of the stored entries.jsonl changed inside the archive, its CRC-32 left stale. The signed SHA-256 decides: FileAltered "
            + "(a verifier that also checks CRC-32 may name the member Unreadable instead; the exit code is 1 either way).", FlipStoredByte(full), 1, "Invalid", "FileAltered");
        Bundle("not-a-zip", "Not a zip archive at all.", "this is not a bundle\n"u8.ToArray(), 2, "Unreadable", "NotAZip");
        Bundle("zip-without-bundle", "A zip archive without any bundle file.", BundleZip.Write([KeyValuePair.Create("readme.txt", "hello"u8.ToArray())]), 1, "Invalid", "NotABundle");

        // Insider forgeries re-signed with the organisation's key: only the internal checks catch them.
        Bundle("insider-header-altered", "An entry's actor changed, its entry hash kept, everything re-signed.",
            await ResignEntriesAsync(full, organisation, lines => Replace(lines, 5, "\"actor\":\"", "\"actor\":\"x")), 1, "Invalid", "HeaderAltered");
        Bundle("insider-entry-removed", "An entry removed from a full export and the counts fixed.",
            await BundleZip.ResignAsync(full, (n, b) => n == BundleFormat.EntriesFile ? BundleZip.Join(BundleZip.Lines(b).Where((_, i) => i != 6)) : b, signer: organisation),
            1, "Invalid", "SequenceGap");
        Bundle("insider-forged-purge", "A payload removed and a retention.purged entry whose count does not add up (FORMAT.md 9.3), declared in the manifest.",
            await ForgedPurgeAsync(organisation), 1, "Invalid", "PurgeMismatch", "PayloadMissing");
        Bundle("insider-approval-subject", "An approval entry whose subject is not its statement's subject.",
            await ApprovalSubjectAsync(organisation), 1, "Invalid", "ApprovalBindingInvalid");

        // Malformed but signed: each is a named finding and exit code 1 (docs/FORMAT.md 12.11).
        Bundle("malformed-sums-unsorted", "SHA256SUMS lines in reverse order.", await SealAsync(full, organisation, createdAt, sums: b => Reverse(b)), 1, "Invalid", "CountMismatch");
        Bundle("malformed-checkpoint-upper-hex", "Upper-case hex in the checkpoint's manifest-sha256 line.",
            await SealAsync(full, organisation, createdAt, checkpoint: b => UpperHex(b)), 1, "Invalid", "Malformed");
        Bundle("malformed-checkpoint-no-final-newline", "checkpoint.txt without its final line feed.",
            await SealAsync(full, organisation, createdAt, checkpoint: b => b[..^1]), 1, "Invalid", "Malformed");
        Bundle("malformed-checkpoint-extension-order", "The sha256sums-sha256 line before the manifest-sha256 line.",
            await SealAsync(full, organisation, createdAt, checkpoint: SwapExtensions), 1, "Invalid", "Malformed");
        Bundle("malformed-entries-empty-line", "An empty line in entries.jsonl.",
            await ResignEntriesAsync(full, organisation, lines => [.. lines.Take(3), "", .. lines.Skip(3)]), 1, "Invalid", "Malformed");
        Bundle("malformed-entries-no-final-newline", "entries.jsonl without its final line feed.",
            await BundleZip.ResignAsync(full, (n, b) => n == BundleFormat.EntriesFile ? b[..^1] : b, signer: organisation), 1, "Invalid", "Malformed");
        Bundle("malformed-inclusion-proof-in-full", "An inclusion proof on a line of a full export.",
            await ResignEntriesAsync(full, organisation, lines => Replace(lines, 2, "}", ",\"inclusionProof\":[]}")), 1, "Invalid", "Malformed");
        Bundle("malformed-purge-ranges-descending", "The manifest declares a purge with descending ranges.",
            await BundleZip.ResignAsync(full, (_, b) => b, m => BundleZip.Copy(m, purges: [.. m.Purges.Select(p => p with { Ranges = [(9, 9), (3, 3)] })]), organisation),
            1, "Invalid", "Malformed");
        Bundle("malformed-scope-unsorted", "A selective manifest whose entryTypes are not sorted.",
            await SealAsync(await chain.BundleAsync(new BundleScope(entryTypes: ["baa.executed", "control.tested"]), signer: organisation, anchors: [pki.Ca]), organisation, createdAt,
                manifest: b => Encoding.UTF8.GetBytes(Regex.Replace(Encoding.UTF8.GetString(b), "\"baa.executed\",(\\s*)\"control.tested\"", "\"control.tested\",$1\"baa.executed\""))),
            1, "Invalid", "Malformed");
        Bundle("malformed-approval-file-names", "The approval's files renamed away from approvals/<seq>.",
            await BundleZip.ResignAsync(full, (_, b) => b, m => BundleZip.Copy(m, approvals: [.. m.Approvals.Select(a => a with { StatementFile = a.SignatureFile, SignatureFile = a.StatementFile })]), organisation),
            1, "Invalid", "Malformed");
        Bundle("malformed-trust-anchors", "trust/anchors.pem emptied while manifest.trustAnchors still declares the CA.",
            await BundleZip.ResignAsync(full, (n, b) => n == BundleFormat.TrustAnchorsFile ? [] : b, signer: organisation), 1, "Invalid", "CountMismatch");
        Bundle("malformed-certificate-file", "A certificates/<sha256>.pem holding the CA's certificate instead of the one its name names.",
            await BundleZip.ResignAsync(full, (n, b) => n.StartsWith("certificates/", StringComparison.Ordinal) ? Encoding.ASCII.GetBytes(pki.Ca.ExportCertificatePem()) : b, signer: organisation),
            1, "Invalid", "Malformed");
        Bundle("malformed-checkpoint-signer-file", "manifest.checkpointSigner.file names another listed certificate file (the approver's), not certificates/<its certificateSha256>.pem.",
            await BundleZip.ResignAsync(full, (_, b) => b, m => BundleZip.Copy(m, checkpointSigner: m.CheckpointSigner with { File = m.Approvals[0].SignerCertificateFile! }), organisation),
            1, "Invalid", "CheckpointMismatch");
        Bundle("malformed-signer-certificate", "An approval's signerCertificate names the checkpoint signer's certificate file, not the file of the certificate that signed it.",
            await BundleZip.ResignAsync(full, (_, b) => b, m => BundleZip.Copy(m, approvals: [.. m.Approvals.Select(a => a with { SignerCertificateFile = m.CheckpointSigner.File })]), organisation),
            1, "Invalid", "ApprovalBindingInvalid");

        // Administration (FORMAT.md 7.1, 12.9): role grants count only when signed under the administration root the auditor pins.
        Bundle("admin-unsigned-grant", "The role grant is unsigned (an insider appended it); the auditor pins the administration root. The grant is ignored, so the approval is not authorized.",
            await AdministrationChainAsync(organisation, chain => chain.GrantAsync(pki.Officer, "Compliance Officer")), 1, "Invalid",
            ["AdministrativeEntryIgnored", "ApprovalNotAuthorized"], "--admin-root", "admin-root.pem");
        Bundle("admin-grant-signed-by-non-root-key", "The role grant is signed by the officer's own key (under the CA, not the administration root): ignored, the approval not authorized.",
            await AdministrationChainAsync(organisation, async chain =>
            {
                using var officer = new X509CertificateSigner(pki.Officer);
                await chain.GrantSignedAsync(pki.Officer, "Compliance Officer", officer);
            }), 1, "Invalid", ["AdministrativeEntryIgnored", "ApprovalNotAuthorized"], "--admin-root", "admin-root.pem");
        Bundle("admin-wrong-root", "The full export, verified with another administration root pinned (a look-alike of the organisation's): the mismatch is named and the grant does not count.",
            full, 1, "Invalid", ["AdministrationRootMismatch", "AdministrativeEntryIgnored"], "--admin-root", "other-admin-root.pem");

        Bundle("malformed-extra-signed-attribute", "checkpoint.p7s with a fourth signed attribute (a document name).",
            ExtraSignedAttribute(full, createdAt), 1, "Invalid", "CheckpointSignatureInvalid");
        // Format version 2 (FORMAT.md 12.12): what exports write now; every case above is a version 1 bundle and keeps its verdict.
        chain.FormatVersion = BundleFormatVersion.V2;
        var fullV2 = await chain.BundleAsync(signer: organisation, anchors: [pki.Ca]);
        Bundle("v2-valid-full", "A full export in format version 2 (as exports write now), the chain of valid-full.",
            fullV2, 0, "Verified", "PayloadPurged", "AdministrationRootNotPinned");
        Bundle("v2-valid-selective", "A selective export (entry type baa.executed) in format version 2.",
            await chain.BundleAsync(new BundleScope(entryTypes: ["baa.executed"]), signer: organisation, anchors: [pki.Ca]), 0, "Verified");
        Bundle("v2-insider-entry-removed", "insider-entry-removed in format version 2: the version 1 checks all apply.",
            await BundleZip.ResignAsync(fullV2, (n, b) => n == BundleFormat.EntriesFile ? BundleZip.Join(BundleZip.Lines(b).Where((_, i) => i != 6)) : b, signer: organisation),
            1, "Invalid", "SequenceGap");
        await WitnessCasesAsync(chain, organisation);
        Bundle("malformed-format-unknown", "A manifest whose format is compliancekit.bundle/v3, sealed with the organisation's key: no verifier reads a version it does not know.",
            await SealAsync(fullV2, organisation, createdAt, manifest: b => Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(b).Replace(BundleFormat.FormatIdV2, "compliancekit.bundle/v3", StringComparison.Ordinal))),
            1, "Invalid", "Malformed");

        await TimestampCasesAsync(organisation, full);
        await KeyCasesAsync(organisation);
        await RevocationCasesAsync(organisation);
        await OcspCasesAsync(organisation);

        // Ledger copies: the same verdicts from verify --db as from the bundles above.
        Ledger("ledger-valid", "The chain of valid-full, as the store keeps it.", chain.Entries, 0, "Verified", "PayloadPurged");
        Ledger("ledger-payload-altered", "One payload byte changed in the row.", [.. chain.Entries.Select(e => e.Sequence == 4 ? WithPayloadByteChanged(e) : e)], 1, "Invalid", "PayloadAltered");
        Ledger("ledger-row-past-head", "The head row covers one entry less than the rows: the last row is past the head.", chain.Entries, 1, "Invalid", ["EntryBeyondHead"], chain.Entries.Count - 1);
        Ledger("ledger-forged-purge", "The forged purge of insider-forged-purge, as rows.", ForgedPurgeChain().Entries, 1, "Invalid", "PayloadMissing");
        Ledger("ledger-approval-subject", "The approval of insider-approval-subject, as rows.", (await ApprovalSubjectChainAsync()).Entries, 1, "Invalid", "ApprovalBindingInvalid");
        return _cases;
    }

    /// <summary>Witness co-signatures carried in version 2 bundles (FORMAT.md 12.14): the published checkpoint of size 8, co-signed, then broken every documented way.</summary>
    private async Task WitnessCasesAsync(BundleTestChain chain, X509CertificateSigner organisation)
    {
        var signedAt = Start + Duration.FromMinutes(1);
        var byWitness = await BundleTestChain.SignedByAsync(chain.CheckpointAt(8), signedAt, pki.Organisation, pki.Witness);
        var witnessed = await chain.BundleAsync(signer: organisation, anchors: [pki.Ca], carried: [byWitness]);
        Bundle("v2-witness-valid", "A full export carrying the published checkpoint of size 8 with the co-signature of the pinned witness: entries 0-7 are anchored.",
            witnessed, 0, "Verified", ["PayloadPurged", "AdministrationRootNotPinned"], "--witness", "witness.pem");

        var cosignature = BundleFormat.AnchorCosignatureFile(8, CertificateFingerprint.Of(pki.Witness));
        using var witness = new X509CertificateSigner(pki.Witness);
        var overOtherBytes = await witness.SignDetachedAsync(chain.CheckpointAt(7).ToBytes(), signedAt);
        Bundle("v2-witness-forged-cosignature", "The witness's co-signature replaced by its signature over another checkpoint (size 7), re-sealed by the organisation's key: forged.",
            await BundleZip.ResignAsync(witnessed, (n, b) => n == cosignature ? overOtherBytes : b, signer: organisation), 1, "Invalid",
            ["WitnessCosignatureInvalid", "WitnessQuorumNotMet"], "--witness", "witness.pem");

        var byOther = await BundleTestChain.SignedByAsync(chain.CheckpointAt(8), signedAt, pki.Organisation, pki.OtherWitness);
        Bundle("v2-witness-not-trusted", "The checkpoint co-signed only by a witness the auditor did not pin: the co-signature counts for nothing and the quorum of one is not met.",
            await chain.BundleAsync(signer: organisation, anchors: [pki.Ca], carried: [byOther]), 1, "Invalid",
            ["WitnessNotTrusted", "WitnessQuorumNotMet"], "--witness", "witness.pem");
        Bundle("v2-witness-quorum-not-met", "Co-signed by one of the two witnesses the auditor pins and requires (the default quorum is every --witness given).",
            witnessed, 1, "Invalid", ["WitnessQuorumNotMet"], "--witness", "witness.pem", "--witness", "other-witness.pem");
        Bundle("v2-witness-in-v1-bundle", "A format version 1 bundle holding the version 2 member anchors (and its files): version 1 allows no other member.",
            await chain.BundleAsync(signer: organisation, anchors: [pki.Ca], carried: [byWitness], version: BundleFormatVersion.V1), 1, "Invalid",
            ["Malformed"], "--witness", "witness.pem");
    }

    private void Ledger(string name, string description, IReadOnlyList<LedgerEntry> entries, int exitCode, string verdict, params string[] findings) =>
        Ledger(name, description, entries, exitCode, verdict, findings, null);

    private void Ledger(string name, string description, IReadOnlyList<LedgerEntry> entries, int exitCode, string verdict, string[] findings, int? headSize)
    {
        var file = $"ledgers/{name}.sql";
        File.WriteAllText(Path.Combine(folder, file), LedgerDump.Write(entries, headSize));
        _cases.Add(new ConformanceCase(name, description, "ledger", file, [], exitCode, verdict, findings));
    }

    private static LedgerEntry WithPayloadByteChanged(LedgerEntry e)
    {
        var payload = (byte[])e.Payload!.Clone();
        payload[^2] ^= 0x01;
        return new LedgerEntry
        {
            ChainId = e.ChainId, Sequence = e.Sequence, EntryType = e.EntryType, Subject = e.Subject, Actor = e.Actor, OccurredAt = e.OccurredAt,
            RecordedAt = e.RecordedAt, Payload = payload, PayloadSalt = e.PayloadSalt, PayloadDigest = e.PayloadDigest, PreviousHash = e.PreviousHash, EntryHash = e.EntryHash,
        };
    }

    /// <summary>
    /// RFC 3161 tokens in version 2 bundles (FORMAT.md 12.13), from a TSA whose clock stands 30 seconds after the chain's start
    /// (within the five-minute tolerance of every signing time), judged with <c>--tsa-trust tsa-root.pem</c>.
    /// </summary>
    private async Task TimestampCasesAsync(X509CertificateSigner organisation, byte[] fullV1)
    {
        using var tsa = new TimestampResponder(pki.TimeStamping, new FakeClock(Start + Duration.FromSeconds(30)));
        var chain = await ChainAsync(tsa.Timestamp);
        chain.FormatVersion = BundleFormatVersion.V2;
        var stamped = await chain.BundleAsync(signer: new TimestampingTestSigner(organisation, tsa), anchors: [pki.Ca]);
        Bundle("v2-timestamp-valid", "A chain built as v2-valid-full's, with a timestamp token on the approval's signature and on checkpoint.p7s, the TSA trusted: both are judged at the token's time.",
            stamped, 0, "Verified", ["PayloadPurged", "AdministrationRootNotPinned"], "--tsa-trust", "tsa-root.pem");
        Bundle("v2-timestamp-tsa-not-trusted", "v2-timestamp-valid verified with the organisation's CA given as the TSA root: it does not vouch for time, so the tokens are rejected.",
            stamped, 1, "Invalid", ["SignerNotTrusted"], "--tsa-trust", "ca.pem");
        var plain = await chain.BundleAsync(signer: organisation, anchors: [pki.Ca]);
        var approvalToken = SignatureTimestamps.Find(BundleZip.Members(plain).Single(m => m.Key.EndsWith(".p7s", StringComparison.Ordinal) && m.Key.StartsWith("approvals/", StringComparison.Ordinal)).Value)!;
        Bundle("v2-timestamp-other-signature", "checkpoint.p7s carrying the approval signature's token: a genuine token, over another signature's value (its message imprint does not match).",
            BundleZip.Rewrite(plain, (n, b) => n == BundleFormat.CheckpointSignatureFile ? SignatureTimestamps.Attach(b, approvalToken) : b),
            1, "Invalid", ["SignerNotTrusted"], "--tsa-trust", "tsa-root.pem");
        Bundle("v2-timestamp-in-v1-bundle", "A version 1 bundle (valid-full) whose checkpoint.p7s carries a valid token: version 1 allows no unsigned attribute, so the shape is refused as before.",
            BundleZip.Rewrite(fullV1, (n, b) => n == BundleFormat.CheckpointSignatureFile ? tsa.Timestamp(b) : b),
            1, "Invalid", ["CheckpointSignatureInvalid"], "--tsa-trust", "tsa-root.pem");
    }

    /// <summary>
    /// The chain of checkpoint keys in version 2 bundles (FORMAT.md 12.16): the organisation's key rotated to its successor, which signs
    /// the bundle; the auditor pins the original key (<c>--checkpoint-key organisation.pem</c>) and follows the rotation to the signer.
    /// </summary>
    private async Task KeyCasesAsync(X509CertificateSigner organisation)
    {
        using var successor = new X509CertificateSigner(pki.SuccessorOrganisation);
        using var administrator = new X509CertificateSigner(pki.Administrator);
        async Task<BundleTestChain> RotatedAsync(Func<byte[], byte[]>? changeRotation = null)
        {
            var chain = await ChainAsync();
            chain.FormatVersion = BundleFormatVersion.V2;
            await chain.RotateCheckpointKeyAsync(organisation, successor, changeRotation);
            chain.AppendFacts(2);
            return chain;
        }

        var rotated = await RotatedAsync();
        Bundle("v2-key-rotated", "The organisation's key rotated (an entry signed by the old key and the new one) and the bundle signed by the new key: the auditor who pinned the original key follows the chain to it.",
            await rotated.BundleAsync(signer: successor, anchors: [pki.Ca]), 0, "Verified", ["PayloadPurged", "AdministrationRootNotPinned"], "--checkpoint-key", "organisation.pem");
        Bundle("v2-key-rotated-old-key-signs", "The same chain signed by the original key after its rotation: that key was rotated away before the checkpoint's time.",
            await rotated.BundleAsync(signer: organisation, anchors: [pki.Ca]), 1, "Invalid", ["CheckpointKeyRefused"], "--checkpoint-key", "organisation.pem");

        var compromised = await RotatedAsync();
        await compromised.CompromiseCheckpointKeyAsync(pki.SuccessorOrganisation, compromised.Now - Duration.FromSeconds(1), administrator);
        compromised.AppendFacts(1);
        Bundle("v2-key-compromised", "The new key recorded compromised (an administrator-signed entry) before the bundle it signs, which has no timestamp: refused whatever time it claims.",
            await compromised.BundleAsync(signer: successor, anchors: [pki.Ca]), 1, "Invalid", ["CheckpointKeyRefused"], "--checkpoint-key", "organisation.pem");

        var broken = await RotatedAsync(payload => BreakNewKeySignature(payload));
        Bundle("v2-key-rotation-broken-signature", "The rotation's newKeySignature altered (one byte of the signature value): the rotation counts for nothing, so the new key that signs is not reached from the pinned one.",
            await broken.BundleAsync(signer: successor, anchors: [pki.Ca]), 1, "Invalid", ["CheckpointKeyRotationIgnored", "CheckpointKeyRefused"], "--checkpoint-key", "organisation.pem");
    }

    /// <summary>Flips the last byte of the rotation's newKeySignature (inside the signature value): the CMS still parses, but does not verify.</summary>
    private static byte[] BreakNewKeySignature(byte[] payload)
    {
        var rotation = ComplianceKit.CheckpointKeys.CheckpointKeyRotation.Parse(payload);
        var signature = rotation.NewKeySignature;
        signature[^1] ^= 0x01;
        return ComplianceKit.CheckpointKeys.CheckpointKeyRotation.Compose(rotation.SignedContent, rotation.PreviousKeySignature, signature);
    }

    /// <summary>
    /// CRLs carried in version 2 bundles (FORMAT.md 12.15), all from ca.pem's CA, issued a day before the chain's start and valid thirty
    /// days: the approver good, revoked an hour before the chain's start, revoked thirty days after it; a CRL with a broken signature; a stale CRL.
    /// </summary>
    private async Task RevocationCasesAsync(X509CertificateSigner organisation)
    {
        var ca = pki.CaAuthority;
        ca.Revoke(pki.RevokedOfficer, Start - Duration.FromHours(1));
        ca.Revoke(pki.LaterRevokedOfficer, Start + Duration.FromDays(30));
        var crl = ca.CreateCrl(Start - Duration.FromDays(1), Duration.FromDays(30));
        var stale = ca.CreateCrl(Start - Duration.FromDays(90), Duration.FromDays(30));
        var broken = (byte[])crl.Clone();
        broken[^1] ^= 0x01;

        async Task<byte[]> ExportAsync(X509Certificate2 approver, byte[]? carried)
        {
            var chain = await ChainAsync(approver: approver);
            chain.FormatVersion = BundleFormatVersion.V2;
            return await chain.BundleAsync(signer: organisation, anchors: [pki.Ca], revocation: carried is null ? null : new ListedRevocationData([carried], []));
        }

        Bundle("v2-revocation-good", "A version 2 export carrying the CA's CRL current at every signature's time: neither the approver nor the checkpoint signer is listed.",
            await ExportAsync(pki.Officer, crl), 0, "Verified", "PayloadPurged", "AdministrationRootNotPinned");
        Bundle("v2-revocation-revoked-before", "The approval is signed by a certificate the carried CRL lists as revoked an hour before the chain's start: revoked when it signed.",
            await ExportAsync(pki.RevokedOfficer, crl), 1, "Invalid", "SignerRevoked");
        Bundle("v2-revocation-revoked-after", "The approver's certificate is listed as revoked thirty days after it signed: the signature stands, with a note.",
            await ExportAsync(pki.LaterRevokedOfficer, crl), 0, "Verified", "RevokedAfterTrustedTime", "PayloadPurged", "AdministrationRootNotPinned");
        Bundle("v2-revocation-crl-signature-broken", "The carried CRL's signature has one bit changed (its file named by the changed bytes' SHA-256): it does not verify with the CA's key.",
            await ExportAsync(pki.Officer, broken), 1, "Invalid", "RevocationDataInvalid");
        var name = BundleFormat.RevocationListFile(Convert.ToHexStringLower(SHA256.HashData(stale)));
        Bundle("v2-revocation-stale-crl", "The only CRL carried expired (nextUpdate) two months before any signature: not current at any trusted time.",
            await BundleZip.ResignAsync(await ExportAsync(pki.Officer, null), (_, b) => b, m => BundleZip.Copy(m, revocation: [name]), organisation,
                new Dictionary<string, byte[]> { [name] = stale }),
            1, "Invalid", "RevocationDataInvalid");
    }

    /// <summary>
    /// OCSP responses carried in version 2 bundles (FORMAT.md 12.15), made by a real <c>openssl ocsp</c> responder for ca.pem's CA. OpenSSL
    /// stamps thisUpdate with the wall clock, so these chains start a minute after the responses: the officer good (a SHA-256 CertID) and
    /// the checkpoint signer good (SHA-1); the revoked officer revoked an hour before the chain's usual start; and the good responses
    /// signed by a look-alike responder of the rogue CA.
    /// </summary>
    private async Task OcspCasesAsync(X509CertificateSigner organisation)
    {
        async Task<byte[]> ExportAsync(X509Certificate2 responderCertificate, X509Certificate2 approver)
        {
            using var responder = new OpenSslOcspResponder(pki.Ca, responderCertificate);
            responder.Add(pki.Organisation);
            responder.Add(pki.Officer);
            responder.Add(pki.RevokedOfficer, Start - Duration.FromHours(1));
            byte[][] responses = [responder.Respond(approver, sha256CertId: true), responder.Respond(pki.Organisation)];
            var after = responses.Max(r => ParsedOcspResponse.Parse(r).Responses[0].ThisUpdate) + Duration.FromMinutes(1);
            var chain = await ChainAsync(approver: approver, start: after);
            chain.FormatVersion = BundleFormatVersion.V2;
            return await chain.BundleAsync(signer: organisation, anchors: [pki.Ca], revocation: new ListedRevocationData([], responses));
        }

        Bundle("v2-revocation-ocsp-good", "A version 2 export carrying the CA's OCSP responses (revocation/<sha256>.ocsp) for the approver and the checkpoint signer, both good and current at their signatures' times.",
            await ExportAsync(pki.OcspResponder, pki.Officer), 0, "Verified", "PayloadPurged", "AdministrationRootNotPinned");
        Bundle("v2-revocation-ocsp-revoked", "The carried OCSP response for the approver says revoked at a time before it signed: revoked when it signed.",
            await ExportAsync(pki.OcspResponder, pki.RevokedOfficer), 1, "Invalid", "SignerRevoked");
        Bundle("v2-revocation-ocsp-forged-responder", "The carried OCSP responses say good, but are signed by a responder of another CA (same name, OCSP signing usage): they speak for nobody.",
            await ExportAsync(pki.RogueOcspResponder, pki.Officer), 1, "Invalid", "RevocationDataInvalid");
    }

    private async Task<BundleTestChain> ChainAsync(Func<byte[], byte[]>? stampApprovals = null, X509Certificate2? approver = null, Instant? start = null)
    {
        var chain = new BundleTestChain(start ?? Start) { AdministrationRoots = [pki.AdministrationRoot], FormatVersion = BundleFormatVersion.V1, StampApprovals = stampApprovals };
        using var administrator = new X509CertificateSigner(pki.Administrator);
        await chain.GrantSignedAsync(approver ?? pki.Officer, "Compliance Officer", administrator);
        chain.AppendFacts(8);
        await chain.ApproveAsync(approver ?? pki.Officer, "Compliance Officer");
        chain.AppendFacts(2);
        chain.Purge("access-6y", 3);
        return chain;
    }

    private static BundleTestChain ForgedPurgeChain()
    {
        var chain = new BundleTestChain(Start) { FormatVersion = BundleFormatVersion.V1 };
        chain.AppendFacts(6);
        chain.PurgeWith("""{"asOf":"2026-01-01T00:00:00.000000Z","count":5,"policy":"p","policyEntry":0,"ranges":[[3,3]]}""", 3);
        return chain;
    }

    /// <summary>A chain whose role grant is written by <paramref name="grant"/>, then an approval relying on it, exported declaring the administration root.</summary>
    private async Task<byte[]> AdministrationChainAsync(X509CertificateSigner organisation, Func<BundleTestChain, Task> grant)
    {
        var chain = new BundleTestChain(Start) { AdministrationRoots = [pki.AdministrationRoot], FormatVersion = BundleFormatVersion.V1 };
        await grant(chain);
        chain.AppendFacts(3);
        await chain.ApproveAsync(pki.Officer, "Compliance Officer");
        return await chain.BundleAsync(signer: organisation, anchors: [pki.Ca]);
    }

    private async Task<BundleTestChain> ApprovalSubjectChainAsync()
    {
        var chain = new BundleTestChain(Start) { AdministrationRoots = [pki.AdministrationRoot], FormatVersion = BundleFormatVersion.V1 };
        using var administrator = new X509CertificateSigner(pki.Administrator);
        await chain.GrantSignedAsync(pki.Officer, "Compliance Officer", administrator);
        chain.AppendFacts(3);
        await chain.ApproveAsync(pki.Officer, "Compliance Officer", entrySubject: "release:9.9.9-other");
        return chain;
    }

    private async Task<byte[]> ForgedPurgeAsync(X509CertificateSigner organisation)
    {
        var chain = ForgedPurgeChain();
        return await BundleZip.ResignAsync(await chain.BundleAsync(signer: organisation, anchors: [pki.Ca]), (_, b) => b,
            m => BundleZip.Copy(m, purges: [new ManifestPurge(chain.Entries[^1].Sequence, "p", [(3, 3)])]), organisation);
    }

    private async Task<byte[]> ApprovalSubjectAsync(X509CertificateSigner organisation) =>
        await (await ApprovalSubjectChainAsync()).BundleAsync(signer: organisation, anchors: [pki.Ca]);

    private void Bundle(string name, string description, byte[] bytes, int exitCode, string verdict, params string[] findings) =>
        Bundle(name, description, bytes, exitCode, verdict, findings, []);

    private void Bundle(string name, string description, byte[] bytes, int exitCode, string verdict, string[] findings, params string[] arguments)
    {
        var file = $"bundles/{name}.zip";
        File.WriteAllBytes(Path.Combine(folder, file), bytes);
        _cases.Add(new ConformanceCase(name, description, "bundle", file, arguments, exitCode, verdict, findings));
    }

    private static byte[] With(byte[] bundle, string name, byte[] content) =>
        BundleZip.Write(BundleZip.Members(bundle).Append(KeyValuePair.Create(name, content)));

    private static byte[] TamperPayload(byte[] bundle, int line) => BundleZip.Rewrite(bundle, (n, b) =>
        n == BundleFormat.EntriesFile ? BundleZip.Join(BundleZip.Lines(b).Select((l, i) => i == line ? FlipPayload(l) : l)) : b);

    private static string FlipPayload(string line)
    {
        var at = line.IndexOf("\"payload\":\"", StringComparison.Ordinal) + 11;
        return line[..at] + (line[at] == 'A' ? 'B' : 'A') + line[(at + 1)..];
    }

    /// <summary>Changes one payload character of the stored entries.jsonl in the archive's bytes, as damage in transit would.</summary>
    private static byte[] FlipStoredByte(byte[] bundle)
    {
        var bytes = (byte[])bundle.Clone();
        var at = bytes.AsSpan().IndexOf("\"payload\":\""u8) + 11;
        bytes[at] = bytes[at] == (byte)'A' ? (byte)'B' : (byte)'A';
        return bytes;
    }

    private static List<string> Replace(List<string> lines, int line, string find, string replace) =>
        [.. lines.Select((l, i) => i == line ? ReplaceFirst(l, find, replace) : l)];

    private static string ReplaceFirst(string text, string find, string replace)
    {
        var at = text.IndexOf(find, StringComparison.Ordinal);
        return text[..at] + replace + text[(at + find.Length)..];
    }

    private static Task<byte[]> ResignEntriesAsync(byte[] bundle, X509CertificateSigner signer, Func<List<string>, List<string>> change) =>
        BundleZip.ResignAsync(bundle, (n, b) => n == BundleFormat.EntriesFile ? BundleZip.Join(change(BundleZip.Lines(b))) : b, signer: signer);

    /// <summary>Recomputes SHA256SUMS and the checkpoint over a (possibly edited) manifest and signs: an insider's seal on malformed bytes.</summary>
    private static async Task<byte[]> SealAsync(byte[] bundle, X509CertificateSigner signer, Instant createdAt, Func<byte[], byte[]>? manifest = null,
        Func<byte[], byte[]>? sums = null, Func<byte[], byte[]>? checkpoint = null)
    {
        var members = BundleZip.Members(bundle);
        var original = BundleManifest.Parse(members[BundleFormat.ManifestFile]);
        var manifestBytes = (manifest ?? (b => b))(members[BundleFormat.ManifestFile]);
        var sumsBytes = (sums ?? (b => b))(SumsFile.Write([new ManifestFile(BundleFormat.ManifestFile, manifestBytes.Length, Hex.Format(SHA256.HashData(manifestBytes))), .. original.Files]));
        var checkpointBytes = (checkpoint ?? (b => b))(new Checkpoint(original.Origin, original.TreeSize, original.TreeRoot,
            [$"{BundleFormat.ManifestDigestExtension} {Hex.Format(SHA256.HashData(manifestBytes))}", $"{BundleFormat.SumsDigestExtension} {Hex.Format(SHA256.HashData(sumsBytes))}"]).ToBytes());
        members[BundleFormat.ManifestFile] = manifestBytes;
        members[BundleFormat.SumsFile] = sumsBytes;
        members[BundleFormat.CheckpointFile] = checkpointBytes;
        members[BundleFormat.CheckpointSignatureFile] = await signer.SignDetachedAsync(checkpointBytes, createdAt);
        return BundleZip.Write(members);
    }

    private static byte[] Reverse(byte[] sums) => BundleZip.Join(BundleZip.Lines(sums).AsEnumerable().Reverse());

    private static byte[] UpperHex(byte[] checkpoint)
    {
        var lines = Encoding.UTF8.GetString(checkpoint).Split('\n');
        lines[3] = lines[3][..16] + lines[3][16..].ToUpperInvariant();
        return Encoding.UTF8.GetBytes(string.Join('\n', lines));
    }

    private static byte[] SmallerTree(byte[] checkpoint)
    {
        var lines = Encoding.UTF8.GetString(checkpoint).Split('\n');
        lines[1] = (long.Parse(lines[1], System.Globalization.CultureInfo.InvariantCulture) - 1).ToString(System.Globalization.CultureInfo.InvariantCulture);
        return Encoding.UTF8.GetBytes(string.Join('\n', lines));
    }

    private static byte[] SwapExtensions(byte[] checkpoint)
    {
        var lines = Encoding.UTF8.GetString(checkpoint).Split('\n');
        (lines[3], lines[4]) = (lines[4], lines[3]);
        return Encoding.UTF8.GetBytes(string.Join('\n', lines));
    }

    /// <summary>A checkpoint signature by the organisation's key with a document-name attribute beside the three required ones.</summary>
    private byte[] ExtraSignedAttribute(byte[] bundle, Instant createdAt)
    {
        var members = BundleZip.Members(bundle);
        var cms = new SignedCms(new ContentInfo(members[BundleFormat.CheckpointFile]), detached: true);
        var signer = new CmsSigner(SubjectIdentifierType.IssuerAndSerialNumber, pki.Organisation) { DigestAlgorithm = new Oid("2.16.840.1.101.3.4.2.1"), IncludeOption = System.Security.Cryptography.X509Certificates.X509IncludeOption.EndCertOnly };
        signer.SignedAttributes.Add(new Pkcs9SigningTime(createdAt.ToDateTimeUtc()));
        signer.SignedAttributes.Add(new Pkcs9DocumentName("checkpoint"));
        cms.ComputeSignature(signer);
        members[BundleFormat.CheckpointSignatureFile] = cms.Encode();
        return BundleZip.Write(members);
    }
}
