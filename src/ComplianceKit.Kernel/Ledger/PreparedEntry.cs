using System.Security.Cryptography;
using ComplianceKit.Canonicalization;

namespace ComplianceKit.Ledger;

/// <summary>
/// A draft whose payload is canonical, salted and digested: everything that does not depend on the
/// chain's head, so it is done before the chain is locked. Part of the store SPI: a store prepares drafts with
/// <see cref="Prepare"/> outside its lock, then seals them onto the locked head with <see cref="ChainLinker.Link"/>.
/// Immutable once made; the arrays it exposes must not be changed.
/// </summary>
public sealed class PreparedEntry
{
    private PreparedEntry(EntryDraft draft, byte[] payload, byte[] salt, byte[] payloadDigest)
    {
        Draft = draft;
        Payload = payload;
        Salt = salt;
        PayloadDigest = payloadDigest;
    }

    /// <summary>The draft as given (its payload before canonicalization).</summary>
    public EntryDraft Draft { get; }

    /// <summary>The canonical payload bytes: exactly what is stored and digested.</summary>
    public byte[] Payload { get; }

    /// <summary>The fresh random salt (<see cref="EntryEncoding.SaltSize"/> bytes) the payload digest is keyed with.</summary>
    public byte[] Salt { get; }

    /// <summary>The payload digest (<see cref="EntryEncoding.ComputePayloadDigest(ReadOnlySpan{byte}, ReadOnlySpan{byte})"/> of salt and payload).</summary>
    public byte[] PayloadDigest { get; }

    /// <summary>Validates, canonicalizes, guards against PHI, salts and digests one draft.</summary>
    /// <param name="draft">The draft; its payload is any JSON.</param>
    /// <param name="options">The limits (<see cref="ComplianceKitOptions.MaxPayloadBytes"/>).</param>
    /// <param name="guard">The PHI guard the host configured.</param>
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
    /// <param name="draft">The draft; its payload must already be canonical JSON.</param>
    /// <param name="options">The limits (<see cref="ComplianceKitOptions.MaxPayloadBytes"/>).</param>
    /// <param name="guard">The PHI guard the host configured.</param>
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
