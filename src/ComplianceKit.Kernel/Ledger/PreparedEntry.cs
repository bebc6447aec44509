using System.Security.Cryptography;
using ComplianceKit.Canonicalization;

namespace ComplianceKit.Ledger;

/// <summary>
/// A draft whose payload is canonical, salted and digested: everything that does not depend on the
/// chain's head, so it is done before the chain is locked.
/// </summary>
internal sealed class PreparedEntry
{
    private PreparedEntry(EntryDraft draft, byte[] payload, byte[] salt, byte[] payloadDigest)
    {
        Draft = draft;
        Payload = payload;
        Salt = salt;
        PayloadDigest = payloadDigest;
    }

    public EntryDraft Draft { get; }

    public byte[] Payload { get; }

    public byte[] Salt { get; }

    public byte[] PayloadDigest { get; }

    /// <summary>Validates, canonicalizes, guards against PHI, salts and digests one draft.</summary>
    /// <exception cref="LedgerValidationException">The draft breaks a limit, is not JSON, or looks like PHI.</exception>
    public static PreparedEntry Prepare(EntryDraft draft, ComplianceKitOptions options, PayloadPrivacyGuard guard)
    {
        LedgerLimits.ValidateDraft(draft);
        byte[] payload;
        try
        {
            payload = JsonCanonicalizer.Canonicalize(draft.Payload.Span);
            guard.EnsureNoPhi(payload);
        }
        catch (JsonCanonicalizationException ex)
        {
            throw new LedgerValidationException($"The payload of a '{draft.EntryType}' entry is not acceptable JSON: {ex.Message}", ex);
        }
        catch (PhiDetectedException ex)
        {
            throw new LedgerValidationException($"The payload of a '{draft.EntryType}' entry looks like it carries PHI ({ex.Message}). Remove it, pseudonymize it, or set AllowPhiInPayloads.", ex);
        }

        return Seal(draft, payload, options);
    }

    /// <summary>
    /// Like <see cref="Prepare"/> for a draft whose payload the library wrote in canonical form itself
    /// (so canonicalizing it again would change nothing): validates, guards against PHI, salts and digests.
    /// </summary>
    /// <exception cref="LedgerValidationException">The draft breaks a limit or looks like PHI.</exception>
    public static PreparedEntry PrepareCanonical(EntryDraft draft, ComplianceKitOptions options, PayloadPrivacyGuard guard)
    {
        LedgerLimits.ValidateDraft(draft);
        var payload = draft.Payload.ToArray();
        try
        {
            guard.EnsureNoPhi(payload);
        }
        catch (PhiDetectedException ex)
        {
            throw new LedgerValidationException($"The payload of a '{draft.EntryType}' entry looks like it carries PHI ({ex.Message}). Remove it, pseudonymize it, or set AllowPhiInPayloads.", ex);
        }

        return Seal(draft, payload, options);
    }

    private static PreparedEntry Seal(EntryDraft draft, byte[] payload, ComplianceKitOptions options)
    {
        if (payload.Length > options.MaxPayloadBytes)
        {
            throw new LedgerValidationException($"The canonical payload of a '{draft.EntryType}' entry is {payload.Length} bytes; at most {options.MaxPayloadBytes} are allowed.");
        }

        var salt = SaltSource.Next();
        return new PreparedEntry(draft, payload, salt, EntryEncoding.ComputePayloadDigest(salt, payload));
    }
}
