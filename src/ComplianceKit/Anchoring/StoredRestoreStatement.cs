namespace ComplianceKit.Anchoring;

/// <summary>A restore statement read from a sink's directory.</summary>
/// <param name="File">Its file, relative to the directory read.</param>
/// <param name="Statement">The signed statement.</param>
/// <param name="Epoch">Which restore of its origin it is, from 1 (its folder's number).</param>
public sealed record StoredRestoreStatement(string File, SignedRestoreStatement Statement, int Epoch);
