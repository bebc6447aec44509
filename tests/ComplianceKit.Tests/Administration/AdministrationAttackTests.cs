using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using ComplianceKit.Administration;
using ComplianceKit.Approvals;
using ComplianceKit.Gates;
using ComplianceKit.Ledger;
using ComplianceKit.Signing;
using ComplianceKit.Testing.Ledger;
using ComplianceKit.Tests.Signing;
using ComplianceKit.Verification;
using Microsoft.Extensions.Options;
using NodaTime;
using NodaTime.Testing;

namespace ComplianceKit.Tests.Administration;

/// <summary>
/// The attacks on administration by an insider who can append (issue 11, item 3), over the in-memory ledger (the rules are
/// the subject, not the store): each forged or unsigned
/// administrative entry is ignored by the gate and named as a finding; the separation of duties holds; the weaker mode
/// keeps a ledger made the old way working.
/// </summary>
public sealed class AdministrationAttackTests
{
    private const string Chain = "release";
    private const string Role = "Compliance Officer";
    private static readonly ApprovalSubject Release = new("release", "3.0");
    private static readonly string Artifact = Convert.ToHexStringLower(SHA256.HashData("release 3.0"u8));
    private static readonly TestAdministrators Admins = TestAdministrators.Instance;
    private static readonly TestPki Pki = TestPki.Instance;

    [Fact]
    public async Task Gate_UnsignedRedefinitionWithNoRequiredRoles_IsIgnoredAndNamed()
    {
        await using var store = Store.Create();
        await store.Admin.DefineGateAsync(Chain, Gate([Role]), Admins.Administrator);

        var forged = await store.Ledger.AppendAsync(Chain, [Gate([]).ToDraft("intruder")]);
        var evaluation = await store.EvaluateAsync(Admins.Trust);
        var state = await store.StateAsync(Admins.Trust);

        Assert.Equal(GateStatus.Blocked, evaluation.Status);
        Assert.Equal([Role], evaluation.Gate.RequiredRoles);
        Assert.Equal(forged.FirstSequence, Assert.Single(evaluation.IgnoredAdministration).Sequence);
        var finding = Assert.Single(state.Findings);
        Assert.Equal((forged.FirstSequence, AdministrativeFindingKind.NotSigned), (finding.Sequence, finding.Kind));
    }

    [Fact]
    public async Task TrustAnchors_SelfPlantedCa_UnsignedOrSignedByItsOwnCertificate_IsNotTrusted()
    {
        await using var store = Store.Create();
        await store.Admin.AddTrustAnchorAsync(Chain, Pki.Root, Admins.Administrator);
        var record = TrustAnchorRecord.Of(Pki.OtherRoot);

        var unsigned = await store.Ledger.AppendAsync(Chain, [new EntryDraft(ApprovalEntryTypes.TrustAnchorAdded, "certificate:x", "intruder", record.ToCanonicalBytes())]);
        using var intruder = new X509CertificateSigner(Pki.ForeignSigner);
        var selfSigned = await store.Ledger.AppendAsync(Chain, [await Forge(ApprovalEntryTypes.TrustAnchorAdded, record.ToCanonicalBytes(), intruder)]);
        var state = await store.StateAsync(Admins.Trust);

        Assert.Equal([CertificateFingerprint.Of(Pki.Root)], state.TrustAnchorsAt(store.Clock.GetCurrentInstant()).Select(a => a.CertificateSha256));
        Assert.Equal(
            [(unsigned.FirstSequence, AdministrativeFindingKind.NotSigned), (selfSigned.FirstSequence, AdministrativeFindingKind.NotSignedByAdministrator)],
            state.Findings.Select(f => (f.Sequence, f.Kind)));
    }

    [Fact]
    public async Task Gate_SignerGrantsThemselvesTheRoleUnsigned_ApprovalIsNotAuthorized()
    {
        await using var store = Store.Create();
        await store.Admin.DefineGateAsync(Chain, Gate([Role]), Admins.Administrator);

        await store.Ledger.AppendAsync(Chain, [new EntryDraft(ApprovalEntryTypes.RoleGranted, $"role:{Role}", "intruder",
            new RoleGrantRecord(Role, CertificateFingerprint.Of(Pki.RsaSigner), Pki.RsaSigner.Subject).ToCanonicalBytes())]);
        await store.ApproveAsync(Pki.RsaSigner);
        var evaluation = await store.EvaluateAsync(Admins.Trust);

        Assert.Equal(GateStatus.Blocked, evaluation.Status);
        Assert.Contains(evaluation.Blockers, b => b.Kind == GateBlockerKind.SignerNotAuthorized && b.Role == Role);
    }

