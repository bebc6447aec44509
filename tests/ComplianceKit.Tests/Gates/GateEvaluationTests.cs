using System.Security.Cryptography;
using ComplianceKit.Administration;
using ComplianceKit.Approvals;
using ComplianceKit.Gates;
using ComplianceKit.Ledger;
using ComplianceKit.Signing;
using ComplianceKit.Testing.Ledger;
using ComplianceKit.Tests.Administration;
using ComplianceKit.Tests.Signing;
using Microsoft.Extensions.Options;
using NodaTime;
using NodaTime.Testing;

namespace ComplianceKit.Tests.Gates;

/// <summary>Approvals signed with real certificates, stored in the in-memory ledger (the store is not the subject), and gates evaluated from it.</summary>
public sealed class GateEvaluationTests : IAsyncLifetime
{
    private const string Chain = "release";
    private static readonly ApprovalSubject Release = new("release", "2.4.0-production");
    private static readonly string Artifact = Convert.ToHexStringLower(SHA256.HashData("release notes 2.4.0"u8));
    private static readonly string[] Roles = ["Development Lead", "Operations Lead", "Compliance Officer", "Project Manager"];
    private readonly TestPki _pki = TestPki.Instance;
    private readonly FakeClock _clock = new(TestPki.SigningTime.Minus(Duration.FromHours(1)), Duration.FromSeconds(1));
    private InMemoryComplianceLedger _ledger = null!;
    private ApprovalRecorder _recorder = null!;
    private AdministrationRecorder _admin = null!;
    private readonly TestAdministrators _admins = TestAdministrators.Instance;

