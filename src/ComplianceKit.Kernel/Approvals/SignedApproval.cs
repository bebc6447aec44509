using ComplianceKit.Ledger;
using NodaTime;

namespace ComplianceKit.Approvals;

/// <summary>
/// An approval as the ledger holds it: the exact statement bytes and the detached CMS signature over
/// them, in the payload of an <c>approval.signed</c> entry (base64 members <c>statement</c> and <c>signature</c>).
/// </summary>
public sealed class SignedApproval
{
    /// <summary>Creates a signed approval from its parts.</summary>
    public SignedApproval(ApprovalStatement statement, byte[] statementBytes, byte[] signature, long sequence, Instant recordedAt)
    {
        Statement = statement;
        StatementBytes = statementBytes;
        Signature = signature;
        Sequence = sequence;
        RecordedAt = recordedAt;
    }

    /// <summary>The parsed statement.</summary>
    public ApprovalStatement Statement { get; }

    /// <summary>The canonical statement bytes the signature covers.</summary>
    public byte[] StatementBytes { get; }

    /// <summary>The detached CMS SignedData (DER).</summary>
    public byte[] Signature { get; }

    /// <summary>The ledger sequence of the entry; -1 before it is recorded.</summary>
    public long Sequence { get; }

    /// <summary>When the ledger recorded it.</summary>
    public Instant RecordedAt { get; }

    /// <summary>The ledger payload carrying the statement and signature.</summary>
    public static byte[] ToPayload(byte[] statementBytes, byte[] signature) => SignedApprovalPayload.Of(statementBytes, signature).ToCanonicalBytes();

    /// <summary>Reads an <c>approval.signed</c> entry.</summary>
    /// <exception cref="FormatException">The payload is missing or malformed; the message names the entry.</exception>
    public static SignedApproval FromEntry(LedgerEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        if (entry.Payload is null)
        {
            throw new FormatException($"Approval entry {entry.Sequence} has no payload (purged or missing).");
        }

        try
        {
            var payload = SignedApprovalPayload.FromEntry(entry);
            var statementBytes = payload.StatementBytes();
            return new SignedApproval(ApprovalStatement.Parse(statementBytes), statementBytes, payload.SignatureBytes(), entry.Sequence, entry.RecordedAt);
        }
        catch (FormatException ex)
        {
            throw new FormatException($"Approval entry {entry.Sequence} is malformed: {ex.Message}", ex);
        }
    }
}
