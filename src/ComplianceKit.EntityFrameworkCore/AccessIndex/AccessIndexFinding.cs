namespace ComplianceKit.EntityFrameworkCore.AccessIndex;

/// <summary>One disagreement between the access side index and the entries, naming the entry and the key.</summary>
/// <param name="Problem">Whether the row is missing or names no such entry.</param>
/// <param name="Sequence">The entry's sequence (for <see cref="AccessIndexProblem.Unexpected"/>, the sequence the row names).</param>
/// <param name="Kind">Whether the key is the subject (record) or the actor (user).</param>
/// <param name="Key">The key: the entry's subject or actor, or the row's key.</param>
public sealed record AccessIndexFinding(AccessIndexProblem Problem, long Sequence, AccessIndexKey Kind, string Key)
{
    /// <summary>One line naming the entry, for reports.</summary>
    public override string ToString() => Problem == AccessIndexProblem.Missing
        ? $"entry {Sequence}: its {Kind.ToString().ToLowerInvariant()} '{Key}' is missing from the access index"
        : $"the access index names entry {Sequence} under {Kind.ToString().ToLowerInvariant()} '{Key}', which that entry does not have";
}
