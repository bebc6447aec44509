using System.Buffers;
using System.Text.Json;
using ComplianceKit.Canonicalization;
using NodaTime;
using NodaTime.Text;

namespace ComplianceKit.Approvals;

/// <summary>
/// The statement a signer signs: what is approved (subject and artifact digest), the decision, the
/// meaning of the signature, who signs in which role, when, and the ledger head at signing. Its
/// canonical bytes (RFC 8785 JSON, docs/FORMAT.md "Approval statement") are what the CMS signature covers.
/// </summary>
public sealed record ApprovalStatement
{
    /// <summary>The statement format identifier.</summary>
    public const string FormatType = "compliancekit.approval/v1";

    /// <summary>The organisation whose record this is.</summary>
    public required string Organization { get; init; }

    /// <summary>What is approved.</summary>
    public required ApprovalSubject Subject { get; init; }

    /// <summary>SHA-256 of the artifact or statement approved, lower-case hex.</summary>
    public required string ArtifactSha256 { get; init; }

    /// <summary>The decision.</summary>
    public required ApprovalDecision Decision { get; init; }

    /// <summary>The conditions, for <see cref="ApprovalDecision.ApprovedWithConditions"/>; otherwise <see langword="null"/>.</summary>
    public string? Conditions { get; init; }

    /// <summary>What the signature means.</summary>
    public required SignatureMeaning Meaning { get; init; }

    /// <summary>Who signs, in which role, with which certificate.</summary>
    public required ApprovalSigner Signer { get; init; }

    /// <summary>The claimed signing time, whole seconds (the CMS signing-time attribute carries the same value).</summary>
    public required Instant SignedAt { get; init; }

    /// <summary>The ledger head at signing.</summary>
    public required LedgerHeadReference LedgerHead { get; init; }

    /// <summary>Returns the RFC 8785 canonical UTF-8 bytes that are signed.</summary>
    public byte[] ToCanonicalBytes()
    {
        var buffer = new ArrayBufferWriter<byte>(512);
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("type", FormatType);
            json.WriteString("organization", Organization);
            json.WriteStartObject("subject");
            json.WriteString("kind", Subject.Kind);
            json.WriteString("id", Subject.Id);
            json.WriteEndObject();
            json.WriteString("artifactSha256", ArtifactSha256);
            json.WriteString("decision", JsonNamingPolicy.CamelCase.ConvertName(Decision.ToString()));
            if (Conditions is not null)
            {
                json.WriteString("conditions", Conditions);
            }

            json.WriteString("meaning", JsonNamingPolicy.CamelCase.ConvertName(Meaning.ToString()));
            json.WriteStartObject("signer");
            json.WriteString("name", Signer.Name);
            json.WriteString("role", Signer.Role);
            json.WriteString("certificateSha256", Signer.CertificateSha256);
            json.WriteEndObject();
            json.WriteString("signedAt", InstantPattern.General.Format(SignedAt));
            json.WriteStartObject("ledgerHead");
            json.WriteString("chainId", LedgerHead.ChainId);
            json.WriteNumber("size", LedgerHead.Size);
            json.WriteString("rootSha256", LedgerHead.RootSha256);
            json.WriteEndObject();
            json.WriteEndObject();
        }

        return JsonCanonicalizer.Canonicalize(buffer.WrittenSpan);
    }

    /// <summary>Parses statement bytes, requiring them to be canonical, so one statement has exactly one encoding.</summary>
    /// <exception cref="FormatException">The bytes are not a canonical approval statement; the message says what is wrong.</exception>
    public static ApprovalStatement Parse(ReadOnlySpan<byte> canonicalBytes)
    {
        try
        {
            using var document = JsonDocument.Parse(canonicalBytes.ToArray());
            var root = document.RootElement;
            if (Text(root, "type") != FormatType)
            {
                throw new FormatException($"The statement's type is not '{FormatType}'.");
            }

            var subject = root.GetProperty("subject");
            var signer = root.GetProperty("signer");
            var head = root.GetProperty("ledgerHead");
            var statement = new ApprovalStatement
            {
                Organization = Text(root, "organization"),
                Subject = new ApprovalSubject(Text(subject, "kind"), Text(subject, "id")),
                ArtifactSha256 = Text(root, "artifactSha256"),
                Decision = Enum<ApprovalDecision>(Text(root, "decision")),
                Conditions = root.TryGetProperty("conditions", out var conditions) ? conditions.GetString() : null,
                Meaning = Enum<SignatureMeaning>(Text(root, "meaning")),
                Signer = new ApprovalSigner(Text(signer, "name"), Text(signer, "role"), Text(signer, "certificateSha256")),
                SignedAt = InstantPattern.General.Parse(Text(root, "signedAt")).GetValueOrThrow(),
                LedgerHead = new LedgerHeadReference(Text(head, "chainId"), head.GetProperty("size").GetInt64(), Text(head, "rootSha256")),
            };

            // Re-encoding must give the same bytes: that proves them canonical and free of members that
            // would be signed but unseen. The slower canonical check only picks the message.
            if (!statement.ToCanonicalBytes().AsSpan().SequenceEqual(canonicalBytes))
            {
                throw new FormatException(JsonCanonicalizer.IsCanonical(canonicalBytes)
                    ? "The approval statement has members this version does not know."
                    : "The approval statement is not canonical JSON (RFC 8785).");
            }

            return statement;
        }
        catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException or UnparsableValueException)
        {
            throw new FormatException($"The approval statement is malformed: {ex.Message}", ex);
        }
    }

    private static string Text(JsonElement element, string name) =>
        element.GetProperty(name).GetString() ?? throw new FormatException($"'{name}' is null.");

    private static T Enum<T>(string value)
        where T : struct, Enum =>
        System.Enum.TryParse<T>(value, ignoreCase: true, out var parsed) && JsonNamingPolicy.CamelCase.ConvertName(parsed.ToString()) == value
            ? parsed
            : throw new FormatException($"'{value}' is not a known {typeof(T).Name}.");
}
