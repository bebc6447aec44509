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

    /// <summary>
    /// The batch rule every store applies before taking its chain's lock: a valid chain id, 1 to
    /// <see cref="ComplianceKitOptions.MaxBatchSize"/> drafts, each prepared by <see cref="Prepare"/>.
    /// </summary>
    /// <param name="chainId">The chain the batch is for.</param>
    /// <param name="drafts">The drafts, in append order.</param>
    /// <param name="options">The limits.</param>
    /// <param name="guard">The PHI guard the host configured.</param>
    /// <exception cref="LedgerValidationException">The chain id, the batch size or a draft breaks a limit.</exception>
    public static PreparedEntry[] PrepareBatch(string chainId, IReadOnlyList<EntryDraft> drafts, ComplianceKitOptions options, PayloadPrivacyGuard guard)
    {
        LedgerLimits.ValidateChainId(chainId);
        ArgumentNullException.ThrowIfNull(drafts);
        ArgumentNullException.ThrowIfNull(options);
        if (drafts.Count == 0)
        {
            throw new LedgerValidationException("An append needs at least one entry.");
        }

        if (drafts.Count > options.MaxBatchSize)
        {
            throw new LedgerValidationException($"A batch holds at most {options.MaxBatchSize} entries; got {drafts.Count}.");
        }

        var prepared = new PreparedEntry[drafts.Count];
        for (var i = 0; i < drafts.Count; i++)
        {
            prepared[i] = Prepare(drafts[i], options, guard);
        }

        return prepared;
    }

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
