namespace ComplianceKit.Bundles;

/// <summary>One file the manifest lists: its member name, uncompressed size and SHA-256.</summary>
/// <param name="Name">The zip member name, for example <c>entries.jsonl</c>.</param>
/// <param name="Size">The uncompressed size in bytes.</param>
/// <param name="Sha256">The SHA-256 of the uncompressed bytes, lower-case hex (as <c>sha256sum</c> prints it).</param>
public sealed record ManifestFile(string Name, long Size, string Sha256);
