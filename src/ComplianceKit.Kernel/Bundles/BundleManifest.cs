using ComplianceKit.Canonicalization;
using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;
using ComplianceKit.Hashing;
using ComplianceKit.Ledger;
using NodaTime;

namespace ComplianceKit.Bundles;

/// <summary>
/// What a bundle holds and the digest of every file in it (<c>manifest.json</c>, docs/FORMAT.md "Manifest").
/// The signed checkpoint names the manifest's SHA-256, so once that matches, everything here is the
/// organisation's signed statement; the verifier then checks every claim against the files.
/// </summary>
public sealed class BundleManifest
{
    /// <summary>
    /// The format version the manifest is written in and read by (its <c>format</c> member). New manifests are
    /// <see cref="BundleFormat.CurrentVersion"/>; a parsed manifest has the version it names.
    /// </summary>
    public BundleFormatVersion Version { get; init; } = BundleFormat.CurrentVersion;

    /// <summary>The organisation whose ledger this is.</summary>
    public required string Organization { get; init; }

    /// <summary>The chain exported.</summary>
    public required string ChainId { get; init; }

    /// <summary>When the bundle was made (whole seconds; the checkpoint signature's signing time).</summary>
    public required Instant CreatedAt { get; init; }

    /// <summary>The checkpoint's origin line.</summary>
    public required string Origin { get; init; }

    /// <summary>The checkpoint's tree size: how many entries the chain held when the bundle was made.</summary>
    public required long TreeSize { get; init; }

    /// <summary>The checkpoint's 32-byte root.</summary>
    public required byte[] TreeRoot { get; init; }

    /// <summary>Which entries the bundle holds.</summary>
    public required BundleScope Scope { get; init; }

    /// <summary>How many lines <c>entries.jsonl</c> holds.</summary>
    public required long EntryCount { get; init; }

    /// <summary>How many of them have no payload (purged).</summary>
    public required long PayloadsAbsent { get; init; }

    /// <summary>How many entries of each type, sorted by type.</summary>
    public required IReadOnlyDictionary<string, long> EntryCountsByType { get; init; }

    /// <summary>The retention purges whose entries are in the bundle.</summary>
    public required IReadOnlyList<ManifestPurge> Purges { get; init; }

    /// <summary>The approvals whose entries are in the bundle, in sequence order.</summary>
    public required IReadOnlyList<ManifestApproval> Approvals { get; init; }

    /// <summary>The earlier checkpoint the bundle proves it extends, if it was exported with one.</summary>
    public ManifestPreviousCheckpoint? PreviousCheckpoint { get; init; }

    /// <summary>The certificate that signs the checkpoint.</summary>
    public required ManifestCertificate CheckpointSigner { get; init; }

    /// <summary>The trust anchors the organisation declares (informative: the verifier trusts only the officer's own).</summary>
    public required IReadOnlyList<ManifestCertificate> TrustAnchors { get; init; }

    /// <summary>
    /// The administration roots the organisation declares (all in <see cref="BundleFormat.AdministrationRootsFile"/>), distinct;
    /// empty when the ledger had no pinned root, or in a bundle made before they were declared (the member is then absent).
    /// </summary>
    public IReadOnlyList<ManifestCertificate> AdministrationRoots { get; init; } = [];

    /// <summary>
    /// The published checkpoints the bundle carries with their witness co-signatures (version 2, docs/FORMAT.md 12.14), ascending by
    /// tree size; empty when it carries none (the member is then absent).
    /// </summary>
    public IReadOnlyList<ManifestAnchor> Anchors { get; init; } = [];

    /// <summary>
    /// The revocation data the bundle carries (version 2, docs/FORMAT.md 12.15): its <c>revocation/&lt;sha256&gt;.crl</c> member names, sorted
    /// (ordinal) and distinct; empty (and the member absent) when it carries none, and then revocation is not checked.
    /// </summary>
    public IReadOnlyList<string> Revocation { get; init; } = [];

    /// <summary>Every member of the bundle except the manifest, <c>SHA256SUMS</c> and the checkpoint files, sorted by name.</summary>
    public required IReadOnlyList<ManifestFile> Files { get; init; }

