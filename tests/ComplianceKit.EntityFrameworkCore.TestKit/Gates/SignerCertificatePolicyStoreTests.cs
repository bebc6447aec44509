using System.Security.Cryptography.X509Certificates;
using System.Security.Cryptography;
using ComplianceKit.Approvals;
using ComplianceKit.Bundles;
using ComplianceKit.EntityFrameworkCore.TestKit.Infrastructure;
using ComplianceKit.Evidence;
using ComplianceKit.Ledger;
using ComplianceKit.Signing;
using ComplianceKit.Testing.Signing;
using ComplianceKit.Tests.Signing;
using Microsoft.Extensions.Options;
using NodaTime;
using NodaTime.Testing;

namespace ComplianceKit.EntityFrameworkCore.TestKit.Gates;

/// <summary>A CA certificate or a weak key presented by an outside signer (an HSM, a KMS) is refused where the library signs; nothing is written.</summary>
public abstract class SignerCertificatePolicyStoreTests
{
    private const string Chain = "release";
    private static readonly string Artifact = Convert.ToHexStringLower(SHA256.HashData("release notes 2.4.0"u8));
    private readonly FakeClock _clock = new(TestPki.SigningTime, Duration.FromSeconds(1));
    private readonly IOptions<ComplianceKitOptions> _options = Options.Create(new ComplianceKitOptions { Organization = "Test Clinic" });

    /// <summary>The engine every test of the suite runs on.</summary>
    protected abstract IStoreEngine Engine { get; }

    [LedgerFact]
    public async Task SignApproval_CaCertificateOrWeakKey_RefusedAndNothingWritten()
    {
        await using var db = await TestDatabase.CreateAsync(Engine);
        await using var context = db.CreateContext();
        var ledger = db.CreateLedger(context, _clock, _options.Value);
        await ledger.AppendAsync(Chain, [EntryDraft.FromJson("note", "note:1", "admin", """{"n":1}""")]);
        var recorder = new ApprovalRecorder(ledger, _clock, _options);

        foreach (var certificate in new[] { TestPki.Instance.CaSigner, TestPki.Instance.WeakRsaSigner })
        {
            var signer = new RefusingSigner(certificate);
            var request = new ApprovalRequest
            {
                Subject = new ApprovalSubject("release", "2.4.0"), ArtifactSha256 = Artifact, Decision = ApprovalDecision.Approved,
                SignerName = "Carl", Role = "Compliance Officer",
            };

            await Assert.ThrowsAsync<SignerCertificateRejectedException>(() => recorder.SignAsync(Chain, request, signer));

            Assert.Equal(0, signer.AttemptCount);
        }

        Assert.Equal(1, (await ledger.GetTreeHeadAsync(Chain)).Size);
    }

    [LedgerFact]
    public async Task SignEvidence_CaCertificate_Refused()
    {
        var statement = new EvidenceStatement
        {
            EvidenceId = "ev-1", ControlId = "backup", Kind = "test-report", ArtifactSha256 = Artifact,
            CollectedAt = TestPki.SigningTime, CollectedBy = "staff-1",
        };
        var signer = new RefusingSigner(TestPki.Instance.CaSigner);

        var exception = await Assert.ThrowsAsync<SignerCertificateRejectedException>(() => statement.ToSignedDraftAsync("staff-1", signer, TestPki.SigningTime));

        Assert.Equal(SignerCertificateProblem.CertificateAuthority, exception.Check.Problem);
        Assert.Equal(0, signer.AttemptCount);
    }

    [LedgerFact]
    public async Task ExportCheckpoint_WeakKey_RefusedBeforeAnyByteIsWritten()
    {
        await using var db = await TestDatabase.CreateAsync(Engine);
        await using var context = db.CreateContext();
        var ledger = db.CreateLedger(context, _clock, _options.Value);
        await ledger.AppendAsync(Chain, [EntryDraft.FromJson("note", "note:1", "admin", """{"n":1}""")]);
        var signer = new RefusingSigner(TestPki.Instance.WeakRsaSigner);
        using var destination = new MemoryStream();

        var exception = await Assert.ThrowsAsync<SignerCertificateRejectedException>(() =>
            new EvidenceBundleExporter(ledger, _clock, _options.Value).ExportAsync(destination, new BundleExportRequest { ChainId = Chain }, signer));

        Assert.Equal(SignerCertificateProblem.RsaKeyTooSmall, exception.Check.Problem);
        Assert.Equal(0, destination.Length);
        Assert.Equal(0, signer.AttemptCount);
    }
}
