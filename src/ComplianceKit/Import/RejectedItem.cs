namespace ComplianceKit.Import;

/// <summary>A checkbox item that could not become a control, and why.</summary>
/// <param name="Line">The 1-based line.</param>
/// <param name="Reason">Why it was not imported.</param>
public sealed record RejectedItem(int Line, string Reason);
