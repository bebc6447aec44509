using ComplianceKit.Ledger;

namespace ComplianceKit.Anchoring;

/// <summary>
/// A <see cref="RestoreStatement"/> and the organisation's detached CMS signature over its exact bytes: what is recorded as a
/// <c>checkpoint.restored</c> entry, written to sinks beside the checkpoints and shown to witnesses.
/// </summary>
/// <remarks>Immutable; the signature is copied on construction and on read. The signature is not verified here.</remarks>
public sealed class SignedRestoreStatement
{
    private readonly byte[] _signature;

    /// <summary>Creates a signed statement from its parts.</summary>
    /// <exception cref="ArgumentException">The signature is empty.</exception>
    public SignedRestoreStatement(RestoreStatement statement, ReadOnlySpan<byte> signature)
    {
        ArgumentNullException.ThrowIfNull(statement);
        if (signature.IsEmpty)
        {
            throw new ArgumentException("A signed restore statement needs its signature.", nameof(signature));
        }

        Statement = statement;
        _signature = signature.ToArray();
    }

    /// <summary>The statement.</summary>
    public RestoreStatement Statement { get; }

    /// <summary>A copy of the DER CMS signature over <see cref="Statement"/>'s bytes.</summary>
    public byte[] Signature => (byte[])_signature.Clone();

    /// <summary>The payload of the <c>checkpoint.restored</c> entry recording it.</summary>
    public RestoreStatementPayload ToPayload() =>
        new() { Statement = Convert.ToBase64String(Statement.ToBytes()), Signature = Convert.ToBase64String(_signature) };

    /// <summary>Reads the signed statement a <c>checkpoint.restored</c> entry records.</summary>
    /// <exception cref="FormatException">The entry is not of that type, its payload is absent or malformed, or the statement does not parse.</exception>
    public static SignedRestoreStatement FromEntry(LedgerEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        if (entry.EntryType != CheckpointEntryTypes.Restored)
        {
            throw new FormatException($"Entry {entry.Sequence} is a '{entry.EntryType}', not a '{CheckpointEntryTypes.Restored}'.");
        }

        var payload = RestoreStatementPayload.FromEntry(entry);
        return new SignedRestoreStatement(RestoreStatement.Parse(Convert.FromBase64String(payload.Statement)), Convert.FromBase64String(payload.Signature));
    }
}
