using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using System.Text.Json.Nodes;
using ComplianceKit.Approvals;
using ComplianceKit.Canonicalization;
using ComplianceKit.Ledger;
using ComplianceKit.Signing;
using NodaTime;

namespace ComplianceKit.CheckpointKeys;

/// <summary>
/// A <c>checkpoint.key.rotated</c> payload (docs/FORMAT.md 13.6): the organisation's checkpoint key with fingerprint
/// <see cref="PreviousCertificateSha256"/> is replaced by <see cref="NewCertificatePem"/> from <see cref="RotatedAt"/>, signed by both keys.
/// The signed content is the canonical JSON of <c>{chainId, newCertificatePem, newCertificateSha256, previousCertificateSha256, rotatedAt}</c>;
/// the payload adds <c>previousKeySignature</c> and <c>newKeySignature</c>, base64 of detached CMS signatures over it. Immutable.
/// </summary>
public sealed class CheckpointKeyRotation
{
    /// <summary>The member carrying the replaced key's signature.</summary>
    public const string PreviousKeySignatureMember = "previousKeySignature";

    /// <summary>The member carrying the successor key's signature.</summary>
    public const string NewKeySignatureMember = "newKeySignature";

    private readonly byte[] _content;
    private readonly byte[] _previousSignature;
    private readonly byte[] _newSignature;

    private CheckpointKeyRotation(Content content, byte[] signedContent, byte[] previousSignature, byte[] newSignature)
    {
        ChainId = content.ChainId;
        PreviousCertificateSha256 = content.PreviousCertificateSha256;
        NewCertificateSha256 = content.NewCertificateSha256;
        NewCertificatePem = content.NewCertificatePem;
        RotatedAt = content.RotatedAt;
        _content = signedContent;
        _previousSignature = previousSignature;
        _newSignature = newSignature;
    }

    /// <summary>The chain whose checkpoints the rotation applies to.</summary>
    public string ChainId { get; }

    /// <summary>The replaced key's certificate fingerprint.</summary>
    public string PreviousCertificateSha256 { get; }

    /// <summary>The successor key's certificate fingerprint (that of <see cref="NewCertificatePem"/>).</summary>
    public string NewCertificateSha256 { get; }

    /// <summary>The successor key's certificate, PEM.</summary>
    public string NewCertificatePem { get; }

    /// <summary>From when the successor signs checkpoints (whole seconds; both signatures' signing time).</summary>
    public Instant RotatedAt { get; }

    /// <summary>A copy of the signed content.</summary>
    public byte[] SignedContent => (byte[])_content.Clone();

    /// <summary>A copy of the replaced key's DER CMS signature over <see cref="SignedContent"/>.</summary>
    public byte[] PreviousKeySignature => (byte[])_previousSignature.Clone();

    /// <summary>A copy of the successor key's DER CMS signature over <see cref="SignedContent"/>.</summary>
    public byte[] NewKeySignature => (byte[])_newSignature.Clone();

    /// <summary>
    /// Signs a rotation of chain <paramref name="chainId"/> from <paramref name="previous"/> to <paramref name="next"/> at <paramref name="now"/>
    /// (truncated to whole seconds) with both keys, and returns the payload to record. Nothing is checked here: <see cref="CheckpointKeyHistory"/> judges it.
    /// </summary>
    public static async Task<byte[]> SignAsync(string chainId, ICmsSigner previous, ICmsSigner next, Instant now, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(chainId);
        ArgumentNullException.ThrowIfNull(previous);
        ArgumentNullException.ThrowIfNull(next);
        var at = Instant.FromUnixTimeSeconds(now.ToUnixTimeSeconds());
        var content = PayloadCodec.Encode(new Content(chainId, next.Certificate.ExportCertificatePem(), CertificateFingerprint.Of(next.Certificate),
            CertificateFingerprint.Of(previous.Certificate), at));
        var previousSignature = await previous.SignDetachedAsync(content, at, cancellationToken).ConfigureAwait(false);
        var newSignature = await next.SignDetachedAsync(content, at, cancellationToken).ConfigureAwait(false);
        return Compose(content, previousSignature, newSignature);
    }

    /// <summary>The payload: <paramref name="signedContent"/> plus both signatures, canonical.</summary>
    public static byte[] Compose(ReadOnlySpan<byte> signedContent, ReadOnlySpan<byte> previousKeySignature, ReadOnlySpan<byte> newKeySignature) =>
        PayloadCodec.AddMember(PayloadCodec.AddMember(signedContent, PreviousKeySignatureMember, Convert.ToBase64String(previousKeySignature)),
            NewKeySignatureMember, Convert.ToBase64String(newKeySignature));

    /// <summary>Reads a payload; a missing signature member reads as an empty signature (which then does not verify).</summary>
    /// <exception cref="FormatException">The payload is not in the documented shape, or the fingerprint is not the certificate's.</exception>
    public static CheckpointKeyRotation Parse(ReadOnlySpan<byte> payload)
    {
        JsonObject root;
        try
        {
            root = JsonNode.Parse(payload) as JsonObject ?? throw new FormatException("A key rotation payload must be a JSON object.");
        }
        catch (JsonException ex)
        {
            throw new FormatException($"A key rotation payload is not JSON: {ex.Message}", ex);
        }

        var previousSignature = TakeSignature(root, PreviousKeySignatureMember);
        var newSignature = TakeSignature(root, NewKeySignatureMember);
        var signedContent = JsonCanonicalizer.Canonicalize(root.ToJsonString());
        var content = PayloadCodec.Decode<Content>(signedContent, "key rotation");
        PayloadFields.RequireText(content.ChainId, "chainId");
        PayloadFields.RequireSha256Hex(content.PreviousCertificateSha256, "previousCertificateSha256");
        PayloadFields.RequireSha256Hex(content.NewCertificateSha256, "newCertificateSha256");
        using var certificate = CertificateOf(content.NewCertificatePem);
        return CertificateFingerprint.Of(certificate) == content.NewCertificateSha256
            ? new CheckpointKeyRotation(content, signedContent, previousSignature, newSignature)
            : throw new FormatException("The rotation's newCertificateSha256 is not the fingerprint of its newCertificatePem.");
    }

    private static byte[] TakeSignature(JsonObject root, string member)
    {
        if (root[member] is not { } node)
        {
            return [];
        }

        root.Remove(member);
        return node.GetValueKind() == JsonValueKind.String
            ? Convert.FromBase64String(node.GetValue<string>())
            : throw new FormatException($"'{member}' is not a base64 string.");
    }

    private static X509Certificate2 CertificateOf(string? pem)
    {
        try
        {
            return X509Certificate2.CreateFromPem(PayloadFields.RequireText(pem, "newCertificatePem"));
        }
        catch (Exception ex) when (ex is CryptographicException or ArgumentException)
        {
            throw new FormatException($"The rotation's newCertificatePem is not a certificate: {ex.Message}", ex);
        }
    }

    /// <summary>The signed members, in the one codec's shape.</summary>
    private sealed record Content(string ChainId, string NewCertificatePem, string NewCertificateSha256, string PreviousCertificateSha256, Instant RotatedAt);
}
