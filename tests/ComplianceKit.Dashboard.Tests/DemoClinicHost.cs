using System.Diagnostics;
using System.Security.Claims;
using System.Security.Cryptography.X509Certificates;
using ComplianceKit.Dashboard;
using ComplianceKit.EntityFrameworkCore;
using ComplianceKit.Signing;
using ComplianceKit.Testing.Pki;
using ComplianceKit.Testing.Signing;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using NodaTime;

namespace ComplianceKit.Dashboard.Tests;

/// <summary>
/// A host on 127.0.0.1 with the demo clinic's ledger (made by <c>compliancekit demo</c>), cookie sign-in at <c>/login?user=...</c>
/// (the officer holds the role "Compliance Officer", the nurse does not) and the dashboard at <c>/compliance</c> behind the policy
/// "ComplianceOfficers". Shared by the tests of a class; disposed after them.
/// </summary>
public sealed class DemoClinicHost : IAsyncLifetime
{
    public const string Policy = "ComplianceOfficers";
    private readonly string _folder = Directory.CreateTempSubdirectory("compliancekit-dashboard-").FullName;
    private WebApplication? _app;
    private TestCertificateAuthority? _organisationCa;
    private TestSigner? _bundleSigner;
    private TestSigner? _witnessKey;

    public string Folder => _folder;

    public Uri BaseAddress { get; private set; } = null!;

    /// <summary>The trust an auditor verifies a downloaded bundle with: the demo's approval CA and the host's organisation CA.</summary>
    public SignatureTrustPolicy AuditorTrust { get; private set; } = null!;

    /// <summary>The tree size of the checkpoint the host recorded on the demo's chain, co-signed by <see cref="WitnessSubject"/>.</summary>
    public long CheckpointSize { get; private set; }

    /// <summary>The entries in the demo's chain after that checkpoint was recorded and co-signed.</summary>
    public long ChainSize { get; private set; }

    public const string WitnessSubject = "CN=Northwind witness, O=Test";

    private const string Organization = "Northwind Family Clinic (demo)";

    public async Task InitializeAsync()
    {
        var database = Path.Combine(_folder, "compliance-demo.db");
        await RunDemoAsync(database);
        var approvalCa = new X509Certificate2Collection();
        approvalCa.ImportFromPemFile(Path.Combine(_folder, "demo-ca.pem"));
        _organisationCa = TestCertificateAuthority.CreateRoot(NodaTime.SystemClock.Instance, "CN=Northwind host CA, O=Test");
        _bundleSigner = TestSigner.Issue(_organisationCa, "CN=Northwind ledger, O=Test");
        AuditorTrust = new SignatureTrustPolicy([.. approvalCa, _organisationCa.Certificate]);
        _witnessKey = TestSigner.Issue(_organisationCa, WitnessSubject);
        await PublishWitnessedCheckpointAsync(database);

        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Production" });
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        builder.Services.AddDbContext<ComplianceKitDbContext>(o => o.UseSqlite($"Data Source={database}"));
        builder.Services.AddComplianceKit(o =>
        {
            o.Organization = Organization;
            o.AdministrationRootPem = File.ReadAllText(database + ".admin-root.pem");
        }).AddEntityFrameworkCoreStore<ComplianceKitDbContext>().UseSqliteDialect();
        builder.Services.AddAuthentication(CookieAuthenticationDefaults.AuthenticationScheme).AddCookie(o =>
        {
            // An API-style answer instead of a redirect, so a test reads the exact status.
            o.Events.OnRedirectToLogin = c => Status(c.Response, StatusCodes.Status401Unauthorized);
            o.Events.OnRedirectToAccessDenied = c => Status(c.Response, StatusCodes.Status403Forbidden);
        });
        builder.Services.AddAuthorizationBuilder().AddPolicy(Policy, p => p.RequireRole("Compliance Officer"));
        _app = builder.Build();
        _app.UseAuthentication();
        _app.UseAuthorization();
        _app.MapGet("/login", async (HttpContext context, string user) =>
        {
            var claims = new List<Claim> { new(ClaimTypes.Name, user) };
            if (user == "officer")
            {
                claims.Add(new Claim(ClaimTypes.Role, "Compliance Officer"));
            }

            await context.SignInAsync(new ClaimsPrincipal(new ClaimsIdentity(claims, CookieAuthenticationDefaults.AuthenticationScheme)));
            return Results.Redirect("/compliance");
        });
        var signer = _bundleSigner;
        var trust = new SignatureTrustPolicy(approvalCa);
        _app.MapComplianceKitDashboard("/compliance", o =>
        {
            o.AuthorizationPolicy = Policy;
            o.ApprovalTrust = trust;
            o.BundleSigner = _ => signer;
            o.CheckpointTrust = new SignatureTrustPolicy([_organisationCa.Certificate]);
            o.Witnesses.Add(_witnessKey.Certificate);
        });
        await _app.StartAsync();
        BaseAddress = new Uri(_app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
    }

    public async Task DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }

