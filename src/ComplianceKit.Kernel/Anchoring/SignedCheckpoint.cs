using ComplianceKit.Ledger;

namespace ComplianceKit.Anchoring;

/// <summary>
/// A checkpoint of a chain (C2SP tlog-checkpoint body: origin, tree size, root) and the organisation's detached CMS signature
/// over its exact bytes: what is recorded as a <c>checkpoint.published</c> entry, written to sinks and co-signed by witnesses.
/// </summary>
/// <remarks>Immutable; the signature is copied on construction and on read. The signature is not verified here.</remarks>
public sealed class SignedCheckpoint
{
    private readonly byte[] _signature;

    /// <summary>Creates a signed checkpoint from its parts.</summary>
    /// <exception cref="ArgumentException">The signature is empty.</exception>
    public SignedCheckpoint(Checkpoint checkpoint, ReadOnlySpan<byte> signature)
    {
        ArgumentNullException.ThrowIfNull(checkpoint);
        if (signature.IsEmpty)
        {
            throw new ArgumentException("A signed checkpoint needs its signature.", nameof(signature));
        }

        Checkpoint = checkpoint;
        _signature = signature.ToArray();
    }

    /// <summary>The checkpoint.</summary>
    public Checkpoint Checkpoint { get; }

    /// <summary>A copy of the DER CMS signature over <see cref="Checkpoint"/>'s bytes.</summary>
    public byte[] Signature => (byte[])_signature.Clone();

    /// <summary>The payload of the <c>checkpoint.published</c> entry recording it.</summary>
    public PublishedCheckpointPayload ToPayload() =>
        new() { Checkpoint = Convert.ToBase64String(Checkpoint.ToBytes()), Signature = Convert.ToBase64String(_signature) };

    /// <summary>Reads the signed checkpoint a <c>checkpoint.published</c> entry records.</summary>
    /// <exception cref="FormatException">The entry is not of that type, its payload is absent or malformed, or the checkpoint does not parse.</exception>
    public static SignedCheckpoint FromEntry(LedgerEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        if (entry.EntryType != CheckpointEntryTypes.Published)
        {
            throw new FormatException($"Entry {entry.Sequence} is a '{entry.EntryType}', not a '{CheckpointEntryTypes.Published}'.");
        }

        var payload = PublishedCheckpointPayload.FromEntry(entry);
        return new SignedCheckpoint(Checkpoint.Parse(Convert.FromBase64String(payload.Checkpoint)), Convert.FromBase64String(payload.Signature));
    }
}
