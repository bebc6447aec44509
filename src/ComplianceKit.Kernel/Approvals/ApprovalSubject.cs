namespace ComplianceKit.Approvals;

/// <summary>What is approved: a kind (release, control, baa, policy, ...) and an id within it.</summary>
/// <param name="Kind">Lower-case kind, for example <c>release</c>.</param>
/// <param name="Id">The id within the kind, for example <c>2.4.0-production</c>.</param>
public sealed record ApprovalSubject(string Kind, string Id)
{
    /// <summary>The ledger subject of approval entries: <c>kind:id</c>.</summary>
    public override string ToString() => $"{Kind}:{Id}";
}