    public async Task InitializeAsync()
    {
        _ledger = new InMemoryComplianceLedger(_clock);
        _recorder = new ApprovalRecorder(_ledger, _clock, Options.Create(new ComplianceKitOptions { Organization = "Test Clinic" }));
        _admin = new AdministrationRecorder(_ledger, _clock, _admins.Trust);
        await _admin.DefineGateAsync(Chain, new GateDefinition { Id = "g1", Title = "Production 2.4.0", Subject = Release, RequiredRoles = Roles, ArtifactSha256 = Artifact }, _admins.Administrator);
        await _admin.GrantRoleAsync(Chain, "Development Lead", _pki.RsaSigner, _admins.Administrator);
        await _admin.GrantRoleAsync(Chain, "Operations Lead", _pki.EcdsaSigner, _admins.Administrator);
        await _admin.GrantRoleAsync(Chain, "Compliance Officer", _pki.NonRepudiationOnlySigner, _admins.Administrator);
        await _admin.GrantRoleAsync(Chain, "Project Manager", _pki.IntermediateSigner, _admins.Administrator);
        await _admin.GrantRoleAsync(Chain, "Project Manager", _pki.ExpiredSigner, _admins.Administrator);
        _clock.Reset(TestPki.SigningTime);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Evaluate_EveryRoleApprovedByAnAuthorizedSigner_IsOpen()
    {
        await SignAsync(_pki.RsaSigner, "Development Lead");
        await SignAsync(_pki.EcdsaSigner, "Operations Lead");
        await SignAsync(_pki.NonRepudiationOnlySigner, "Compliance Officer", ApprovalDecision.ApprovedWithConditions, "Monitor audit log volume for 48 hours.");
        await SignAsync(_pki.IntermediateSigner, "Project Manager");

        var evaluation = await EvaluateAsync();

        Assert.Equal(GateStatus.Open, evaluation.Status);
        Assert.Equal(Roles.Order(), evaluation.SatisfiedRoles.Order());
        Assert.All(evaluation.Approvals, a => Assert.True(a.Counts));
    }

    [Fact]
    public async Task Evaluate_RejectionUnauthorizedSignerExpiredCertificateAndMissingRole_NamesEveryBlocker()
    {
        await SignAsync(_pki.RsaSigner, "Development Lead");
        await SignAsync(_pki.NonRepudiationOnlySigner, "Compliance Officer", ApprovalDecision.Rejected);
        await SignAsync(_pki.EcdsaSigner, "Project Manager");
        await SignAsync(_pki.ExpiredSigner, "Project Manager");

        var evaluation = await EvaluateAsync();

        Assert.Equal(GateStatus.Blocked, evaluation.Status);
        Assert.Contains(evaluation.Blockers, b => b.Kind == GateBlockerKind.Rejected && b.Role == "Compliance Officer");
        Assert.Contains(evaluation.Blockers, b => b.Kind == GateBlockerKind.SignerNotAuthorized && b.Role == "Project Manager");
        Assert.Contains(evaluation.Blockers, b => b.Kind == GateBlockerKind.CertificateExpiredAtSigning && b.Role == "Project Manager");
        Assert.Contains(evaluation.Blockers, b => b.Kind == GateBlockerKind.RoleMissing && b.Role == "Operations Lead");
        Assert.DoesNotContain(evaluation.Blockers, b => b.Role == "Development Lead");
    }

    [Fact]
    public async Task Evaluate_ForgedSignatureRecordedAsAnApproval_IsRefused()
    {
        await SignAllAsync();
        var genuine = await SignAsync(_pki.RsaSigner, "Development Lead");
        var forged = (byte[])genuine.Signature.Clone();
        forged[^10] ^= 0x40;

        await _ledger.AppendAsync(Chain, [new EntryDraft(ApprovalEntryTypes.ApprovalSigned, Release.ToString(), "intruder", SignedApproval.ToPayload(genuine.StatementBytes, forged))]);
        var evaluation = await EvaluateAsync();

        Assert.Equal(GateStatus.Blocked, evaluation.Status);
        Assert.Equal(GateBlockerKind.SignatureInvalid, Assert.Single(evaluation.Blockers).Kind);
    }

    [Fact]
    public async Task Evaluate_SignerWithdrawsApproval_RoleIsMissingAgain()
    {
        await SignAllAsync();

        _clock.AdvanceMinutes(5);
        await SignAsync(_pki.EcdsaSigner, "Operations Lead", ApprovalDecision.Withdrawn);
        var evaluation = await EvaluateAsync();

        Assert.Contains(evaluation.Blockers, b => b.Kind == GateBlockerKind.ApprovalSuperseded && b.Role == "Operations Lead");
        Assert.Contains(evaluation.Blockers, b => b.Kind == GateBlockerKind.RoleMissing && b.Role == "Operations Lead");
    }

    [Fact]
    public async Task Evaluate_GateRedefinedForANewArtifact_EarlierApprovalsAreSuperseded()
    {
        await SignAllAsync();
        var newArtifact = Convert.ToHexStringLower(SHA256.HashData("release notes 2.4.0, hotfix"u8));

        await _admin.DefineGateAsync(Chain, new GateDefinition { Id = "g1", Title = "Production 2.4.0", Subject = Release, RequiredRoles = Roles, ArtifactSha256 = newArtifact }, _admins.Administrator);
        var evaluation = await EvaluateAsync();

        Assert.Equal(4, evaluation.Blockers.Count(b => b.Kind == GateBlockerKind.ApprovalSuperseded));
        Assert.Empty(evaluation.SatisfiedRoles);
    }

    [Fact]
    public async Task Evaluate_RoleRevokedBeforeSigning_SignerIsNotAuthorized()
    {
        await _admin.RevokeRoleAsync(Chain, "Operations Lead", _pki.EcdsaSigner, _admins.Administrator);
        _clock.AdvanceSeconds(5);

        await SignAllAsync();
        var evaluation = await EvaluateAsync();

        Assert.Contains(evaluation.Blockers, b => b.Kind == GateBlockerKind.SignerNotAuthorized && b.Role == "Operations Lead");
    }

    [Fact]
    public async Task Evaluate_AtAnInstantBeforeTheApprovals_IsBlocked()
    {
        var before = _clock.GetCurrentInstant();
        _clock.AdvanceMinutes(1);
        await SignAllAsync();

        var then = await EvaluateAsync(before);
        var now = await EvaluateAsync();

        Assert.Equal(GateStatus.Blocked, then.Status);
        Assert.Equal(4, then.Blockers.Count(b => b.Kind == GateBlockerKind.RoleMissing));
        Assert.Equal(GateStatus.Open, now.Status);
    }

    [Fact]
    public async Task Evaluate_RequiredControlWithoutEvidenceSource_BlocksNamingTheControl()
    {
        await SignAllAsync();
        await _admin.DefineGateAsync(Chain, new GateDefinition { Id = "g2", Title = "With controls", Subject = Release, RequiredRoles = ["Development Lead"], RequiredControls = ["164.312(b)"] }, _admins.Administrator);

        var evaluation = await new GateEvaluator(_ledger, new CmsSignatureVerifier(_pki.NewPolicy()), _admins.Trust).EvaluateAsync(Chain, "g2", _clock.GetCurrentInstant());

        Assert.Equal(GateBlockerKind.ControlEvidenceMissing, Assert.Single(evaluation.Blockers).Kind);
    }

    [Fact]
    public async Task ApprovalFromTheLedger_OpenSslVerifiesIt_AndRefusesAChangedStatement()
    {
        var signed = await SignAsync(_pki.EcdsaSigner, "Operations Lead");
        var stored = SignedApproval.FromEntry((await _ledger.GetEntryAsync(Chain, signed.Sequence))!);
        using var openssl = new OpenSslCli();
        var changed = (byte[])stored.StatementBytes.Clone();
        changed[changed.Length / 2] ^= 0x01;

        var good = openssl.VerifyDetached(stored.StatementBytes, stored.Signature, _pki.Root);
        var bad = openssl.VerifyDetached(changed, stored.Signature, _pki.Root);

        Assert.True(good.ExitCode == 0, good.Output);
        Assert.NotEqual(0, bad.ExitCode);
        Assert.Equal(stored.Statement.SignedAt, signed.Statement.SignedAt);
    }

    private async Task SignAllAsync()
    {
        await SignAsync(_pki.RsaSigner, "Development Lead");
        await SignAsync(_pki.EcdsaSigner, "Operations Lead");
        await SignAsync(_pki.NonRepudiationOnlySigner, "Compliance Officer");
        await SignAsync(_pki.IntermediateSigner, "Project Manager");
    }

    private async Task<SignedApproval> SignAsync(System.Security.Cryptography.X509Certificates.X509Certificate2 certificate, string role,
        ApprovalDecision decision = ApprovalDecision.Approved, string? conditions = null)
    {
        using var signer = new X509CertificateSigner(certificate);
        return await _recorder.SignAsync(Chain, new ApprovalRequest
        {
            Subject = Release, ArtifactSha256 = Artifact, Decision = decision, Conditions = conditions,
            SignerName = certificate.GetNameInfo(System.Security.Cryptography.X509Certificates.X509NameType.SimpleName, false), Role = role,
        }, signer);
    }

    private Task<GateEvaluation> EvaluateAsync(Instant? at = null) =>
        new GateEvaluator(_ledger, new CmsSignatureVerifier(_pki.NewPolicy()), _admins.Trust).EvaluateAsync(Chain, "g1", at ?? _clock.GetCurrentInstant());
}
