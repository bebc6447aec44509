using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using ComplianceKit.Administration;
using ComplianceKit.Approvals;
using ComplianceKit.EntityFrameworkCore;
using ComplianceKit.EntityFrameworkCore.Ledger;
using ComplianceKit.Ledger;
using ComplianceKit.Signing;
using ComplianceKit.Tests.Administration;
using ComplianceKit.Tests.Signing;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;
using NodaTime;
using NodaTime.Testing;

namespace ComplianceKit.Cli.Tests.Infrastructure;

/// <summary>
/// A private folder holding a clinic's SQLite ledger with role grants, two signed approvals, controls, BAAs (one with
/// hostile markup in its subject and payload) and training; the organisation's certificate as a PFX; and the CA as PEM.
/// </summary>
internal sealed class ClinicWorkspace : IDisposable
{
    public const string Organization = "Test Clinic";
    public const string HostileSubject = "vendor:<script>alert(1)</script>";
    private readonly TempFolder _folder = new();

    private ClinicWorkspace()
    {
    }

    public string Folder => _folder.Path;

    public string Database => Path.Combine(Folder, "clinic.db");

    public string OrganisationPfx => Path.Combine(Folder, "org.pfx");

    public string CaPem => Path.Combine(Folder, "ca.pem");

    public string File(string name) => Path.Combine(Folder, name);

    public static async Task<ClinicWorkspace> CreateAsync()
    {
        var workspace = new ClinicWorkspace();
        var pki = TestPki.Instance;
        await System.IO.File.WriteAllBytesAsync(workspace.OrganisationPfx, pki.RsaSigner.Export(X509ContentType.Pkcs12));
        await System.IO.File.WriteAllTextAsync(workspace.CaPem, pki.Root.ExportCertificatePem());

        var clock = new FakeClock(TestPki.SigningTime.Minus(Duration.FromHours(2)), Duration.FromSeconds(1));
        var options = Options.Create(new ComplianceKitOptions { Organization = Organization });
        await using var context = ComplianceKitSqlite.CreateDbContext(workspace.Database);
        await ComplianceKitDatabase.EnsureCreatedAsync(context);
        var ledger = new EntityFrameworkLedger<ComplianceKitDbContext>(context, clock, options);
        var recorder = new ApprovalRecorder(ledger, clock, options);
        var admins = TestAdministrators.Instance;
        await System.IO.File.WriteAllTextAsync(workspace.Database + ".admin-root.pem", admins.Root.ExportCertificatePem());
        var administration = new AdministrationRecorder(ledger, clock, admins.Trust);
        await administration.GrantRoleAsync("default", "Compliance Officer", pki.RsaSigner, admins.Administrator);
        await administration.GrantRoleAsync("default", "Release Manager", pki.EcdsaSigner, admins.Administrator);
        await ledger.AppendAsync("default",
        [
            EntryDraft.FromJson("control.tested", "control:164.312(b)", "staff:ana", """{"result":"effective","evidence":"audit-log-review-q1"}"""),
            EntryDraft.FromJson("baa.executed", "vendor:acme-labs", "staff:kim", """{"vendor":"Acme Labs","termYears":3}"""),
            EntryDraft.FromJson("baa.executed", HostileSubject, "staff:kim", """{"vendor":"<img src=x onerror=alert(2)>","termYears":1}"""),
            EntryDraft.FromJson("training.completed", "staff:ana", "lms:academy", """{"course":"hipaa-security-awareness","score":97}"""),
        ]);
        clock.Reset(TestPki.SigningTime);
        await SignAsync(recorder, pki.RsaSigner, "Compliance Officer");
        await SignAsync(recorder, pki.EcdsaSigner, "Release Manager");
        await ledger.AppendAsync("default", [EntryDraft.FromJson("training.completed", "staff:kim", "lms:academy", """{"course":"hipaa-security-awareness","score":88}""")]);
        SqliteConnection.ClearAllPools();
        return workspace;
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        _folder.Dispose();
    }

    private static async Task SignAsync(ApprovalRecorder recorder, X509Certificate2 certificate, string role)
    {
        using var signer = new X509CertificateSigner(certificate);
        await recorder.SignAsync("default", new ApprovalRequest
        {
            Subject = new ApprovalSubject("release", "2.4.0-production"),
            ArtifactSha256 = Convert.ToHexStringLower(SHA256.HashData("release notes 2.4.0"u8)),
            Decision = ApprovalDecision.Approved,
            SignerName = certificate.GetNameInfo(X509NameType.SimpleName, false),
            Role = role,
        }, signer);
    }
}
