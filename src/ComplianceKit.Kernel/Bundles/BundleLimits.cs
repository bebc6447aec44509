namespace ComplianceKit.Bundles;

/// <summary>
/// The caps the verifier applies before and while it reads a bundle, so a hostile archive cannot exhaust
/// memory or disk: nothing is ever extracted, members are streamed and their sizes enforced. A member
/// over a cap is refused as <see cref="BundleFindingKind.UnsafeMember"/>. Immutable.
/// </summary>
public sealed record BundleLimits
{
    /// <summary>The defaults, sized for ledgers of tens of millions of entries.</summary>
    public static BundleLimits Default { get; } = new();

    /// <summary>The most members an archive may hold (its central directory is read into memory).</summary>
    public int MaxMembers { get; init; } = 100_000;

    /// <summary>The largest central directory accepted, in bytes.</summary>
    public long MaxCentralDirectoryBytes { get; init; } = 64L * 1024 * 1024;

    /// <summary>The largest uncompressed <c>entries.jsonl</c>, in bytes (64 GiB).</summary>
    public long MaxEntriesFileBytes { get; init; } = 64L * 1024 * 1024 * 1024;

    /// <summary>The largest uncompressed <c>manifest.json</c> or <c>SHA256SUMS</c>, in bytes; they are read whole.</summary>
    public int MaxManifestBytes { get; init; } = 64 * 1024 * 1024;

    /// <summary>The largest uncompressed member of any other kind (statements, signatures, certificates), in bytes.</summary>
    public int MaxFileBytes { get; init; } = 16 * 1024 * 1024;

    /// <summary>The longest line of <c>entries.jsonl</c>, in bytes; an entry's payload is at most a few hundred KiB.</summary>
    public int MaxLineBytes { get; init; } = 8 * 1024 * 1024;

    /// <summary>The largest ratio of declared uncompressed size to compressed size, for members over 64 KiB.</summary>
    public int MaxCompressionRatio { get; init; } = 100;
}
