namespace ComplianceKit.Bundles;

/// <summary>How far verification of the entries has come, for a progress display.</summary>
/// <param name="EntriesRead">Entries verified so far.</param>
/// <param name="EntriesExpected">Entries the manifest announces.</param>
/// <param name="BytesRead">Uncompressed bytes of <c>entries.jsonl</c> read so far.</param>
/// <param name="BytesExpected">Its uncompressed size.</param>
public readonly record struct BundleProgress(long EntriesRead, long EntriesExpected, long BytesRead, long BytesExpected);