    /// <summary>Writes the manifest as indented UTF-8 JSON.</summary>
    internal byte[] ToBytes()
    {
        var buffer = new ArrayBufferWriter<byte>(4096);
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            w.WriteStartObject();
            w.WriteString("format", BundleFormat.FormatIdOf(Version));
            w.WriteString("organization", Organization);
            w.WriteString("chainId", ChainId);
            w.WriteString("createdAt", BundleInstant.Format(CreatedAt));
            w.WriteStartObject("checkpoint");
            w.WriteString("origin", Origin);
            w.WriteNumber("treeSize", TreeSize);
            w.WriteString("treeRoot", Hex.Format(TreeRoot));
            w.WriteEndObject();

            w.WriteStartObject("scope");
            w.WriteString("kind", Scope.IsFull ? "full" : "selective");
            WriteInstant(w, "from", Scope.From);
            WriteInstant(w, "to", Scope.To);
            WriteStrings(w, "entryTypes", Scope.EntryTypes);
            WriteStrings(w, "subjects", Scope.Subjects);
            w.WriteEndObject();

            w.WriteStartObject("entries");
            w.WriteString("file", BundleFormat.EntriesFile);
            w.WriteNumber("count", EntryCount);
            w.WriteNumber("payloadsAbsent", PayloadsAbsent);
            w.WriteStartObject("byType");
            foreach (var (type, count) in EntryCountsByType.OrderBy(p => p.Key, StringComparer.Ordinal))
            {
                w.WriteNumber(type, count);
            }

            w.WriteEndObject();
            w.WriteEndObject();

            w.WriteStartArray("purges");
            foreach (var purge in Purges)
            {
                w.WriteStartObject();
                w.WriteNumber("sequence", purge.Sequence);
                w.WriteString("policy", purge.Policy);
                w.WriteStartArray("ranges");
                foreach (var (first, last) in purge.Ranges)
                {
                    w.WriteStartArray();
                    w.WriteNumberValue(first);
                    w.WriteNumberValue(last);
                    w.WriteEndArray();
                }

                w.WriteEndArray();
                w.WriteEndObject();
            }

            w.WriteEndArray();

            w.WriteStartArray("approvals");
            foreach (var approval in Approvals)
            {
                w.WriteStartObject();
                w.WriteNumber("sequence", approval.Sequence);
                w.WriteString("statement", approval.StatementFile);
                w.WriteString("signature", approval.SignatureFile);
                w.WriteString("signerCertificate", approval.SignerCertificateFile);
                WriteHashes(w, "ledgerHeadProof", approval.LedgerHeadProof);
                w.WriteEndObject();
            }

            w.WriteEndArray();

            if (PreviousCheckpoint is { } previous)
            {
                w.WriteStartObject("previousCheckpoint");
                w.WriteString("origin", previous.Origin);
                w.WriteNumber("treeSize", previous.TreeSize);
                w.WriteString("treeRoot", Hex.Format(previous.Root));
                WriteHashes(w, "consistencyProof", previous.ConsistencyProof);
                w.WriteEndObject();
            }
            else
            {
                w.WriteNull("previousCheckpoint");
            }

            w.WritePropertyName("checkpointSigner");
            WriteCertificate(w, CheckpointSigner);
            w.WriteStartArray("trustAnchors");
            foreach (var anchor in TrustAnchors)
            {
                WriteCertificate(w, anchor);
            }

            w.WriteEndArray();
            w.WriteStartArray("administrationRoots");
            foreach (var root in AdministrationRoots)
            {
                WriteCertificate(w, root);
            }

            w.WriteEndArray();
            WriteAnchors(w, Anchors);
            if (Revocation.Count > 0)
            {
                WriteStrings(w, "revocation", Revocation);
            }

            w.WriteStartArray("files");
            foreach (var file in Files)
            {
                w.WriteStartObject();
                w.WriteString("name", file.Name);
                w.WriteNumber("size", file.Size);
                w.WriteString("sha256", file.Sha256);
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }

        buffer.Write("\n"u8);
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>Parses manifest bytes strictly: every documented member, of its documented type, and nothing else.</summary>
    /// <exception cref="FormatException">The manifest is malformed; the message names the JSON path.</exception>
    internal static BundleManifest Parse(ReadOnlyMemory<byte> utf8)
    {
        using var document = StrictJson.Parse(utf8, BundleFormat.ManifestFile);
        var version = ReadVersion(document.RootElement);
        var root = new StrictJson(document.RootElement, "manifest", ManifestMembers.AllowedIn(version));

        var checkpoint = root.Object("checkpoint", "origin", "treeSize", "treeRoot");
        var scope = root.Object("scope", "kind", "from", "to", "entryTypes", "subjects");
        var kind = scope.String("kind");
        var entryTypes = SortedDistinct(scope.Array("entryTypes").Select(i => StrictJson.StringOf(i.Element, i.Path)).ToList(), "manifest.scope.entryTypes");
        var subjects = SortedDistinct(scope.Array("subjects").Select(i => StrictJson.StringOf(i.Element, i.Path)).ToList(), "manifest.scope.subjects");
        var parsedScope = new BundleScope(Instant(scope, "from"), Instant(scope, "to"), entryTypes, subjects);
        if (kind != (parsedScope.IsFull ? "full" : "selective"))
        {
            throw new FormatException($"manifest.scope.kind is '{StrictJson.Shorten(kind)}', which does not match its filters.");
        }

        var entries = root.Object("entries", "file", "count", "payloadsAbsent", "byType");
        if (entries.String("file") != BundleFormat.EntriesFile)
        {
            throw new FormatException($"manifest.entries.file must be '{BundleFormat.EntriesFile}'.");
        }

        var byType = new SortedDictionary<string, long>(StringComparer.Ordinal);
        var typeObject = entries.Member("byType");
        if (typeObject.ValueKind != JsonValueKind.Object)
        {
            throw new FormatException("manifest.entries.byType is not an object.");
        }

        foreach (var property in typeObject.EnumerateObject())
        {
            byType[property.Name] = StrictJson.IntegerOf(property.Value, $"manifest.entries.byType.{StrictJson.Shorten(property.Name)}");
        }

        var previous = root.NullableObject("previousCheckpoint", "origin", "treeSize", "treeRoot", "consistencyProof");
        return new BundleManifest
        {
            Version = version,
            Organization = root.String("organization"),
            ChainId = ValidChainId(root.String("chainId")),
            CreatedAt = ParseInstant(root.String("createdAt"), "manifest.createdAt"),
            Origin = checkpoint.String("origin"),
            TreeSize = checkpoint.Integer("treeSize"),
            TreeRoot = HexHash(checkpoint.String("treeRoot"), "manifest.checkpoint.treeRoot"),
            Scope = parsedScope,
            EntryCount = entries.Integer("count"),
            PayloadsAbsent = entries.Integer("payloadsAbsent"),
            EntryCountsByType = byType,
            Purges = root.Array("purges").Select(i => ReadPurge(i.Element, i.Path)).ToList(),
            Approvals = root.Array("approvals").Select(i => ReadApproval(i.Element, i.Path)).ToList(),
            PreviousCheckpoint = previous is { } p
                ? new ManifestPreviousCheckpoint(p.String("origin"), p.Integer("treeSize"), HexHash(p.String("treeRoot"), $"{p.Path}.treeRoot"), p.Hashes("consistencyProof"))
                : null,
            CheckpointSigner = ReadCertificate(root.Member("checkpointSigner"), "manifest.checkpointSigner"),
            TrustAnchors = root.Array("trustAnchors").Select(i => ReadCertificate(i.Element, i.Path)).ToList(),
            // Optional: bundles made before administration roots were declared do not have the member.
            AdministrationRoots = document.RootElement.TryGetProperty("administrationRoots", out _)
                ? root.Array("administrationRoots").Select(i => ReadCertificate(i.Element, i.Path)).ToList()
                : [],
            // Optional (version 2 only, which AllowedIn enforces): bundles without carried checkpoints lack the member.
            Anchors = document.RootElement.TryGetProperty("anchors", out _) ? root.Array("anchors").Select(i => ReadAnchor(i.Element, i.Path)).ToList() : [],
            // Optional (version 2 only): bundles without revocation data lack the member.
            Revocation = document.RootElement.TryGetProperty("revocation", out _) ? root.Array("revocation").Select(i => StrictJson.StringOf(i.Element, i.Path)).ToList() : [],
            Files = root.Array("files").Select(i => ReadFile(i.Element, i.Path)).ToList(),
        };
    }

    /// <summary>The version the <c>format</c> member names, read first because it decides which other members may appear.</summary>
    private static BundleFormatVersion ReadVersion(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw new FormatException("manifest is not an object.");
        }

        if (!root.TryGetProperty("format", out var format) || format.ValueKind != JsonValueKind.String)
        {
            throw new FormatException("manifest.format is missing or not a string.");
        }

        var text = format.GetString();
        return BundleFormat.TryParseFormatId(text, out var version)
            ? version
            : throw new FormatException(
                $"manifest.format is '{StrictJson.Shorten(text ?? "")}'; this verifier reads '{BundleFormat.FormatIdV1}' and '{BundleFormat.FormatIdV2}'.");
    }