    [Fact]
    public async Task Gate_GrantSignedByANonAdministrator_DoesNotCount()
    {
        await using var store = Store.Create();
        await store.Admin.DefineGateAsync(Chain, Gate([Role]), Admins.Administrator);
        using var signerAsAdministrator = new X509CertificateSigner(Pki.EcdsaSigner);

        var grant = await store.Ledger.AppendAsync(Chain, [await Forge(ApprovalEntryTypes.RoleGranted,
            new RoleGrantRecord(Role, CertificateFingerprint.Of(Pki.RsaSigner), Pki.RsaSigner.Subject).ToCanonicalBytes(), signerAsAdministrator)]);
        await store.ApproveAsync(Pki.RsaSigner);
        var evaluation = await store.EvaluateAsync(Admins.Trust);
        var state = await store.StateAsync(Admins.Trust);

        Assert.Contains(evaluation.Blockers, b => b.Kind == GateBlockerKind.SignerNotAuthorized && b.Role == Role);
        var finding = Assert.Single(state.Findings);
        Assert.Equal((grant.FirstSequence, AdministrativeFindingKind.NotSignedByAdministrator), (finding.Sequence, finding.Kind));
    }

    [Fact]
    public async Task Grants_AdministratorGrantsThemselves_CountsOnlyOnceASecondAdministratorConfirms()
    {
        await using var store = Store.Create();
        var self = Admins.AdministratorCertificate;
        var fingerprint = CertificateFingerprint.Of(self);

        var grant = await store.Admin.GrantRoleAsync(Chain, Role, self, Admins.Administrator);
        var pending = await store.StateAsync(Admins.Trust);
        var refused = await Assert.ThrowsAsync<AdministrationRefusedException>(() => store.Admin.ConfirmRoleGrantAsync(Chain, grant.FirstSequence, Admins.Administrator));
        var sameSigner = await store.Ledger.AppendAsync(Chain, [await Forge(AdministrativeEntryTypes.RoleGrantConfirmed,
            new RoleGrantConfirmation(grant.FirstSequence, Role, fingerprint).ToCanonicalBytes(), Admins.Administrator)]);
        var stillPending = await store.StateAsync(Admins.Trust);
        store.Clock.AdvanceSeconds(2);
        await store.Admin.ConfirmRoleGrantAsync(Chain, grant.FirstSequence, Admins.SecondAdministrator);
        var confirmed = await store.StateAsync(Admins.Trust);

        var now = store.Clock.GetCurrentInstant();
        Assert.False(pending.Grants.IsAuthorized(Role, fingerprint, now));
        Assert.Equal((grant.FirstSequence, AdministrativeFindingKind.SelfGrantUnconfirmed), (Assert.Single(pending.Findings).Sequence, pending.Findings[0].Kind));
        Assert.Contains("second administrator", refused.Message, StringComparison.Ordinal);
        Assert.False(stillPending.Grants.IsAuthorized(Role, fingerprint, now));
        Assert.Contains(stillPending.Findings, f => f.Sequence == sameSigner.FirstSequence && f.Kind == AdministrativeFindingKind.ConfirmationInvalid);
        Assert.True(confirmed.Grants.IsAuthorized(Role, fingerprint, now));
        Assert.DoesNotContain(confirmed.Findings, f => f.Kind == AdministrativeFindingKind.SelfGrantUnconfirmed);
    }

    [Fact]
    public async Task Grants_ReplayedGrantAfterRevocation_IsNamedAndDoesNotRestoreTheRole()
    {
        await using var store = Store.Create();
        var grant = await store.Admin.GrantRoleAsync(Chain, Role, Pki.RsaSigner, Admins.Administrator);
        store.Clock.AdvanceSeconds(2);
        await store.Admin.RevokeRoleAsync(Chain, Role, Pki.RsaSigner, Admins.Administrator);
        store.Clock.AdvanceSeconds(2);

        var original = (await store.Ledger.GetEntryAsync(Chain, grant.FirstSequence))!;
        var replay = await store.Ledger.AppendAsync(Chain, [new EntryDraft(original.EntryType, original.Subject, "intruder", original.Payload)]);
        var state = await store.StateAsync(Admins.Trust);

        Assert.False(state.Grants.IsAuthorized(Role, CertificateFingerprint.Of(Pki.RsaSigner), store.Clock.GetCurrentInstant()));
        var finding = Assert.Single(state.Findings);
        Assert.Equal((replay.FirstSequence, AdministrativeFindingKind.Replayed), (finding.Sequence, finding.Kind));
    }

