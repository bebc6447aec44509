using ComplianceKit.Checklists;

namespace ComplianceKit.Tests.Checklists;

public class MarkdownChecklistParserClaimTests
{
    private readonly MarkdownChecklistParser parser = new();

    [Fact]
    public void Parse_DeclaredReadiness_KeepsEveryClaimWithLineAndPercent()
    {
        var text = """
            # Patient Portal Launch — 95% ready
            Status: 80% complete as of the last stand-up.
            **Readiness:** 87.5%
            ## Compliance
            We are 100% HIPAA compliant.
            - [ ] Overall readiness is at 90%
            - [x] Migration 100% done
            """;

        var document = parser.Parse(text);

        Assert.Equal(
            [(1, 95m, "95% ready"), (2, 80m, "80% complete"), (3, 87.5m, "Readiness: 87.5%"), (5, 100m, "100% HIPAA compliant"), (6, 90m, "readiness is at 90%"), (7, 100m, "100% done")],
            document.DeclaredClaims.Select(c => (c.Line, c.Percent, c.Text)));
        Assert.Equal("We are 100% HIPAA compliant.", document.DeclaredClaims[3].LineText);
    }

    [Fact]
    public void Parse_ReadyColonPercent_IsAClaim()
    {
        var text = "# Gate\nReady: 95%\n- [ ] Something\n";

        var document = parser.Parse(text);

        var claim = Assert.Single(document.DeclaredClaims);
        Assert.Equal(95m, claim.Percent);
        Assert.Equal("Ready: 95%", claim.Text);
        Assert.Equal(2, claim.Line);
    }

    [Fact]
    public void Parse_PercentagesThatAreNotReadiness_AreIgnored()
    {
        var text = """
            ### Phase 2: Expanded Rollout (25% of workspaces)
            - [ ] Error rate < 1%
            - [ ] End-to-end tests passing (100%)
            - [ ] CPU utilization below 70%
            - [ ] Increase rollout to 50% of workspaces
            - [ ] Test coverage: 85%
            - [ ] 30% not ready yet
            - [ ] Performance degradation > 50%
            """;

        var document = parser.Parse(text);

        Assert.Empty(document.DeclaredClaims);
    }

    [Fact]
    public void Parse_ClaimsInsideCodeAndComments_AreIgnored()
    {
        var text = "# Gate\n```\nReady: 95%\n```\n<!-- 99% ready -->\n- [ ] Item\n";

        var document = parser.Parse(text);

        Assert.Empty(document.DeclaredClaims);
    }
}
