using System.Security.Cryptography;
using System.Text.Json;
using ComplianceKit.Administration;
using ComplianceKit.Approvals;
using ComplianceKit.EntityFrameworkCore;
using ComplianceKit.Bundles;
using ComplianceKit.Evidence;
using ComplianceKit.Hashing;
using ComplianceKit.Ledger;
using ComplianceKit.Retention;
using ComplianceKit.Signing;
using ComplianceKit.Tests.Signing;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using NodaTime.Testing;

namespace ComplianceKit.Documentation.Tests.Hosting;

/// <summary>A host wired as the README says gets every writer from its services, over its own context and clock.</summary>
public sealed class HostWritersTests : IDisposable
{
    private static readonly Instant Now = TestPki.SigningTime.Plus(Duration.FromMilliseconds(250));
    private readonly TempFolder _folder = new();

    [Fact]
    public async Task Writers_FromTheHostsServices_RecordAnchorRoleApprovalAndSignedEvidenceThatVerify()
    {
        await using var provider = await HostAsync();
        await using var scope = provider.CreateAsyncScope();
        var approvals = scope.ServiceProvider.GetRequiredService<ApprovalRecorder>();
        var administration = scope.ServiceProvider.GetRequiredService<AdministrationRecorder>();
        using var administrator = new X509CertificateSigner(TestPki.Instance.EcdsaSigner);
        var evidence = scope.ServiceProvider.GetRequiredService<EvidenceRecorder>();
        using var signer = new X509CertificateSigner(TestPki.Instance.RsaSigner);
        var release = Hex.Format(SHA256.HashData("release 2.4.0"u8));

        await administration.AddTrustAnchorAsync("default", TestPki.Instance.Root, administrator);
        await administration.GrantRoleAsync("default", "Compliance Officer", signer.Certificate, administrator);
        var approval = await approvals.SignAsync("default", new ApprovalRequest
        {
            Subject = new ApprovalSubject("release", "2.4.0-production"), ArtifactSha256 = release,
            Decision = ApprovalDecision.Approved, SignerName = "Casey Officer", Role = "Compliance Officer",
        }, signer);
        var attached = await evidence.AttachAsync("default", new EvidenceStatement
        {
            EvidenceId = "risk-2026", ControlId = "hipaa.164.308.a.1.ii.a", Kind = "risk-assessment", ArtifactSha256 = release,
            CollectedAt = approval.Statement.SignedAt, CollectedBy = "officer:casey",
        }, "officer:casey", signer);

        var ledger = scope.ServiceProvider.GetRequiredService<IComplianceLedger>();
        var report = await ledger.VerifyAsync("default");
        Assert.True(report.IsValid);
        var types = new List<string>();
        for (var sequence = 0L; sequence < report.TreeHead.Size; sequence++)
        {
            types.Add((await ledger.GetEntryAsync("default", sequence))!.EntryType);
        }

        Assert.Equal([ApprovalEntryTypes.TrustAnchorAdded, ApprovalEntryTypes.RoleGranted, ApprovalEntryTypes.ApprovalSigned, EvidenceEntryTypes.Attached], types);
        Assert.Equal("Acme Clinic", approval.Statement.Organization);
        Assert.Equal(Instant.FromUnixTimeSeconds(Now.ToUnixTimeSeconds()), approval.Statement.SignedAt);
        var evidenceEntry = (await ledger.GetEntryAsync("default", attached.FirstSequence))!;
        Assert.Equal(Now, evidenceEntry.RecordedAt);
        using var payload = JsonDocument.Parse(evidenceEntry.Payload);
        Assert.True(payload.RootElement.TryGetProperty(EvidenceStatement.SignatureMember, out _));
    }

