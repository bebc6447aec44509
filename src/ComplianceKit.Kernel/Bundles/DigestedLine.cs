using System.Runtime.CompilerServices;
using ComplianceKit.Verification;

namespace ComplianceKit.Bundles;

/// <summary>
/// One entry line after <see cref="EntryLineDigester"/>: either <see cref="Parsed"/> into an entry with its digests (when the in-order
/// checks need the entry itself), or only what <see cref="ChainVerifier"/> needs, hashed where the line lay, in a value that the
/// pipeline's batches reuse.
/// </summary>
internal struct DigestedLine
{
    /// <summary>The line parsed in full; <see langword="null"/> when only the fields below were computed.</summary>
    public DigestedEntry? Parsed;

    /// <summary>The entry's sequence.</summary>
    public long Sequence;

    /// <summary>The chain it names (a cached string).</summary>
    public string ChainId;

    /// <summary>Its entry type (a cached string).</summary>
    public string EntryType;

    /// <summary>What the payload rule looks at.</summary>
    public PayloadCheck.Facts Payload;

    /// <summary>Whether the header hashes to the stored entry hash.</summary>
    public bool HeaderHolds;

    /// <summary>The stored previous-hash, the stored entry hash and the leaf hash, 32 bytes each.</summary>
    public LineHashes Hashes;
}

/// <summary>Three 32-byte hashes inline: previous-hash, entry hash, leaf hash.</summary>
[InlineArray(96)]
internal struct LineHashes
{
    private byte _first;
}

/// <summary>The first <paramref name="Count"/> lines of a reused <paramref name="Lines"/> array.</summary>
internal readonly record struct DigestedBatch(DigestedLine[] Lines, int Count);
