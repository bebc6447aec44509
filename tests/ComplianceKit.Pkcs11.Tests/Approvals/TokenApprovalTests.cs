using System.Security.Cryptography;
using ComplianceKit.Approvals;
using ComplianceKit.EntityFrameworkCore;
using ComplianceKit.Ledger;
using ComplianceKit.Pkcs11.Tests.Infrastructure;
using ComplianceKit.Signing;
using ComplianceKit.Tests.Signing;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace ComplianceKit.Pkcs11.Tests.Approvals;

/// <summary>
/// Through the host API: an approval signed with a token key (registered in one line) is recorded on a real SQLite ledger
/// and verifies with our verifier and OpenSSL; when the token goes away after the signer opened, nothing is recorded.
/// </summary>
public sealed class TokenApprovalTests
{
    private static readonly string Artifact = Convert.ToHexStringLower(SHA256.HashData("release 4.0"u8));

    [Theory]
    [InlineData("rsa:2048")]
    [InlineData("EC:prime256v1")]
    public async Task SignAsync_TokenSigner_RecordedAndVerifiesWithOurVerifierAndOpenSsl(string keyType)
    {
        using var ca = new TokenCertificateAuthority();
        using var token = NewToken(ca, keyType);
        await using var host = await Host.CreateAsync(token);

        var approval = await host.Approvals.SignAsync("default", Request(), host.Signer);

        var stored = await host.Ledger.ReadAsync("default", approval.Sequence).FirstAsync();
        var payload = SignedApproval.FromEntry(stored);
        Assert.Equal(approval.Signature, payload.Signature);
        var result = new CmsSignatureVerifier(new SignatureTrustPolicy([ca.Certificate])).Verify(payload.StatementBytes, payload.Signature);
        Assert.True(result.IsValid, result.Message);
        using var openssl = new OpenSslCli();
        var (exit, output) = openssl.VerifyDetached(payload.StatementBytes, payload.Signature, ca.Certificate);
        Assert.True(exit == 0, output);
    }

    [Fact]
    public async Task SignAsync_TokenRemovedAfterOpening_ThrowsAndTheLedgerHeadIsUnchanged()
    {
        using var ca = new TokenCertificateAuthority();
        using var token = NewToken(ca, "EC:prime256v1");
        await using var host = await Host.CreateAsync(token);
        await host.Approvals.SignAsync("default", Request(), host.Signer);
        var head = await host.Ledger.GetTreeHeadAsync("default");

        token.RemoveTokenDirectory();
        var ex = await Assert.ThrowsAsync<Pkcs11SignerException>(() => host.Approvals.SignAsync("default", Request(), host.Signer));

        Assert.Equal(Pkcs11SignerError.TokenRemoved, ex.Error);
        var after = await host.Ledger.GetTreeHeadAsync("default");
        Assert.Equal(head.Size, after.Size);
        Assert.Equal(head.Root.ToArray(), after.Root.ToArray());
    }

    private static ApprovalRequest Request() => new()
    {
        Subject = new ApprovalSubject("release", "4.0"), ArtifactSha256 = Artifact, Decision = ApprovalDecision.Approved,
        SignerName = "Casey Token", Role = "Compliance Officer",
    };

    private static SoftHsmToken NewToken(TokenCertificateAuthority ca, string keyType)
    {
        var token = SoftHsmToken.Create();
        token.WriteCertificate(ca.Issue(token.GenerateKeyPair(keyType, "01", "officer"), "CN=Casey Token, O=ComplianceKit Tests"), "01", "officer");
        return token;
    }

    /// <summary>A host as the README wires one: SQLite ledger, AddComplianceKit, and the token signer in one line.</summary>
    private sealed class Host : IAsyncDisposable
    {
        private readonly string path;
        private readonly ServiceProvider provider;
        private readonly AsyncServiceScope scope;

        private Host(string path, ServiceProvider provider)
        {
            this.path = path;
            this.provider = provider;
            scope = provider.CreateAsyncScope();
        }

        public IComplianceLedger Ledger => scope.ServiceProvider.GetRequiredService<IComplianceLedger>();

        public ApprovalRecorder Approvals => scope.ServiceProvider.GetRequiredService<ApprovalRecorder>();

        public ICmsSigner Signer => scope.ServiceProvider.GetRequiredService<ICmsSigner>();

        public static async Task<Host> CreateAsync(SoftHsmToken token)
        {
            var path = Path.Combine(token.Folder, "ledger.db");
            var options = token.Options("01");
            var services = new ServiceCollection();
            services.AddDbContext<ComplianceKitDbContext>(o => Microsoft.EntityFrameworkCore.SqliteDbContextOptionsBuilderExtensions.UseSqlite(o, $"Data Source={path}"));
            services.AddComplianceKit(o => o.Organization = "ComplianceKit Tests").AddEntityFrameworkCoreStore<ComplianceKitDbContext>().UseSqliteDialect();
            services.AddPkcs11Signer(o => (o.Uri, o.ModulePath, o.PinEnvironmentVariable) = (options.Uri, options.ModulePath, options.PinEnvironmentVariable));
            var host = new Host(path, services.BuildServiceProvider());
            await ComplianceKitDatabase.EnsureCreatedAsync(host.scope.ServiceProvider.GetRequiredService<ComplianceKitDbContext>());
            await host.Ledger.AppendAsync(EntryDraft.FromObject("release.built", "release:4.0", "ci", new { version = "4.0" }));
            return host;
        }

        public async ValueTask DisposeAsync()
        {
            await scope.DisposeAsync();
            await provider.DisposeAsync();
            SqliteConnection.ClearAllPools();
        }
    }
}
