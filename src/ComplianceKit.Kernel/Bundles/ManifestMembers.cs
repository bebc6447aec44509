namespace ComplianceKit.Bundles;

/// <summary>
/// Which top-level members a manifest of each format version may hold (docs/FORMAT.md 12.5 and 12.12). A version 1
/// manifest holds exactly the version 1 members, as it always did; a version 2 manifest may add the members listed
/// in <see cref="Version2Additions"/>, each optional. A member a version 2 feature adds is registered there and read
/// only when <see cref="BundleManifest.Version"/> is at least 2, so version 1 bundles keep exactly their rules.
/// </summary>
internal static class ManifestMembers
{
    /// <summary>The members of a version 1 manifest, in the order the writer emits them; only <c>administrationRoots</c> is optional.</summary>
    public static readonly string[] Version1 =
    [
        "format", "organization", "chainId", "createdAt", "checkpoint", "scope", "entries", "purges", "approvals", "previousCheckpoint",
        "checkpointSigner", "trustAnchors", "administrationRoots", "files",
    ];

    /// <summary>The optional members version 2 adds to <see cref="Version1"/> (FORMAT.md 12.12): the one list a version 2 feature extends.</summary>
    public static readonly string[] Version2Additions = ["anchors", "revocation"];

    /// <summary>The members a manifest of <paramref name="version"/> may hold.</summary>
    public static string[] AllowedIn(BundleFormatVersion version) =>
        version == BundleFormatVersion.V1 ? Version1 : [.. Version1, .. Version2Additions];
}
