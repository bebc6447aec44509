namespace ComplianceKit.Bundles;

/// <summary>A retention purge the manifest declares, so a streaming verifier can accept absent payloads before it reaches the purge entry.</summary>
/// <param name="Sequence">The sequence of the <c>retention.purged</c> entry.</param>
/// <param name="Policy">The policy the purge entry names.</param>
/// <param name="Ranges">The inclusive sequence ranges it purged, ascending and disjoint, as the entry's payload states them.</param>
public sealed record ManifestPurge(long Sequence, string Policy, IReadOnlyList<(long First, long Last)> Ranges);
