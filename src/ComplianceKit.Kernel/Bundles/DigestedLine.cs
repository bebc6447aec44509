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

/// <summary>The first <paramref name="Count"/> lines of a reused <paramref name="Lines"/> array, and where they belong in the file.</summary>
/// <param name="Lines">From a <see cref="DigestedLinePool"/>; the checker returns it.</param>
/// <param name="Count">How many lines it holds.</param>
/// <param name="Chunk">The reader's chunk the lines come from (<see cref="LineChunk.Index"/>).</param>
/// <param name="Part">The batch's place among that chunk's batches, from 0.</param>
/// <param name="Last">Whether it is the chunk's last batch.</param>
/// <param name="Malformed">On a chunk's first batch: the findings of the chunk's malformed lines, in line order; otherwise <see langword="null"/>.</param>
internal sealed record DigestedBatch(DigestedLine[] Lines, int Count, int Chunk, int Part, bool Last, List<string>? Malformed);
