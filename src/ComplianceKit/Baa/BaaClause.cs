namespace ComplianceKit.Baa;

/// <summary>A clause a business associate agreement must contain.</summary>
/// <param name="Id">The id agreements list in <c>clauses</c>, for example <c>report-security-incidents</c>.</param>
/// <param name="Citation">Where the requirement comes from, for example <c>45 CFR 164.314(a)(2)(i)(C)</c>.</param>
/// <param name="Summary">What the clause must say, in our own words.</param>
public sealed record BaaClause(string Id, string Citation, string Summary);
