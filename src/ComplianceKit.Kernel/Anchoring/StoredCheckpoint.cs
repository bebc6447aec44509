namespace ComplianceKit.Anchoring;

/// <summary>A checkpoint read from a sink's directory, with the witness co-signatures kept beside it.</summary>
/// <param name="File">Its file, relative to the directory read.</param>
/// <param name="Checkpoint">The signed checkpoint.</param>
/// <param name="Cosignatures">The witnesses' detached CMS signatures over the same checkpoint bytes (DER), as found.</param>
public sealed record StoredCheckpoint(string File, SignedCheckpoint Checkpoint, IReadOnlyList<byte[]> Cosignatures)
{
    /// <summary>The history it was published in: 0 before any restore of its origin, <c>n</c> in the folder the <c>n</c>-th restore opened.</summary>
    public int Epoch { get; init; }
}
