using System.Text;
using ComplianceKit.Controls;

namespace ComplianceKit.Tests.Controls;

public class ControlCatalogTests
{
    [Fact]
    public void HipaaSecurityRule_EmbeddedCatalog_CoversEverySafeguardWithCitations()
    {
        var catalog = ControlCatalog.HipaaSecurityRule();

        Assert.Equal("hipaa-security-rule", catalog.Id);
        Assert.Equal(47, catalog.Controls.Count);
        Assert.Equal(catalog.Controls.Count, catalog.Controls.Select(c => c.Id).Distinct().Count());
        Assert.Equal(["administrative", "documentation", "organizational", "physical", "technical"], catalog.Controls.Select(c => c.Category).Distinct().Order());
        Assert.All(catalog.Controls, c => Assert.StartsWith("45 CFR 164.3", c.FrameworkReference, StringComparison.Ordinal));
        Assert.All(catalog.Controls, c => Assert.NotEmpty(c.Evidence));
        Assert.All(catalog.Controls, c => Assert.Equal("catalog:hipaa-security-rule", c.Source));
        var audit = Assert.Single(catalog.Controls, c => c.FrameworkReference == "45 CFR 164.312(b)");
        Assert.Equal((ImplementationRequirement.Required, ControlCriticality.Critical), (audit.Requirement, audit.Criticality));
        var encryption = Assert.Single(catalog.Controls, c => c.FrameworkReference == "45 CFR 164.312(a)(2)(iv)");
        Assert.Equal(ImplementationRequirement.Addressable, encryption.Requirement);
        Assert.Equal(4, catalog.Controls.Count(c => c.FrameworkReference!.StartsWith("45 CFR 164.308(a)(5)(ii)", StringComparison.Ordinal)));
    }

    [Fact]
    public void LoadFile_HostCatalog_AddsItsControlsWithItsSource()
    {
        var path = Path.GetTempFileName();
        File.WriteAllText(path, """
            { "format": "compliancekit.catalog/v1", "id": "acme-soc2", "title": "Acme SOC 2 additions", "version": "1",
              "controls": [ { "id": "acme.cc6.1", "title": "Logical access", "criticality": "critical", "requirement": "required",
                              "evidence": [ { "kind": "access-review", "freshnessDays": 90 } ] } ] }
            """);
        try
        {
            var catalog = ControlCatalog.LoadFile(path);

            var control = Assert.Single(catalog.Controls);
            Assert.Equal(("acme.cc6.1", ControlCriticality.Critical, "catalog:acme-soc2"), (control.Id, control.Criticality, control.Source));
            Assert.Equal(new EvidenceRequirement("access-review", 90), Assert.Single(control.Evidence));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Theory]
    [InlineData("""{ "format": "other/v1", "id": "x", "controls": [] }""", "format")]
    [InlineData("""{ "format": "compliancekit.catalog/v1", "id": "x", "controls": [ { "id": "a", "title": "A" }, { "id": "a", "title": "B" } ] }""", "twice")]
    [InlineData("""{ "format": "compliancekit.catalog/v1", "id": "x", "controls": [ { "id": "a", "title": "A", "evidence": [ { "kind": "r", "freshnessDays": 0 } ] } ] }""", "freshnessDays")]
    [InlineData("""{ "format": "compliancekit.catalog/v1", "id": "x", "controls": [ { "id": "has space", "title": "A" } ] }""", "control #1")]
    [InlineData("""{ "format": "compliancekit.catalog/v1", "id": "x", "controls": [ { "id": "a", "title": "A", "criticality": "urgent" } ] }""", "catalog format")]
    [InlineData("not json at all", "catalog format")]
    public void Load_InvalidCatalog_ThrowsFormatExceptionSayingWhy(string json, string expected)
    {
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(json));

        var error = Assert.Throws<FormatException>(() => ControlCatalog.Load(stream));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }
}
