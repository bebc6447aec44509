using NodaTime;

namespace ComplianceKit.Anchoring;

/// <summary>
/// What published checkpoints say about a chain: which prefix is anchored (covered by a checkpoint signed by the organisation,
/// co-signed by the required witnesses and extended by the chain), what tail is not yet, and every checkpoint the chain contradicts.
/// </summary>
public sealed class AnchorReport
{
    /// <summary>The chain's origin line.</summary>
    public required string Origin { get; init; }

    /// <summary>The chain's size as verified.</summary>
    public required long ChainSize { get; init; }

    /// <summary>Entries 0 to <c>AnchoredSize - 1</c> are anchored; 0 when no checkpoint anchors anything.</summary>
    public required long AnchoredSize { get; init; }

    /// <summary>The signing time of the newest checkpoint that anchors, or <see langword="null"/> when none does.</summary>
    public required Instant? NewestAnchorTime { get; init; }

    /// <summary>How many checkpoints of this origin were compared.</summary>
    public required int CheckpointsChecked { get; init; }

    /// <summary>How many of them were consistent and signed but lacked the required witness co-signatures.</summary>
    public required int CheckpointsWithoutQuorum { get; init; }

    /// <summary>Every checkpoint the chain contradicts, by size, and every gap a signed restore statement reports.</summary>
    public required IReadOnlyList<AnchorFinding> Findings { get; init; }

    /// <summary>Whether no published checkpoint is contradicted (an unanchored tail and a history lost in a signed restore are not failures; they are reported).</summary>
    public bool IsValid => Findings.All(f => f.Kind == AnchorFindingKind.LostInRestore);

    /// <summary>The entries after the anchored prefix: <c>ChainSize - AnchoredSize</c>.</summary>
    public long UnanchoredEntries => ChainSize - AnchoredSize;
}
