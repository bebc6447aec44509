namespace ComplianceKit.Ledger;

/// <summary>One finding of verification, naming the entry.</summary>
/// <param name="Sequence">The entry's sequence number (for a gap, the first missing one).</param>
/// <param name="Status">What was found.</param>
/// <param name="Message">A sentence a person can act on.</param>
public sealed record VerificationFailure(long Sequence, VerificationStatus Status, string Message)
{
    /// <inheritdoc />
    public override string ToString() => $"#{Sequence} {Status}: {Message}";
}