    [Fact]
    public async Task EvidenceRecorder_SelfAttestedThenWithdrawn_RecordsBothAndRefusesToSignTheWordOfSomeone()
    {
        await using var provider = await HostAsync();
        await using var scope = provider.CreateAsyncScope();
        var evidence = scope.ServiceProvider.GetRequiredService<EvidenceRecorder>();
        var ledger = scope.ServiceProvider.GetRequiredService<IComplianceLedger>();
        using var signer = new X509CertificateSigner(TestPki.Instance.RsaSigner);
        var statement = new EvidenceStatement
        {
            EvidenceId = "box-3", ControlId = "hipaa.164.308.a.1.ii.a", Kind = "risk-assessment", SelfAttested = true,
            CollectedAt = Now, CollectedBy = "officer:casey",
        };

        var refused = await Record.ExceptionAsync(() => evidence.AttachAsync("default", statement, "officer:casey", signer));
        var attached = await evidence.AttachAsync("default", statement, "officer:casey");
        var withdrawn = await evidence.WithdrawAsync("default", new EvidenceWithdrawal { EvidenceId = "box-3", ControlId = "hipaa.164.308.a.1.ii.a", Reason = "superseded" }, "officer:casey");

        Assert.IsType<ArgumentException>(refused);
        Assert.Equal((0L, 1L), (attached.FirstSequence, withdrawn.FirstSequence));
        Assert.Equal(EvidenceEntryTypes.Withdrawn, (await ledger.GetEntryAsync("default", 1))!.EntryType);
        Assert.True((await ledger.VerifyAsync("default")).IsValid);
    }

    [Fact]
    public async Task Services_OneScope_ShareTheScopesLedgerAndContext()
    {
        await using var provider = await HostAsync();
        await using var scope = provider.CreateAsyncScope();

        var recorder = scope.ServiceProvider.GetRequiredService<ApprovalRecorder>();

        Assert.Same(recorder, scope.ServiceProvider.GetRequiredService<ApprovalRecorder>());
        Assert.Same(scope.ServiceProvider.GetRequiredService<EvidenceRecorder>(), scope.ServiceProvider.GetRequiredService<EvidenceRecorder>());
        Assert.NotNull(scope.ServiceProvider.GetRequiredService<EvidenceBundleExporter>());
        Assert.NotNull(scope.ServiceProvider.GetRequiredService<IRetentionLedger>());
        Assert.IsType<FakeClock>(scope.ServiceProvider.GetRequiredService<IClock>());
    }

    [Fact]
    public async Task ApprovalRecorder_InsideTheHostsTransactionRolledBack_WritesNothing()
    {
        await using var provider = await HostAsync();
        await using (var scope = provider.CreateAsyncScope())
        {
            var context = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            await using var transaction = await context.Database.BeginTransactionAsync();

            using var administrator = new X509CertificateSigner(TestPki.Instance.EcdsaSigner);
            await scope.ServiceProvider.GetRequiredService<AdministrationRecorder>().AddTrustAnchorAsync("default", TestPki.Instance.Root, administrator);

            await transaction.RollbackAsync();
        }

        await using var check = provider.CreateAsyncScope();
        Assert.Empty(await check.ServiceProvider.GetRequiredService<IComplianceLedger>().GetChainIdsAsync());
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        _folder.Dispose();
    }

    /// <summary>The README's registrations, with the host's own clock registered first (it replaces the real one).</summary>
    private async Task<ServiceProvider> HostAsync()
    {
        var services = new ServiceCollection().AddSingleton<IClock>(new FakeClock(Now));
        services.AddDbContext<AppDbContext>(o => o.UseSqlite($"Data Source={Path.Combine(_folder.Path, "app.db")}"));
        services.AddComplianceKit(o =>
        {
            o.Organization = "Acme Clinic";
            o.AdministrationRootPem = TestPki.Instance.Root.ExportCertificatePem();
        }).AddEntityFrameworkCoreStore<AppDbContext>().UseSqliteDialect();
        var provider = services.BuildServiceProvider(validateScopes: true);
        await using var scope = provider.CreateAsyncScope();
        await ComplianceKitDatabase.EnsureCreatedAsync(scope.ServiceProvider.GetRequiredService<AppDbContext>());
        return provider;
    }

    private sealed class AppDbContext(DbContextOptions<AppDbContext> options) : DbContext(options), IComplianceKitDbContext
    {
        protected override void OnModelCreating(ModelBuilder modelBuilder) => modelBuilder.ApplyComplianceKit();
    }
}
