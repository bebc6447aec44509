using System.Security.Cryptography.X509Certificates;
using ComplianceKit.Approvals;
using ComplianceKit.EntityFrameworkCore;
using ComplianceKit.EntityFrameworkCore.Ledger;
using ComplianceKit.Tests.Signing;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;
using NodaTime;
using NodaTime.Testing;

namespace ComplianceKit.Cli.Tests.Infrastructure;

/// <summary>
/// A compliance officer's folder: a release checklist with two items and two sign-off roles (the Compliance Officer's with a
/// stated attestation), the organisation's CA as PEM,
/// and each test signer as a PFX file; optionally a ledger in which the CA is a recorded anchor and each role is granted.
/// </summary>
internal sealed class OfficerWorkspace : IDisposable
{
    public const string Gate = "release-4-0";
    public const string Checklist = """
        # Release 4.0

        ## Security
        - [ ] **Backups tested**: restore drill for the production database
        - [ ] Access review completed

        ## Sign-off
        Compliance Officer: No open findings
        Release Manager: ______ Date: ____
        """;

    public static readonly string BackupControl = $"{Gate}/security.1";
    public static readonly string AccessControl = $"{Gate}/security.2";

    public const string PasswordVariable = "CK_OFFICER_WORKSPACE_PASSWORD";

    private readonly WorkFolder _work = new();

    public string Database => _work.File("ledger.db");

    public string ChecklistFile => _work.File("release-4.0.md");

    public string CaPem => _work.File("ca.pem");

    public string File(string name) => _work.File(name);

    public string Write(string name, string text) => _work.Write(name, text);

    /// <summary>The folder with the checklist, the CA and the signers' PFX files, and no ledger yet.</summary>
    public static OfficerWorkspace CreateFiles()
    {
        var workspace = new OfficerWorkspace();
        workspace._work.Write("release-4.0.md", Checklist);
        workspace._work.Write("ca.pem", TestPki.Instance.Root.ExportCertificatePem());
        return workspace;
    }

    /// <summary>
    /// From the command line as an administrator would: <c>init</c> with a demo-grade PKI (its administrator signs what follows),
    /// the test CA recorded as a trust anchor, Compliance Officer granted to <see cref="TestPki.RsaSigner"/> and Release Manager to
    /// <see cref="TestPki.EcdsaSigner"/>, and the checklist imported with its gate signed by the administrator.
    /// </summary>
    /// <param name="seed">Records what else the host would have recorded (for example training assignments), after init.</param>
    public static async Task<OfficerWorkspace> CreateAsync(Func<ComplianceKit.Ledger.IComplianceLedger, Task>? seed = null)
    {
        var workspace = CreateFiles();
        var pki = TestPki.Instance;
        Environment.SetEnvironmentVariable(PasswordVariable, "officer workspace password");
        string[] admin = ["--signing-cert", workspace.File("pki/administrator.pfx"), "--signing-password-env", PasswordVariable];
        await MustAsync("init", "--db", workspace.Database, "--organization", "ComplianceKit Tests", "--pki", workspace.File("pki"), "--pki-password-env", PasswordVariable);
        await MustAsync(["trust", "add", "--db", workspace.Database, "--cert", workspace.CaPem, .. admin]);
        await MustAsync(["role", "grant", "--db", workspace.Database, "--role", "Compliance Officer", "--cert", workspace.Write("casey.pem", pki.RsaSigner.ExportCertificatePem()), .. admin]);
        await MustAsync(["role", "grant", "--db", workspace.Database, "--role", "Release Manager", "--cert", workspace.Write("erin.pem", pki.EcdsaSigner.ExportCertificatePem()), .. admin]);
        if (seed is not null)
        {
            var clock = new FakeClock(Instant.FromUtc(2026, 1, 1, 0, 0), Duration.FromSeconds(1)); // what the host recorded earlier
            await using (var context = ComplianceKitSqlite.CreateDbContext(workspace.Database))
            {
                await seed(new EntityFrameworkLedger<ComplianceKitDbContext>(context, clock, Options.Create(new ComplianceKitOptions())));
            }

            SqliteConnection.ClearAllPools();
        }

        await MustAsync(["import-checklist", workspace.ChecklistFile, "--db", workspace.Database, "--gate", Gate, .. admin]);
        return workspace;
    }

    /// <summary>Writes <paramref name="certificate"/> with its private key as a PFX (no password) and returns its path.</summary>
    public string Pfx(X509Certificate2 certificate, string name) =>
        _work.Write(name, certificate.Export(X509ContentType.Pkcs12));

    /// <summary>How many entries the ledger holds, read outside the library.</summary>
    public long LedgerSize()
    {
        using var connection = new SqliteConnection($"Data Source={Database};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT count(*) FROM ck_ledger_entries";
        return (long)command.ExecuteScalar()!;
    }

    public void Dispose() => _work.Dispose();

    private static async Task MustAsync(params string[] args)
    {
        var result = await CliRun.RunAsync(args);
        Assert.True(result.Exit == 0, $"compliancekit {string.Join(' ', args)}\n{result}");
    }
}
