using System.Text;
using ComplianceKit.Controls;
using ComplianceKit.Evidence;
using ComplianceKit.Projection;
using ComplianceKit.Signing;
using ComplianceKit.Tests.Projection;
using ComplianceKit.Tests.Signing;
using NodaTime;

namespace ComplianceKit.Tests.Evidence;

public class SignedEvidenceTests
{
    private static readonly Instant Collected = TestPki.SigningTime;
    private readonly TestPki _pki = TestPki.Instance;

    [Fact]
    public async Task SignedStatement_ThroughTheLedgerShape_VerifiesAndCountsAsSigned()
    {
        var record = await RecordSignedAsync(_pki.EcdsaSigner);

        var status = Evaluate(record, new EvidenceSignatureCheck(new CmsSignatureVerifier(_pki.NewPolicy())));

        Assert.Equal(EvidenceAssurance.SignedArtifact, record.Assurance);
        Assert.True(status.IsSatisfied);
        Assert.Equal(EvidenceAssurance.SignedArtifact, status.Assurance);
    }

    [Fact]
    public async Task SignedStatement_StatementBytesChanged_IsRejectedAndNamed()
    {
        var record = await RecordSignedAsync(_pki.EcdsaSigner);
        record.SignedStatement![10] ^= 0x01;

        var status = Evaluate(record, new EvidenceSignatureCheck(new CmsSignatureVerifier(_pki.NewPolicy())));

        Assert.Equal(EvidenceStatus.Missing, status.Status);
        Assert.Contains("evidence backup-test-1: signature ContentMismatch", Assert.Single(status.RejectedEvidence), StringComparison.Ordinal);
    }

    [Fact]
    public async Task SignedStatement_SignerFromAnotherCa_IsRejected()
    {
        var record = await RecordSignedAsync(_pki.ForeignSigner);

        var status = Evaluate(record, new EvidenceSignatureCheck(new CmsSignatureVerifier(_pki.NewPolicy())));

        Assert.False(status.IsSatisfied);
        Assert.Contains("UntrustedChain", Assert.Single(status.RejectedEvidence), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ToSignedDraftAsync_SelfAttested_IsRefused()
    {
        using var signer = new X509CertificateSigner(_pki.EcdsaSigner);

        var selfAttested = Statement() with { SelfAttested = true, ArtifactSha256 = null };

        await Assert.ThrowsAsync<ArgumentException>(() => selfAttested.ToSignedDraftAsync("it", signer, Collected));
    }

    [Fact]
    public void ToDraft_Instants_AreWrittenWithMicrosecondsInUtc()
    {
        var draft = (Statement() with { CollectedAt = Collected + Duration.FromTicks(1_234_567) }).ToDraft("it");

        var json = Encoding.UTF8.GetString(draft.Payload.Span);

        Assert.Contains("\"collectedAt\":\"2025-06-01T12:00:00.123456Z\"", json, StringComparison.Ordinal);
        Assert.Equal(Collected + Duration.FromTicks(1_234_560), EvidenceStatement.FromEntry(new EntryFactory(Collected).From(draft)).CollectedAt);
    }

    private static EvidenceStatement Statement() => new()
    {
        EvidenceId = "backup-test-1", ControlId = "ctl", Kind = "backup-restore-test", ArtifactSha256 = new string('b', 64),
        MediaType = "application/pdf", FileName = "restore.pdf", Uri = new Uri("https://vault.example/restore.pdf"), CollectedAt = Collected, CollectedBy = "it",
    };

    private static async Task<EvidenceRecord> RecordSignedAsync(System.Security.Cryptography.X509Certificates.X509Certificate2 certificate)
    {
        using var signer = new X509CertificateSigner(certificate);
        var draft = await Statement().ToSignedDraftAsync("it", signer, Collected);
        var projector = new ComplianceProjector("c");
        var factory = new EntryFactory(Collected);
        projector.Apply(factory.From(new ControlDefinition { Id = "ctl", Title = "Backups" }.ToDraft("it")));
        projector.Apply(factory.From(draft));
        var snapshot = projector.Complete(2, new byte[32]);
        Assert.Empty(snapshot.Issues);
        return Assert.Single(snapshot.Evidence);
    }

    private static ControlEvidenceStatus Evaluate(EvidenceRecord record, EvidenceSignatureCheck check) =>
        ControlEvidenceEvaluator.Evaluate(new ControlRecord { ChainId = "c", ControlId = "ctl", Title = "Backups" }, [], [record],
            Collected + Duration.FromDays(1), Duration.FromDays(30), EvidenceAssurance.SignedArtifact, check);
}