    private static ManifestPurge ReadPurge(JsonElement element, string path)
    {
        var purge = new StrictJson(element, path, "sequence", "policy", "ranges");
        var ranges = new List<(long, long)>();
        foreach (var (range, rangePath) in purge.Array("ranges"))
        {
            if (range.ValueKind != JsonValueKind.Array || range.GetArrayLength() != 2)
            {
                throw new FormatException($"{rangePath} is not [first, last].");
            }

            var first = StrictJson.IntegerOf(range[0], rangePath + "[0]");
            var last = StrictJson.IntegerOf(range[1], rangePath + "[1]");
            if (last < first || (ranges.Count > 0 && first <= ranges[^1].Item2))
            {
                throw new FormatException($"{rangePath} is not ascending and disjoint from the range before it.");
            }

            ranges.Add((first, last));
        }

        return new ManifestPurge(purge.Integer("sequence"), purge.String("policy"), ranges);
    }

    private static ManifestApproval ReadApproval(JsonElement element, string path)
    {
        var approval = new StrictJson(element, path, "sequence", "statement", "signature", "signerCertificate", "ledgerHeadProof");
        return new ManifestApproval(approval.Integer("sequence"), approval.String("statement"), approval.String("signature"),
            approval.NullableString("signerCertificate"), approval.NullableHashes("ledgerHeadProof"));
    }

