namespace ComplianceKit.Ledger.Specification;

/// <summary>
/// Put on a concrete test class (or an interface test classes implement) to skip its <see cref="LedgerFactAttribute"/> tests while <see cref="Reason"/> is not
/// <see langword="null"/> (for example a store whose server is not configured on this machine).
/// </summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Interface, Inherited = true)]
public abstract class LedgerSkipAttribute : Attribute
{
    /// <summary>Why the tests skip here, or <see langword="null"/> when they run.</summary>
    public abstract string? Reason { get; }
}
