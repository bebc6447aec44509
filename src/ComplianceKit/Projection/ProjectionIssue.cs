namespace ComplianceKit.Projection;

/// <summary>
/// An entry the projection could not apply as written (a payload not in the documented shape, a reference to
/// something never recorded). The entry stays in the verified ledger; the projection goes on without it.
/// </summary>
/// <param name="Sequence">The entry's sequence.</param>
/// <param name="EntryType">The entry's type.</param>
/// <param name="Message">What is wrong.</param>
public sealed record ProjectionIssue(long Sequence, string EntryType, string Message)
{
    /// <inheritdoc />
    public override string ToString() => $"entry {Sequence} ({EntryType}): {Message}";
}