    private static ManifestCertificate ReadCertificate(JsonElement element, string path)
    {
        var certificate = new StrictJson(element, path, "certificateSha256", "subject", "file");
        return new ManifestCertificate(StrictJson.HexDigestOf(certificate.String("certificateSha256"), $"{path}.certificateSha256"),
            certificate.String("subject"), certificate.String("file"));
    }

    private static ManifestAnchor ReadAnchor(JsonElement element, string path)
    {
        var anchor = new StrictJson(element, path, "treeSize", "checkpoint", "signature", "cosignatures", "consistencyProof");
        return new ManifestAnchor(anchor.Integer("treeSize"), anchor.String("checkpoint"), anchor.String("signature"),
            anchor.Array("cosignatures").Select(i => StrictJson.StringOf(i.Element, i.Path)).ToList(), anchor.Hashes("consistencyProof"));
    }

    private static void WriteAnchors(Utf8JsonWriter w, IReadOnlyList<ManifestAnchor> anchors)
    {
        if (anchors.Count == 0)
        {
            return;
        }

        w.WriteStartArray("anchors");
        foreach (var anchor in anchors)
        {
            w.WriteStartObject();
            w.WriteNumber("treeSize", anchor.TreeSize);
            w.WriteString("checkpoint", anchor.CheckpointFile);
            w.WriteString("signature", anchor.SignatureFile);
            WriteStrings(w, "cosignatures", anchor.CosignatureFiles);
            WriteHashes(w, "consistencyProof", anchor.ConsistencyProof);
            w.WriteEndObject();
        }

        w.WriteEndArray();
    }

    private static ManifestFile ReadFile(JsonElement element, string path)
    {
        var file = new StrictJson(element, path, "name", "size", "sha256");
        return new ManifestFile(file.String("name"), file.Integer("size"), StrictJson.HexDigestOf(file.String("sha256"), $"{path}.sha256"));
    }

    private static Instant? Instant(StrictJson json, string name) =>
        json.NullableString(name) is { } text ? ParseInstant(text, $"{json.Path}.{name}") : null;

    private static Instant ParseInstant(string text, string path)
    {
        try
        {
            return BundleInstant.Parse(text);
        }
        catch (FormatException ex)
        {
            throw new FormatException($"{path}: {ex.Message}", ex);
        }
    }

    private static byte[] HexHash(string text, string path) => Hex.Parse(StrictJson.HexDigestOf(text, path));

    private static string ValidChainId(string chainId)
    {
        try
        {
            LedgerLimits.ValidateChainId(chainId);
            return chainId;
        }
        catch (LedgerValidationException ex)
        {
            throw new FormatException($"manifest.chainId: {ex.Message}", ex);
        }
    }

    private static void WriteInstant(Utf8JsonWriter w, string name, Instant? instant)
    {
        if (instant is { } value)
        {
            w.WriteString(name, BundleInstant.Format(value));
        }
        else
        {
            w.WriteNull(name);
        }
    }

    private static void WriteStrings(Utf8JsonWriter w, string name, IEnumerable<string> values)
    {
        w.WriteStartArray(name);
        foreach (var value in values)
        {
            w.WriteStringValue(value);
        }

        w.WriteEndArray();
    }

    private static void WriteHashes(Utf8JsonWriter w, string name, IReadOnlyList<byte[]>? hashes)
    {
        if (hashes is null)
        {
            w.WriteNull(name);
            return;
        }

        w.WriteStartArray(name);
        foreach (var hash in hashes)
        {
            w.WriteBase64StringValue(hash);
        }

        w.WriteEndArray();
    }

    private static void WriteCertificate(Utf8JsonWriter w, ManifestCertificate certificate)
    {
        w.WriteStartObject();
        w.WriteString("certificateSha256", certificate.CertificateSha256);
        w.WriteString("subject", certificate.Subject);
        w.WriteString("file", certificate.File);
        w.WriteEndObject();
    }

    /// <summary>A scope list must be sorted by ordinal and distinct, so one scope has one manifest.</summary>
    private static List<string> SortedDistinct(List<string> values, string path)
    {
        for (var i = 1; i < values.Count; i++)
        {
            if (string.CompareOrdinal(values[i - 1], values[i]) >= 0)
            {
                throw new FormatException($"{path} is not sorted by ordinal and distinct.");
            }
        }

        return values;
    }
}
