using System.Text;
using ComplianceKit.Approvals;
using NodaTime;

namespace ComplianceKit.Tests.Approvals;

public sealed class ApprovalStatementTests
{
    private static readonly ApprovalStatement Statement = new()
    {
        Organization = "Test Clinic",
        Subject = new ApprovalSubject("release", "2.4.0-production"),
        ArtifactSha256 = new string('a', 64),
        Decision = ApprovalDecision.ApprovedWithConditions,
        Conditions = "Watch the error budget.",
        Meaning = SignatureMeaning.Approval,
        Signer = new ApprovalSigner("Dana Reyes", "Compliance Officer", new string('b', 64)),
        SignedAt = Instant.FromUtc(2026, 11, 24, 15, 0, 5),
        LedgerHead = new LedgerHeadReference("release", 42, new string('c', 64)),
    };

    [Fact]
    public void ToCanonicalBytes_KnownStatement_IsSortedCompactJsonWithCamelCaseEnums()
    {
        var text = Encoding.UTF8.GetString(Statement.ToCanonicalBytes());

        Assert.StartsWith("{\"artifactSha256\":\"aaaa", text, StringComparison.Ordinal);
        Assert.Contains("\"decision\":\"approvedWithConditions\",\"ledgerHead\":{\"chainId\":\"release\",\"rootSha256\":", text, StringComparison.Ordinal);
        Assert.Contains("\"signedAt\":\"2026-11-24T15:00:05Z\",\"signer\":{\"certificateSha256\":", text, StringComparison.Ordinal);
        Assert.EndsWith("\"type\":\"compliancekit.approval/v1\"}", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_CanonicalBytes_RoundTrips()
    {
        var parsed = ApprovalStatement.Parse(Statement.ToCanonicalBytes());

        Assert.Equal(Statement, parsed);
    }

    [Fact]
    public void Parse_SameStatementWithWhitespace_IsRefusedAsNotCanonical()
    {
        var spaced = Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(Statement.ToCanonicalBytes()).Replace(",", ", ", StringComparison.Ordinal));

        var error = Assert.Throws<FormatException>(() => ApprovalStatement.Parse(spaced));

        Assert.Contains("not canonical", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_UnknownMemberSigned_IsRefused()
    {
        var text = Encoding.UTF8.GetString(Statement.ToCanonicalBytes()).Replace("{\"artifactSha256\"", "{\"aaExtra\":\"x\",\"artifactSha256\"", StringComparison.Ordinal);

        var error = Assert.Throws<FormatException>(() => ApprovalStatement.Parse(Encoding.UTF8.GetBytes(text)));

        Assert.Contains("does not know", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("\"decision\":\"approvedWithConditions\"", "\"decision\":\"maybe\"")]
    [InlineData("\"size\":42", "\"size\":\"42\"")]
    public void Parse_WrongValue_IsRefusedWithAFormatException(string from, string to)
    {
        var text = Encoding.UTF8.GetString(Statement.ToCanonicalBytes()).Replace(from, to, StringComparison.Ordinal);

        Assert.Throws<FormatException>(() => ApprovalStatement.Parse(Encoding.UTF8.GetBytes(text)));
    }
}
