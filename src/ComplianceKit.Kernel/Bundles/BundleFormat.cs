using System.Globalization;

namespace ComplianceKit.Bundles;

/// <summary>
/// The names and identifiers of the evidence bundle format (docs/FORMAT.md, "Evidence bundles"): a zip
/// whose members are the signed checkpoint, the manifest, <c>SHA256SUMS</c>, the entries as JSON Lines,
/// and the approvals, certificates and trust anchors they need.
/// </summary>
public static class BundleFormat
{
    /// <summary>The version new exports write.</summary>
    public const BundleFormatVersion CurrentVersion = BundleFormatVersion.V2;

    /// <summary>The value of the manifest's <c>format</c> member that new exports write (<see cref="CurrentVersion"/>).</summary>
    public const string FormatId = FormatIdV2;

    /// <summary>The <c>format</c> of a version 1 manifest; verifiers still read it by exactly the version 1 rules.</summary>
    public const string FormatIdV1 = "compliancekit.bundle/v1";

    /// <summary>The <c>format</c> of a version 2 manifest.</summary>
    public const string FormatIdV2 = "compliancekit.bundle/v2";

    /// <summary>The manifest: what the bundle holds, every file with its size and SHA-256.</summary>
    public const string ManifestFile = "manifest.json";

    /// <summary>The checkpoint body (C2SP tlog-checkpoint): origin, tree size, root, and the digests of the manifest and sums.</summary>
    public const string CheckpointFile = "checkpoint.txt";

    /// <summary>The organisation's detached CMS signature over <see cref="CheckpointFile"/>.</summary>
    public const string CheckpointSignatureFile = "checkpoint.p7s";

    /// <summary>The <c>sha256sum</c> listing of the manifest and every file it lists.</summary>
    public const string SumsFile = "SHA256SUMS";

    /// <summary>The ledger entries, one JSON object per line, in sequence order.</summary>
    public const string EntriesFile = "entries.jsonl";

    /// <summary>The trust anchors the organisation declares (PEM); informative, never trusted by the verifier.</summary>
    public const string TrustAnchorsFile = "trust/anchors.pem";

    /// <summary>
    /// The organisation's administration root(s) (PEM), declared by <c>manifest.administrationRoots</c>: the root administrative
    /// entries (role grants, trust anchors, gate definitions, retention rules) must be signed under. An auditor pins it
    /// (<c>--admin-root</c>) or compares its fingerprint; unpinned, it is reported as such.
    /// </summary>
    public const string AdministrationRootsFile = "trust/administration-roots.pem";

    /// <summary>The checkpoint extension line naming the SHA-256 of <see cref="ManifestFile"/>.</summary>
    public const string ManifestDigestExtension = "manifest-sha256";

    /// <summary>The checkpoint extension line naming the SHA-256 of <see cref="SumsFile"/>.</summary>
    public const string SumsDigestExtension = "sha256sums-sha256";

    /// <summary>The entry type whose payload names the sequence ranges a retention purge emptied.</summary>
    public const string PurgeEntryType = "retention.purged";

    /// <summary>The manifest's <c>format</c> value naming <paramref name="version"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="version"/> is not a defined version.</exception>
    public static string FormatIdOf(BundleFormatVersion version) => version switch
    {
        BundleFormatVersion.V1 => FormatIdV1,
        BundleFormatVersion.V2 => FormatIdV2,
        _ => throw new ArgumentOutOfRangeException(nameof(version), version, "Not a bundle format version."),
    };

    /// <summary>Reads a manifest's <c>format</c> value; <see langword="false"/> for any value this library does not define (compared byte for byte).</summary>
    public static bool TryParseFormatId(string? formatId, out BundleFormatVersion version)
    {
        version = formatId switch
        {
            FormatIdV1 => BundleFormatVersion.V1,
            FormatIdV2 => BundleFormatVersion.V2,
            _ => 0,
        };
        return version != 0;
    }

    /// <summary>The member holding the canonical statement bytes of the approval at <paramref name="sequence"/>.</summary>
    public static string ApprovalStatementFile(long sequence) =>
        string.Create(CultureInfo.InvariantCulture, $"approvals/{sequence:D12}.statement.json");