        _bundleSigner?.Dispose();
        _witnessKey?.Dispose();
        _organisationCa?.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    /// <summary>
    /// What the hosted publisher does with one witness: the demo chain's checkpoint, signed by the organisation, recorded and co-signed
    /// (<c>checkpoint.published</c> and <c>checkpoint.cosigned</c>), leaving those two entries as the unanchored tail.
    /// </summary>
    private async Task PublishWitnessedCheckpointAsync(string database)
    {
        var services = new ServiceCollection();
        services.AddDbContext<ComplianceKitDbContext>(o => o.UseSqlite($"Data Source={database}"));
        services.AddComplianceKit(o => o.Organization = Organization).AddEntityFrameworkCoreStore<ComplianceKitDbContext>().UseSqliteDialect();
        await using var provider = services.BuildServiceProvider();
        await using var scope = provider.CreateAsyncScope();
        var ledger = scope.ServiceProvider.GetRequiredService<ComplianceKit.Ledger.IComplianceLedger>();
        var clock = scope.ServiceProvider.GetRequiredService<IClock>();
        var witness = new ComplianceKit.Anchoring.CheckpointWitness(Path.Combine(_folder, "witness-state"),
            new CmsSignatureVerifier(new SignatureTrustPolicy([_organisationCa!.Certificate])), _witnessKey!, clock);
        var publisher = new ComplianceKit.Anchoring.CheckpointPublisher(ledger, clock, scope.ServiceProvider.GetRequiredService<Microsoft.Extensions.Options.IOptions<ComplianceKitOptions>>(), [])
        {
            Witnesses = [new ComplianceKit.Anchoring.InProcessWitnessClient(witness, "northwind-witness")], WitnessesRequired = 1,
        };

        var publication = await publisher.PublishAsync("default", _bundleSigner!);

        Assert.True(publication.IsComplete && publication.Cosignatures == 1, "the demo's checkpoint was not co-signed");
        CheckpointSize = publication.Recorded!.Checkpoint.Checkpoint.TreeSize;
        ChainSize = (await ledger.GetTreeHeadAsync("default")).Size;
    }

    private static Task Status(HttpResponse response, int status)
    {
        response.StatusCode = status;
        return Task.CompletedTask;
    }

    private static async Task RunDemoAsync(string database)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = Path.GetDirectoryName(database)! };
        foreach (var argument in new[] { CliPath(), "demo", "--db", database })
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, $"demo exited {process.ExitCode}\n{await output}\n{await error}");
    }

    /// <summary>The CLI built beside this test (same configuration), which the project reference builds first.</summary>
    private static string CliPath()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "ComplianceKit.sln")))
        {
            directory = directory.Parent;
        }

        var configuration = new DirectoryInfo(AppContext.BaseDirectory).Parent!.Name; // bin/<configuration>/net10.0/
        return Path.Combine(directory!.FullName, "src", "ComplianceKit.Cli", "bin", configuration, "net10.0", "ComplianceKit.Cli.dll");
    }
}
