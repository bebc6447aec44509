using System.Text.Json;
using System.Text.Json.Nodes;
using ComplianceKit.Canonicalization;
using ComplianceKit.Ledger;
using NodaTime.Text;

namespace ComplianceKit.Administration;

/// <summary>
/// The one codec of signed administrative payloads (docs/FORMAT.md, section 7.1). A payload is the record's own members
/// (a trust anchor, a role grant, a gate definition), plus <c>administration</c>: <c>{ chainId, entryType, signedAt }</c>,
/// plus <c>signature</c>: base64 of a detached CMS SignedData over the canonical bytes of the payload without
/// <c>signature</c> (the signed content). Readers that know only the record's members read it unchanged.
/// </summary>
public sealed class SignedAdministrativePayload
{
    /// <summary>The member that carries the header.</summary>
    public const string HeaderMember = "administration";

    /// <summary>The member that carries the detached CMS signature.</summary>
    public const string SignatureMember = "signature";

    private SignedAdministrativePayload(byte[] content, AdministrativeHeader? header, byte[]? signature)
    {
        SignedContent = content;
        Header = header;
        Signature = signature;
    }

    /// <summary>The canonical payload without <c>signature</c>: the exact bytes the signature covers.</summary>
    public byte[] SignedContent { get; }

    /// <summary>The header, or <see langword="null"/> when the payload has none (an unsigned entry).</summary>
    public AdministrativeHeader? Header { get; }

    /// <summary>The DER CMS SignedData, or <see langword="null"/> when the payload is unsigned.</summary>
    public byte[]? Signature { get; }

    /// <summary>Whether the payload carries both a header and a signature.</summary>
    public bool IsSigned => Header is not null && Signature is not null;

    /// <summary>The canonical bytes an administrator signs: <paramref name="record"/>'s members plus the header.</summary>
    /// <exception cref="FormatException">The record is not a JSON object, or already has an <c>administration</c> or <c>signature</c> member.</exception>
    public static byte[] ContentToSign(ReadOnlySpan<byte> record, AdministrativeHeader header)
    {
        ArgumentNullException.ThrowIfNull(header);
        var root = ParseObject(record);
        if (root.ContainsKey(HeaderMember) || root.ContainsKey(SignatureMember))
        {
            throw new FormatException($"An administrative record cannot have its own '{HeaderMember}' or '{SignatureMember}' member.");
        }

        root[HeaderMember] = new JsonObject
        {
            ["chainId"] = header.ChainId,
            ["entryType"] = header.EntryType,
            ["signedAt"] = InstantPattern.General.Format(header.SignedAt),
        };
        return JsonCanonicalizer.Canonicalize(root.ToJsonString());
    }

    /// <summary>The ledger payload: the signed content plus <c>signature</c>, canonical.</summary>
    public static byte[] Compose(ReadOnlySpan<byte> signedContent, ReadOnlySpan<byte> signature) =>
        PayloadCodec.AddMember(signedContent, SignatureMember, Convert.ToBase64String(signature));

    /// <summary>Splits a stored payload into the signed content, header and signature.</summary>
    /// <exception cref="FormatException">The payload is not a JSON object, or its header or signature is malformed.</exception>
    public static SignedAdministrativePayload Read(ReadOnlySpan<byte> payload)
    {
        var root = ParseObject(payload);
        byte[]? signature = null;
        if (root[SignatureMember] is { } encoded)
        {
            signature = encoded.GetValueKind() == JsonValueKind.String
                ? Convert.FromBase64String(encoded.GetValue<string>())
                : throw new FormatException($"'{SignatureMember}' is not a base64 string.");
            root.Remove(SignatureMember);
        }

        AdministrativeHeader? header = null;
        if (root[HeaderMember] is { } node)
        {
            header = node is JsonObject member
                ? new AdministrativeHeader(Text(member, "entryType"), Text(member, "chainId"),
                    InstantPattern.General.Parse(Text(member, "signedAt")).GetValueOrThrow())
                : throw new FormatException($"'{HeaderMember}' is not an object.");
        }

        return new SignedAdministrativePayload(JsonCanonicalizer.Canonicalize(root.ToJsonString()), header, signature);
    }

    private static JsonObject ParseObject(ReadOnlySpan<byte> json)
    {
        try
        {
            return JsonNode.Parse(json) as JsonObject ?? throw new FormatException("An administrative payload must be a JSON object.");
        }
        catch (JsonException ex)
        {
            throw new FormatException($"An administrative payload is not JSON: {ex.Message}", ex);
        }
    }

    private static string Text(JsonObject member, string name) =>
        member[name] is { } value && value.GetValueKind() == JsonValueKind.String
            ? value.GetValue<string>()
            : throw new FormatException($"'{HeaderMember}.{name}' is missing or not a string.");
}
