using System.Text.Json.Serialization;
using ComplianceKit.Canonicalization;
using ComplianceKit.Ledger;
using NodaTime;

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

    /// <summary>The statement's format, <see cref="FormatType"/> in every statement this version writes or accepts.</summary>
    [JsonInclude]
    public string Type { get; private init; } = FormatType;

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
    [JsonConverter(typeof(SigningTimeJsonConverter))]
    public required Instant SignedAt { get; init; }

    /// <summary>The ledger head at signing.</summary>
    public required LedgerHeadReference LedgerHead { get; init; }

    /// <summary>Returns the RFC 8785 canonical UTF-8 bytes that are signed (<see cref="PayloadCodec"/>; <c>conditions</c> omitted when none).</summary>
    public byte[] ToCanonicalBytes() => PayloadCodec.Encode(this);

    /// <summary>Parses statement bytes, requiring them to be canonical, so one statement has exactly one encoding.</summary>
    /// <exception cref="FormatException">The bytes are not a canonical approval statement; the message says what is wrong.</exception>
    public static ApprovalStatement Parse(ReadOnlySpan<byte> canonicalBytes)
    {
        ApprovalStatement statement;
        try
        {
            statement = PayloadCodec.Decode<ApprovalStatement>(canonicalBytes, "approval statement");
        }
        catch (FormatException ex)
        {
            throw new FormatException($"The approval statement is malformed: {ex.Message}", ex);
        }

        if (statement.Type != FormatType)
        {
            throw new FormatException($"The statement's type is not '{FormatType}'.");
        }

        // Re-encoding must give the same bytes: that proves them canonical and free of members that
        // would be signed but unseen (or spelled, cased or typed otherwise). The slower canonical check only picks the message.
        if (!statement.ToCanonicalBytes().AsSpan().SequenceEqual(canonicalBytes))
        {
            throw new FormatException(JsonCanonicalizer.IsCanonical(canonicalBytes)
                ? "The approval statement has members this version does not know, or members not in their one written form."
                : "The approval statement is not canonical JSON (RFC 8785).");
        }

        return statement;
    }
}