    /// <summary>The member holding the detached CMS signature (DER) of the approval at <paramref name="sequence"/>.</summary>
    public static string ApprovalSignatureFile(long sequence) =>
        string.Create(CultureInfo.InvariantCulture, $"approvals/{sequence:D12}.p7s");

    /// <summary>The member holding a signer certificate (PEM), named by its SHA-256 fingerprint in lower-case hex.</summary>
    public static string CertificateFile(string certificateSha256) => $"certificates/{certificateSha256}.pem";

    /// <summary>The folder of the published checkpoints a version 2 bundle carries with their witness co-signatures (docs/FORMAT.md 12.14).</summary>
    public const string AnchorsFolder = "anchors/";

    /// <summary>The member holding the bytes of the carried checkpoint of <paramref name="treeSize"/> (FORMAT.md 13.1).</summary>
    public static string AnchorCheckpointFile(long treeSize) => string.Create(CultureInfo.InvariantCulture, $"{AnchorsFolder}{treeSize:D20}.txt");

    /// <summary>The member holding the organisation's detached CMS signature (DER) over the carried checkpoint of <paramref name="treeSize"/>.</summary>
    public static string AnchorSignatureFile(long treeSize) => string.Create(CultureInfo.InvariantCulture, $"{AnchorsFolder}{treeSize:D20}.p7s");

    /// <summary>The member holding a witness's co-signature (DER) of the carried checkpoint of <paramref name="treeSize"/>, named by the SHA-256 of the witness certificate.</summary>
    public static string AnchorCosignatureFile(long treeSize, string witnessCertificateSha256) =>
        string.Create(CultureInfo.InvariantCulture, $"{AnchorsFolder}{treeSize:D20}.cosig.{witnessCertificateSha256}.p7s");

    /// <summary>Whether <paramref name="name"/> is <c>certificates/</c>, 64 lower-case hex digits and <c>.pem</c>.</summary>
    public static bool IsCertificateFile(string name) =>
        name.Length == 13 + 64 + 4 && name.StartsWith("certificates/", StringComparison.Ordinal) && name.EndsWith(".pem", StringComparison.Ordinal)
        && IsLowerHex(name.AsSpan(13, 64));

    /// <summary>The folder of the revocation data a version 2 bundle carries (docs/FORMAT.md 12.15).</summary>
    public const string RevocationFolder = "revocation/";

    /// <summary>The member holding one DER CRL, named by the SHA-256 of its bytes in lower-case hex (docs/FORMAT.md 12.15).</summary>
    public static string RevocationListFile(string crlSha256) => $"{RevocationFolder}{crlSha256}.crl";

    /// <summary>Whether <paramref name="name"/> has the form <c>revocation/&lt;64 lower-case hex&gt;.crl</c>.</summary>
    public static bool IsRevocationListFile(string name) =>
        name.Length == 11 + 64 + 4 && name.StartsWith(RevocationFolder, StringComparison.Ordinal) && name.EndsWith(".crl", StringComparison.Ordinal)
        && IsLowerHex(name.AsSpan(11, 64));

    /// <summary>The member holding one DER OCSP response, named by the SHA-256 of its bytes in lower-case hex (docs/FORMAT.md 12.15).</summary>
    public static string OcspResponseFile(string responseSha256) => $"{RevocationFolder}{responseSha256}.ocsp";

    /// <summary>Whether <paramref name="name"/> has the form <c>revocation/&lt;64 lower-case hex&gt;.ocsp</c>.</summary>
    public static bool IsOcspResponseFile(string name) =>
        name.Length == 11 + 64 + 5 && name.StartsWith(RevocationFolder, StringComparison.Ordinal) && name.EndsWith(".ocsp", StringComparison.Ordinal)
        && IsLowerHex(name.AsSpan(11, 64));

    /// <summary>Whether <paramref name="text"/> holds only the digits 0-9 and a-f.</summary>
    public static bool IsLowerHex(ReadOnlySpan<char> text) => !text.ContainsAnyExcept(LowerHex);

    private static readonly System.Buffers.SearchValues<char> LowerHex = System.Buffers.SearchValues.Create("0123456789abcdef");
}
