using ComplianceKit.Checklists;

namespace ComplianceKit.Tests.Checklists;

/// <summary>Declared readiness figures in the many places authors write them, and the percentages that are not claims.</summary>
public class ReadinessClaimReadingTests
{
    private readonly MarkdownChecklistParser parser = new();

    [Theory]
    [InlineData("Launch confidence: **92%**", 92, ReadinessClaimForm.Label)]
    [InlineData("**Confidence:** HIGH (92%)", 92, ReadinessClaimForm.Label)]
    [InlineData("Readiness: 95%", 95, ReadinessClaimForm.Label)]
    [InlineData("\U0001F7E2 70% done", 70, ReadinessClaimForm.StatusLine)]
    [InlineData("\u2705 88%", 88, ReadinessClaimForm.StatusLine)]
    [InlineData("## Overall readiness \u2014 81%", 81, ReadinessClaimForm.Heading)]
    [InlineData("We are 99.5% ready for go-live.", 99.5, ReadinessClaimForm.Text)]
    [InlineData("**Overall status:** 87% complete", 87, ReadinessClaimForm.Label)]
    public void Parse_OverallClaimInItsWording_IsTheHeadline(string line, double percent, ReadinessClaimForm form)
    {
        var document = parser.Parse($"# Go-live\n\n{line}\n\n## Work\n- [ ] Item\n");

        var headline = Assert.IsType<DeclaredReadinessClaim>(document.HeadlineClaim);
        Assert.Equal(((decimal)percent, ReadinessClaimScope.Overall, form), (headline.Percent, headline.Scope, headline.Form));
    }

    [Fact]
    public void Parse_ScoreTableWithComponentRowsAndATotalRow_HeadlineIsTheTotal()
    {
        var text = """
            # Launch review

            | Component | Owner | Score |
            |---|---|---|
            | Security | Ana | 90% |
            | **Backend** | Raj | **75%** |
            | **Overall** | | **82%** |

            - [ ] Item
            """;

        var document = parser.Parse(text);

        Assert.Equal(
            [(90m, ReadinessClaimScope.Component, "Security"), (75m, ReadinessClaimScope.Component, "Backend"), (82m, ReadinessClaimScope.Overall, null)],
            document.DeclaredClaims.Select(c => (c.Percent, c.Scope, c.Component)));
        Assert.Equal((82m, 7, ReadinessClaimForm.Table), (document.HeadlineClaim!.Percent, document.HeadlineClaim.Line, document.HeadlineClaim.Form));
    }

    [Fact]
    public void Parse_TableWithReadinessRowAndBareNumberPercentColumn_FindsBoth()
    {
        var text = """
            # Status
            | Area | Done (%) |
            |---|---|
            | Frontend | 60 |
            | Total readiness | 72 |
            - [ ] Item
            """;

        var document = parser.Parse(text);

        Assert.Equal([60m, 72m], document.DeclaredClaims.Select(c => c.Percent));
        Assert.Equal(72m, document.HeadlineClaim!.Percent);
    }

    [Fact]
    public void Parse_ComponentClaimBeforeOverallClaim_HeadlineIsTheOverallOne()
    {
        var text = "# Release\nSecurity readiness: 60%\n**Overall readiness:** 85%\n- [ ] Item\n";

        var document = parser.Parse(text);

        Assert.Equal(["Security", null], document.DeclaredClaims.Select(c => c.Component));
        Assert.Equal(85m, document.HeadlineClaim!.Percent);
    }

    [Fact]
    public void Parse_OnlyAComponentOrItemClaims_NoHeadline()
    {
        var text = "# Release\n## Backend\n- [x] Migration 100% done\nDatabase readiness: 40%\n";

        var document = parser.Parse(text);

        Assert.Equal(2, document.DeclaredClaims.Count);
        Assert.Equal(ReadinessClaimForm.Item, document.DeclaredClaims[0].Form);
        Assert.Null(document.HeadlineClaim);
    }

    [Theory]
    [InlineData("- [ ] Error rate < 1%")]
    [InlineData("- [ ] Roll out to 10% of users")]
    [InlineData("- [ ] Coverage 80%+")]
    [InlineData("- [ ] Test coverage: 85% complete")]
    [InlineData("- [ ] CPU utilization below 70%")]
    [InlineData("Target readiness: 95%")]
    [InlineData("Uptime status: 99.9%")]
    [InlineData("- [ ] At least 90% done before the freeze")]
    [InlineData("Error rate \u2264 0.5% (status: green)")]
    [InlineData("\U0001F7E2 10% of workspaces enabled")]
    public void Parse_ThresholdsRolloutsTargetsAndMeasurements_AreNotClaims(string line)
    {
        var document = parser.Parse($"# Plan\n{line}\n- [ ] Item\n");

        Assert.Empty(document.DeclaredClaims);
    }

    [Fact]
    public void Parse_TableOfThresholdsAndTargets_HasNoClaims()
    {
        var text = """
            # Metrics
            | Metric | Target | Threshold |
            |---|---|---|
            | Error rate | < 1% | 5% |
            | Coverage | 80%+ | 70% |
            - [ ] Item
            """;

        var document = parser.Parse(text);

        Assert.Empty(document.DeclaredClaims);
    }
}