    [Fact]
    public async Task Recorder_SignerNotUnderTheAdministrationRoot_IsRefusedAndNothingIsWritten()
    {
        await using var store = Store.Create();
        await store.Admin.AddTrustAnchorAsync(Chain, Pki.Root, Admins.Administrator);
        using var notAnAdministrator = new X509CertificateSigner(Pki.RsaSigner);

        var error = await Assert.ThrowsAsync<AdministrationRefusedException>(() => store.Admin.GrantRoleAsync(Chain, Role, Pki.EcdsaSigner, notAnAdministrator));

        Assert.Contains("not an administrator", error.Message, StringComparison.Ordinal);
        Assert.Equal(1, (await store.Ledger.GetTreeHeadAsync(Chain)).Size);
    }

    [Fact]
    public async Task UnsignedMode_LedgerMadeTheOldWay_KeepsWorkingOnlyWhenAllowed()
    {
        await using var store = Store.Create();
        await store.Ledger.AppendAsync(Chain,
        [
            Gate([Role]).ToDraft("admin"),
            new EntryDraft(ApprovalEntryTypes.RoleGranted, $"role:{Role}", "admin", RoleGrantBook.Payload(Role, CertificateFingerprint.Of(Pki.RsaSigner), Pki.RsaSigner.Subject)),
        ]);
        await store.ApproveAsync(Pki.RsaSigner);

        var weaker = await store.EvaluateAsync(AdministrationTrust.UnsignedAllowed());
        var signed = await Assert.ThrowsAsync<KeyNotFoundException>(() => store.EvaluateAsync(Admins.Trust));

        Assert.Equal(GateStatus.Open, weaker.Status);
        Assert.Contains("is not signed by an administrator", signed.Message, StringComparison.Ordinal);
    }

    private static GateDefinition Gate(IReadOnlyList<string> roles) =>
        new() { Id = "g", Title = "Release 3.0", Subject = Release, RequiredRoles = roles, ArtifactSha256 = Artifact };

    /// <summary>An administrative draft signed by anyone (the recorder would refuse a non-administrator; an insider need not use it).</summary>
    private static Task<EntryDraft> Forge(string entryType, byte[] record, ICmsSigner signer) =>
        AdministrationRecorder.SignDraftAsync(Chain, entryType, "forged", record, signer, AdministrationTrust.UnsignedAllowed(), TestPki.SigningTime.Minus(Duration.FromMinutes(30)));

    private sealed class Store : IAsyncDisposable
    {
        private Store()
        {
            Ledger = new InMemoryComplianceLedger(Clock);
            Admin = new AdministrationRecorder(Ledger, Clock, Admins.Trust);
        }

        public FakeClock Clock { get; } = new(TestPki.SigningTime.Minus(Duration.FromHours(1)), Duration.FromSeconds(1));

        public InMemoryComplianceLedger Ledger { get; }

        public AdministrationRecorder Admin { get; }

        public static Store Create() => new();

        /// <summary>Approves the release as <paramref name="certificate"/> in <see cref="Role"/>, at the PKI's signing time.</summary>
        public async Task ApproveAsync(X509Certificate2 certificate)
        {
            Clock.Reset(TestPki.SigningTime);
            using var signer = new X509CertificateSigner(certificate);
            await new ApprovalRecorder(Ledger, Clock, Options.Create(new ComplianceKitOptions { Organization = "Test Clinic" })).SignAsync(Chain, new ApprovalRequest
            {
                Subject = Release, ArtifactSha256 = Artifact, Decision = ApprovalDecision.Approved,
                SignerName = certificate.GetNameInfo(X509NameType.SimpleName, false), Role = Role,
            }, signer);
        }

        public async Task<AdministrativeState> StateAsync(AdministrationTrust trust)
        {
            await using var chain = await VerifiedChain.OpenAsync(Ledger, Chain);
            return await AdministrativeState.ReadAsync(chain, trust);
        }

        public Task<GateEvaluation> EvaluateAsync(AdministrationTrust trust) =>
            new GateEvaluator(Ledger, new CmsSignatureVerifier(Pki.NewPolicy()), trust).EvaluateAsync(Chain, "g", Clock.GetCurrentInstant());

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
