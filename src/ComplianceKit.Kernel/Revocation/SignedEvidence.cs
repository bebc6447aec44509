using System.Text.Json;
using System.Text.Json.Nodes;
using ComplianceKit.Canonicalization;
using ComplianceKit.Ledger;

namespace ComplianceKit.Revocation;

/// <summary>
/// The signature of signed evidence (docs/FORMAT.md 11.4), as revocation checking needs it without the programme's evidence model: an
/// <c>evidence.attached</c> payload whose member <c>signature</c> is base64 of a detached CMS over the canonical bytes of the payload
/// without that member. Pure; thread-safe.
/// </summary>
internal static class SignedEvidence
{
    /// <summary>The entry type of evidence (FORMAT.md 11.4).</summary>
    public const string EntryType = "evidence.attached";

    /// <summary>The payload member holding the signature.</summary>
    public const string SignatureMember = "signature";

    /// <summary>The signed bytes and the signature of <paramref name="entry"/>, or null when it is not signed evidence with a readable signature.</summary>
    public static (byte[] Signed, byte[] Signature)? Read(LedgerEntry entry)
    {
        if (entry.EntryType != EntryType || entry.Payload is null)
        {
            return null;
        }

        try
        {
            if (JsonNode.Parse(entry.Payload) is not JsonObject node || !node.Remove(SignatureMember, out var value) || value?.GetValue<string>() is not { } text)
            {
                return null;
            }

            return (JsonCanonicalizer.Serialize(node), Convert.FromBase64String(text));
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException or FormatException or JsonCanonicalizationException)
        {
            // Not readable as signed evidence: nothing to judge revocation of (the programme's checks report the payload).
            return null;
        }
    }
}
