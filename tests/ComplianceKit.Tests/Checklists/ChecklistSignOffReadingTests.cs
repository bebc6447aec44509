using ComplianceKit.Checklists;

namespace ComplianceKit.Tests.Checklists;

/// <summary>Authorship lines are not roles; a sign-off that states what the role attests keeps the statement.</summary>
public class ChecklistSignOffReadingTests
{
    private readonly MarkdownChecklistParser parser = new();

    [Theory]
    [InlineData("**Prepared By:** Dana Whitfield")]
    [InlineData("Author: ____________")]
    [InlineData("- Owner: Platform team")]
    [InlineData("**Document Owner**: ________ Date: ____")]
    [InlineData("Written by: R. Osei")]
    [InlineData("Last Updated By: __________")]
    public void Parse_AuthorshipLine_IsNotASignOffRole(string line)
    {
        var document = parser.Parse($"# Release\n- [ ] Item\n\n## Sign-off\n{line}\nCompliance Officer: ________\n");

        Assert.Equal(["Compliance Officer"], document.SignOffs.Select(s => s.Role));
        Assert.Contains(document.SkippedLines, s => s.Reason == SkipReason.Authorship && s.Text == line);
    }

    [Theory]
    [InlineData("Deployed By: ______________")]
    [InlineData("**Approved By**: ______________")]
    public void Parse_ByLabelNamingNoRole_IsAFormField(string line)
    {
        var document = parser.Parse($"# Release\n- [ ] Item\n\n{line}\n");

        Assert.Empty(document.SignOffs);
        Assert.Contains(document.SkippedLines, s => s.Reason == SkipReason.FormField && s.Text == line);
    }

    [Theory]
    [InlineData("- [ ] **Security Lead**: No open findings", "Security Lead", "No open findings")]
    [InlineData("Compliance Officer: All BAAs executed ________ Date: ____", "Compliance Officer", "All BAAs executed")]
    [InlineData("- [ ] Operations Manager: rollback rehearsed and runbook signed off ______", "Operations Manager", "rollback rehearsed and runbook signed off")]
    public void Parse_SignOffStatingAnAttestation_IsARoleWithThatAttestation(string line, string role, string attestation)
    {
        var document = parser.Parse($"# Release\n- [ ] Item\n## Sign-off\n{line}\n");

        var signOff = Assert.Single(document.SignOffs);
        Assert.Equal((role, attestation, null), (signOff.Role, signOff.Attestation, signOff.SignedBy));
    }

    [Fact]
    public void Parse_SignOffWithATypedName_HasNoAttestation()
    {
        var document = parser.Parse("# Release\n## Sign-off\nSecurity Lead: Jane Roe Date: 2026-03-01\n");

        var signOff = Assert.Single(document.SignOffs);
        Assert.Equal(("Jane Roe", null), (signOff.SignedBy, signOff.Attestation));
    }

    [Fact]
    public void Parse_SignOffTableWithAnAttestationColumn_KeepsTheStatement()
    {
        var text = "# Release\n## Approvals\n| Role | Attests | Signature | Date |\n|---|---|---|---|\n| Privacy Officer | No PHI in logs | | |\n";

        var document = parser.Parse(text);

        var signOff = Assert.Single(document.SignOffs);
        Assert.Equal(("Privacy Officer", "No PHI in logs", SignOffStatus.Blank), (signOff.Role, signOff.Attestation, signOff.Status));
    }

    [Fact]
    public void Parse_SignOffUnderALabelLine_RecordsTheLabel()
    {
        var text = "# Release\n## Sign-offs\n**Post-Deployment Sign-off:**\n- [ ] 24-Hour Review Lead: ________\n";

        var document = parser.Parse(text);

        Assert.Equal("Post-Deployment Sign-off", Assert.Single(document.SignOffs).Label);
    }
}
