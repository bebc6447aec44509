namespace ComplianceKit.Baa;

/// <summary>
/// The checklist of clauses 45 CFR 164.504(e)(2) and 164.314(a)(2)(i) require in every business associate agreement,
/// summarized in our own words. An executed agreement that does not list one of them is a readiness blocker.
/// A starting point to review with counsel, not legal advice.
/// </summary>
public static class BaaRequiredClauses
{
    /// <summary>Every required clause, in the order of the regulation.</summary>
    public static IReadOnlyList<BaaClause> All { get; } =
    [
        new("permitted-uses", "45 CFR 164.504(e)(2)(i)", "Sets out the permitted and required uses and disclosures of PHI by the business associate, none beyond what the covered entity itself may do."),
        new("no-other-use", "45 CFR 164.504(e)(2)(ii)(A)", "The business associate will not use or further disclose PHI other than as the agreement permits or the law requires."),
        new("safeguards", "45 CFR 164.504(e)(2)(ii)(B)", "The business associate will use appropriate safeguards, and comply with the Security Rule for electronic PHI, to prevent other uses and disclosures."),
        new("report-improper-use", "45 CFR 164.504(e)(2)(ii)(C)", "The business associate will report any use or disclosure the agreement does not provide for, breaches of unsecured PHI included."),
        new("subcontractors", "45 CFR 164.504(e)(2)(ii)(D)", "Subcontractors that handle PHI for the business associate agree to the same restrictions and conditions."),
        new("individual-access", "45 CFR 164.504(e)(2)(ii)(E)", "PHI is made available for individuals' right of access (164.524)."),
        new("amendment", "45 CFR 164.504(e)(2)(ii)(F)", "PHI is made available for amendment, and amendments are incorporated (164.526)."),
        new("accounting", "45 CFR 164.504(e)(2)(ii)(G)", "The information needed for an accounting of disclosures is made available (164.528)."),
        new("covered-entity-obligations", "45 CFR 164.504(e)(2)(ii)(H)", "Where the business associate carries out a covered entity obligation, it complies with the Privacy Rule requirements that apply to it."),
        new("hhs-access", "45 CFR 164.504(e)(2)(ii)(I)", "Internal practices, books and records are made available to the Secretary of HHS to determine compliance."),
        new("return-or-destroy", "45 CFR 164.504(e)(2)(ii)(J)", "At termination, all PHI is returned or destroyed, or, where infeasible, its protections extend and further uses are limited."),
        new("termination-for-breach", "45 CFR 164.504(e)(2)(iii)", "The covered entity may terminate the agreement if the business associate violates a material term."),
        new("security-rule-compliance", "45 CFR 164.314(a)(2)(i)(A)", "The business associate complies with the applicable requirements of the Security Rule."),
        new("subcontractor-security", "45 CFR 164.314(a)(2)(i)(B)", "Subcontractors that create, receive, keep or send electronic PHI agree by contract to comply with the Security Rule."),
        new("report-security-incidents", "45 CFR 164.314(a)(2)(i)(C)", "The business associate reports security incidents it becomes aware of, breaches of unsecured PHI included (164.410)."),
    ];

    /// <summary>The required clauses missing from <paramref name="clauseIds"/>, in regulation order.</summary>
    public static IReadOnlyList<BaaClause> MissingFrom(IEnumerable<string> clauseIds)
    {
        ArgumentNullException.ThrowIfNull(clauseIds);
        var present = clauseIds.ToHashSet(StringComparer.Ordinal);
        return All.Where(c => !present.Contains(c.Id)).ToList();
    }
}
