using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using ComplianceKit.Domain;
using ComplianceKit.Canonicalization;
using ComplianceKit.Ledger;
using ComplianceKit.Signing;
using NodaTime;

namespace ComplianceKit.Evidence;

/// <summary>
/// A piece of evidence attached to a control: the payload of an <c>evidence.attached</c> entry (subject
/// <c>control:&lt;id&gt;</c>). The library stores the artifact's SHA-256 digest and where to find it, never the
/// document. Signed evidence carries, beside these members, a <c>signature</c> member: a detached CMS
/// signature over the canonical bytes of the payload without that member.
/// </summary>
public sealed record EvidenceStatement
{
    /// <summary>The name of the payload member that carries a signature.</summary>
    public const string SignatureMember = "signature";

    /// <summary>A unique id for this piece of evidence, for example a GUID or <c>backup-test-2026-02</c>.</summary>
    public required string EvidenceId { get; init; }

    /// <summary>The control it supports.</summary>
    public required string ControlId { get; init; }

    /// <summary>The evidence kind, matching one of the control's <c>evidence</c> requirements (for example <c>risk-assessment</c>).</summary>
    public required string Kind { get; init; }

    /// <summary>
    /// <see langword="true"/> when the evidence is only someone's word (a ticked checkbox): flagged unsigned and
    /// the weakest kind (<see cref="EvidenceAssurance.SelfAttested"/>). Otherwise <see cref="ArtifactSha256"/> is required.
    /// </summary>
    public bool SelfAttested { get; init; }

    /// <summary>SHA-256 of the artifact, 64 lower-case hex digits.</summary>
    public string? ArtifactSha256 { get; init; }

    /// <summary>The artifact's media type, for example <c>application/pdf</c>.</summary>
    public string? MediaType { get; init; }

    /// <summary>The artifact's file name.</summary>
    public string? FileName { get; init; }

    /// <summary>Where the artifact is kept (a document system link); absolute when present.</summary>
    public Uri? Uri { get; init; }

    /// <summary>When the evidence was collected.</summary>
    public required Instant CollectedAt { get; init; }

    /// <summary>From when it shows the control in place; <see cref="CollectedAt"/> when omitted. Freshness counts from here.</summary>
    public Instant? EffectiveAt { get; init; }

    /// <summary>When it stops counting, whatever its freshness (for example a certificate's expiry).</summary>
    public Instant? ValidUntil { get; init; }

    /// <summary>Who collected it (a person or system id).</summary>
    public required string CollectedBy { get; init; }

    /// <summary>What produced it, for example <c>checklist:&lt;gate&gt;</c> for a ticked box of an imported checklist.</summary>
    public string? Source { get; init; }

    /// <summary>A short note for the reviewer.</summary>
    public string? Note { get; init; }

    /// <summary>The instant freshness counts from.</summary>
    [JsonIgnore]
    public Instant Effective => EffectiveAt ?? CollectedAt;

    /// <summary>Throws unless the statement is complete and consistent.</summary>
    /// <exception cref="ArgumentException">A field is missing or invalid; the message names it.</exception>
    public void Validate()
    {
        DomainText.RequireId(EvidenceId, nameof(EvidenceId));
        DomainText.RequireId(ControlId, nameof(ControlId));
        DomainText.RequireId(Kind, nameof(Kind));
        DomainText.RequireText(CollectedBy, nameof(CollectedBy));
        DomainText.RequireSha256(ArtifactSha256, nameof(ArtifactSha256), required: !SelfAttested);
        if (Uri is { IsAbsoluteUri: false })
        {
            throw new ArgumentException("Uri must be absolute.", nameof(Uri));
        }

        if (ValidUntil is { } until && until <= Effective)
        {
            throw new ArgumentException("ValidUntil must be after the effective instant.", nameof(ValidUntil));
        }
    }

    /// <summary>Validates the statement and returns the draft that records it, unsigned.</summary>
    /// <exception cref="ArgumentException">A field is missing or invalid.</exception>
    public EntryDraft ToDraft(string actor)
    {
        Validate();
        return new EntryDraft(EvidenceEntryTypes.Attached, $"control:{ControlId}", actor, PayloadCodec.Encode(this), CollectedAt);
    }

    /// <summary>
    /// Validates the statement, signs its canonical bytes with <paramref name="signer"/> (detached CMS) and returns the
    /// draft carrying statement and signature. Only artifacts can be signed: self-attested statements are refused.
    /// </summary>
    /// <param name="actor">Who records it.</param>
    /// <param name="signer">The collector's signer; the private key never reaches the library.</param>
    /// <param name="signingTime">The signing time, a whole second (see <see cref="ICmsSigner"/>).</param>
    /// <param name="cancellationToken">Cancels a remote signing operation.</param>
    /// <exception cref="ArgumentException">A field is missing or invalid, or the statement is self-attested.</exception>
    /// <exception cref="SignerCertificateRejectedException">The signer's certificate fails <see cref="SignerCertificatePolicy"/>.</exception>
    public async Task<EntryDraft> ToSignedDraftAsync(string actor, ICmsSigner signer, Instant signingTime, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(signer);
        Validate();
        if (SelfAttested)
        {
            throw new ArgumentException("A self-attested statement has no artifact to sign; attach it unsigned.");
        }

        SignerCertificatePolicy.ThrowIfUnsuitable(signer.Certificate);

        var statement = PayloadCodec.Encode(this);
        var signature = await signer.SignDetachedAsync(statement, signingTime, cancellationToken).ConfigureAwait(false);
        return new EntryDraft(EvidenceEntryTypes.Attached, $"control:{ControlId}", actor,
            PayloadCodec.AddMember(statement, SignatureMember, Convert.ToBase64String(signature)), CollectedAt);
    }

    /// <summary>Reads the statement of an <c>evidence.attached</c> entry, signed or not.</summary>
    /// <exception cref="FormatException">The payload is not in the documented shape.</exception>
    public static EvidenceStatement FromEntry(LedgerEntry entry) => Read(entry).Statement;

    /// <summary>Reads an entry: the statement, and for signed evidence the exact signed bytes and the signature.</summary>
    internal static (EvidenceStatement Statement, byte[]? SignedBytes, byte[]? Signature) Read(LedgerEntry entry)
    {
        if (entry.Payload is null)
        {
            throw new FormatException($"{entry.EntryType} entry {entry.Sequence} has no payload (purged or missing).");
        }

        if (UnsignedStatementScan.IsFlatAndUnsigned(entry.Payload))
        {
            try
            {
                return (PayloadCodec.Decode<EvidenceStatement>(entry.Payload, "evidence statement"), null, null);
            }
            catch (Exception ex) when (ex is FormatException or InvalidOperationException or ArgumentException)
            {
                // Not in the statement's shape: the tree path below reports it, in its own words.
            }
        }

        try
        {
            var node = JsonNode.Parse(entry.Payload) as JsonObject ?? throw new FormatException($"{entry.EntryType} entry {entry.Sequence} is not a JSON object.");
            byte[]? signature = null;
            byte[]? signed = null;
            if (node.Remove(SignatureMember, out var value))
            {
                signature = Convert.FromBase64String(value?.GetValue<string>() ?? throw new FormatException("The signature is null."));
                signed = JsonCanonicalizer.Serialize(node);
            }

            var statement = PayloadCodec.Decode<EvidenceStatement>(node, "evidence statement");
            return (statement, signed, signature);
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException or FormatException)
        {
            throw new FormatException($"{entry.EntryType} entry {entry.Sequence} is not in the documented shape: {ex.Message}", ex);
        }
    }
}
