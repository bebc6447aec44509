using ComplianceKit.Administration;
using ComplianceKit.Approvals;
using ComplianceKit.Gates;

namespace ComplianceKit.Tests.Approvals;

public sealed class GateWithoutTrustAnchorsTests
{
    [Fact]
    public void WithoutTrustAnchors_TwoRequiredRoles_EachBlocksAsRoleMissing()
    {
        var gate = new GateDefinition { Id = "g", Title = "G", Subject = new ApprovalSubject("release", "1"), RequiredRoles = ["QA", "Security Lead"] };

        var blockers = GateDecision.WithoutTrustAnchors(gate);

        Assert.Equal(["QA", "Security Lead"], blockers.Select(b => b.Role));
        Assert.All(blockers, b => Assert.Equal(GateBlockerKind.RoleMissing, b.Kind));
        Assert.All(blockers, b => Assert.StartsWith("No trust anchor is configured", b.Message, StringComparison.Ordinal));
    }
}
