using System.Security.Cryptography;
using ComplianceKit.Administration;
using ComplianceKit.Approvals;
using ComplianceKit.Gates;
using ComplianceKit.Signing;
using ComplianceKit.Testing.Ledger;
using ComplianceKit.Tests.Administration;
using Microsoft.Extensions.Options;
using NodaTime;

namespace ComplianceKit.Tests.Timestamps;

/// <summary>Approvals recorded through a timestamping signer: judged at the TSA's time, and required by a gate that asks for it.</summary>
public sealed class TimestampedGateTests : IDisposable
{
    private const string Chain = "release";
    private const string Role = "Compliance Officer";
    private static readonly ApprovalSubject Release = new("release", "2.4.0-production");
    private static readonly string Artifact = Convert.ToHexStringLower(SHA256.HashData("release notes 2.4.0"u8));
    private readonly TimestampFixture _f = new();
    private readonly TestAdministrators _admins = TestAdministrators.Instance;
    private readonly InMemoryComplianceLedger _ledger;
    private readonly AdministrationRecorder _admin;

    public TimestampedGateTests()
    {
        _ledger = new InMemoryComplianceLedger(_f.Clock);
        _admin = new AdministrationRecorder(_ledger, _f.Clock, _admins.Trust);
    }

    [Fact]
    public async Task Evaluate_GateRequiresTimestampAndApprovalIsTimestamped_Open()
    {
        await DefineGateAsync(requireTimestamp: true);
        var approval = await ApproveAsync(_f.TimestampingSigner());

        var evaluation = await EvaluateAsync();

        Assert.Equal(GateStatus.Open, evaluation.Status);
        Assert.NotNull(SignatureTimestamps.Find(approval.Signature));
        var check = Assert.Single(evaluation.Approvals);
        Assert.Equal(SigningTimeBasis.Timestamp, check.Signature.TimeBasis);
    }

    [Fact]
    public async Task Evaluate_GateRequiresTimestampAndApprovalIsNot_BlockedApprovalNotTimestamped()
    {
        await DefineGateAsync(requireTimestamp: true);
        await ApproveAsync(_f.Signer);

        var evaluation = await EvaluateAsync();

        Assert.Equal(GateStatus.Blocked, evaluation.Status);
        Assert.Contains(evaluation.Blockers, b => b.Kind == GateBlockerKind.ApprovalNotTimestamped && b.Role == Role);
        Assert.Contains(evaluation.Blockers, b => b.Kind == GateBlockerKind.RoleMissing && b.Role == Role);
    }

    [Fact]
    public async Task Evaluate_GateWithoutTheRequirement_UntimestampedApprovalCounts()
    {
        await DefineGateAsync(requireTimestamp: false);
        await ApproveAsync(_f.Signer);

        var evaluation = await EvaluateAsync();

        Assert.Equal(GateStatus.Open, evaluation.Status);
    }

    [Fact]
    public async Task Evaluate_RoleRevokedBeforeTheTimestampButAfterTheClaimedTime_SignerNotAuthorized()
    {
        await DefineGateAsync(requireTimestamp: false);
        _f.Clock.Advance(Duration.FromHours(2));
        await _admin.RevokeRoleAsync(Chain, Role, _f.Signer.Certificate, _admins.Administrator);
        _f.TsaClock.Reset(_f.Clock.GetCurrentInstant() + Duration.FromMinutes(1));
        _f.Clock.Advance(Duration.FromMinutes(1));
        await ApproveAsync(_f.TimestampingSigner(), signerClockBehind: Duration.FromHours(2));
        var evaluation = await EvaluateAsync(tolerance: Duration.FromDays(1));

        var check = Assert.Single(evaluation.Approvals);
        Assert.Equal(SignatureVerificationStatus.Valid, check.Signature.Status);
        Assert.False(check.Authorized);
        Assert.Contains(evaluation.Blockers, b => b.Kind == GateBlockerKind.SignerNotAuthorized && b.Message.Contains("RFC 3161", StringComparison.Ordinal));
    }

    public void Dispose() => _f.Dispose();

    private async Task DefineGateAsync(bool requireTimestamp)
    {
        await _admin.DefineGateAsync(Chain, new GateDefinition
        {
            Id = "g1",
            Title = "Production 2.4.0",
            Subject = Release,
            RequiredRoles = [Role],
            ArtifactSha256 = Artifact,
            RequireTimestampedApprovals = requireTimestamp ? true : null,
        }, _admins.Administrator);
        await _admin.GrantRoleAsync(Chain, Role, _f.Signer.Certificate, _admins.Administrator);
        _f.Clock.Advance(Duration.FromMinutes(1));
        _f.TsaClock.Reset(_f.Clock.GetCurrentInstant());
    }

    /// <summary>Signs on a machine whose clock is <paramref name="signerClockBehind"/> behind the ledger's: the claimed time is that clock's.</summary>
    private async Task<SignedApproval> ApproveAsync(ICmsSigner signer, Duration signerClockBehind = default)
    {
        var recorder = new ApprovalRecorder(_ledger, new NodaTime.Testing.FakeClock(_f.Clock.GetCurrentInstant() - signerClockBehind),
            Options.Create(new ComplianceKitOptions { Organization = "Test Clinic" }));
        var approval = await recorder.SignAsync(Chain, new ApprovalRequest
        {
            Subject = Release,
            ArtifactSha256 = Artifact,
            Decision = ApprovalDecision.Approved,
            Meaning = SignatureMeaning.Approval,
            SignerName = "Casey Officer",
            Role = Role,
        }, signer);
        _f.Clock.Advance(Duration.FromSeconds(1));
        return approval;
    }

    private async Task<GateEvaluation> EvaluateAsync(Duration? tolerance = null)
    {
        var policy = _f.Policy();
        policy.SigningTimeTolerance = tolerance ?? policy.SigningTimeTolerance;
        var evaluator = new GateEvaluator(_ledger, new CmsSignatureVerifier(policy), _admins.Trust);
        return await evaluator.EvaluateAsync(Chain, "g1", _f.Clock.GetCurrentInstant() + Duration.FromMinutes(5));
    }
}
