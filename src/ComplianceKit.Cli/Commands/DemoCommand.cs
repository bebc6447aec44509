using System.CommandLine;
using ComplianceKit.Administration;
using ComplianceKit.Approvals;
using ComplianceKit.Cli.Administration;
using ComplianceKit.Cli.Demo;
using ComplianceKit.Cli.Files;
using ComplianceKit.Cli.Hosting;
using ComplianceKit.Cli.Output;
using ComplianceKit.EntityFrameworkCore;
using ComplianceKit.Hashing;
using ComplianceKit.Ledger;
using ComplianceKit.Signing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using NodaTime;

namespace ComplianceKit.Cli.Commands;

/// <summary><c>compliancekit demo [--db compliance-demo.db]</c>: acts as a host app for a fake clinic, then verifies what it wrote.</summary>
internal static class DemoCommand
{
    public static Command Create()
    {
        var db = new Option<string>("--db") { Description = "Where the demo clinic keeps its ledger; never an existing ledger.", DefaultValueFactory = _ => "compliance-demo.db" };
        var force = new Option<bool>("--force") { Description = "Replace existing demo files (demo-ca.pem, compliance-demo.zip, a --db that is not a ledger); never a ledger." };
        var command = new Command("demo", "Run a small fake clinic as a host app would, then verify its ledger.") { db, force };
        command.SetAction((parse, cancellationToken) => RunAsync(parse.GetValue(db)!, parse.GetValue(force), parse.InvocationConfiguration.Output, cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(string path, bool force, TextWriter output, CancellationToken cancellationToken)
    {
        // Every file the demo writes is checked before it starts: an existing ledger is never replaced, other files only with --force.
        var database = OutputFile.Plan(path, "--db", force);
        var folder = Path.GetDirectoryName(database.Path)!;
        var caPem = OutputFile.Plan(Path.Combine(folder, DemoBundle.CaFile), "the demo CA file", force);
        var bundle = OutputFile.Plan(Path.Combine(folder, DemoBundle.BundleFile), "the demo bundle", force);
        var administrationRoot = OutputFile.Plan(AdministrationOptions.DefaultRootPath(LedgerLocation.ForFile(database.Path))!, "the demo administration root", force);
        var building = database.TemporaryPath();
        try
        {
            var valid = await RecordAsync(building, database.Path, caPem, bundle, administrationRoot, output, cancellationToken).ConfigureAwait(false);
            database.Commit(building);
            return valid ? ExitCodes.Success : ExitCodes.CheckFailed;
        }
        finally
        {
            foreach (var suffix in new[] { "", "-wal", "-shm", "-journal" })
            {
                File.Delete(building + suffix);
            }
        }
    }

    /// <summary>Records the clinic in a new database at <paramref name="building"/>, renamed to <paramref name="path"/> once complete.</summary>
    private static async Task<bool> RecordAsync(string building, string path, OutputFile caPemFile, OutputFile bundle, OutputFile administrationRootFile, TextWriter output,
        CancellationToken cancellationToken)
    {
        var clinic = new DemoClinic();

        // Wired as a host app wires it (README quick start), through the tool's one host; built at a temporary path, renamed once complete.
        await using var database = await LedgerDatabase.OpenOrCreateAsync(LedgerLocation.ForFile(building), CliHost.Clock,
            kit => kit.Services.Configure<ComplianceKitOptions>(o => o.Organization = DemoClinic.Name), cancellationToken).ConfigureAwait(false);
        var services = database.Services;
        var ledger = services.GetRequiredService<IComplianceLedger>();
        var clock = services.GetRequiredService<IClock>();

        output.WriteLine($"{DemoClinic.Name}: {clinic.Staff.Count} staff, {clinic.Vendors.Count} vendors; ledger {Path.GetFullPath(path)}");
        var drafts = clinic.ActivitySince(clock.GetCurrentInstant().Minus(Duration.FromHours(10))).ToList();
        foreach (var batch in drafts.Chunk(100))
        {
            await ledger.AppendAsync("default", batch, cancellationToken).ConfigureAwait(false);
        }

        output.WriteLine($"Recorded {drafts.Count} entries:");
        foreach (var group in drafts.GroupBy(d => d.EntryType).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            output.WriteLine($"  {group.Key,-22} {group.Count(),5}");
        }

        output.WriteLine();
        var recorder = services.GetRequiredService<ApprovalRecorder>();
        var caPem = caPemFile.Path;
        // One demo CA signs every approval and the bundle's checkpoint: demo-ca.pem is the one file an officer trusts.
        using var ca = DemoCertificateAuthority.Create(clock.GetCurrentInstant(), DemoClinic.Name);

        // A second demo root is the pinned administration root (kept next to the ledger, outside it); its administrator signs every trust anchor, grant and gate.
        using var administrationRoot = DemoCertificateAuthority.Create(clock.GetCurrentInstant(), DemoClinic.Name, name: "Administration Root");
        await administrationRoot.WriteCertificatePemAsync(administrationRootFile, cancellationToken).ConfigureAwait(false);
        using var administratorCertificate = administrationRoot.IssueSigner("Demo Administrator", "Administrator", clock.GetCurrentInstant());
        using var administrator = new X509CertificateSigner(administratorCertificate);
        var trust = AdministrationTrust.Pinned([administrationRoot.Certificate]);
        var administration = new DemoAdministration(new AdministrationRecorder(ledger, clock, trust), administrator, trust);
        await DemoApprovals.RunAsync(clinic, ledger, recorder, administration, clock, ca, caPemFile, output, cancellationToken).ConfigureAwait(false);

        await DemoCompliance.RunAsync(services, clinic, ca, administration, output, cancellationToken).ConfigureAwait(false);
        var report = await ledger.VerifyAsync("default", cancellationToken).ConfigureAwait(false);
        output.WriteLine();
        VerificationText.Write(output, path, [report]);
        output.WriteLine();
        output.WriteLine($"Check it yourself: compliancekit verify --db {path}");
        output.WriteLine($"Check a sign-off with OpenSSL: compliancekit docs format, section 7 \"Approval statements\" (trust anchor {caPem}).");
        output.WriteLine($"Tree head to compare later: size {report.TreeHead.Size}, root {Hex.Format(report.TreeHead.Root)}");
        await DemoBundle.ExportAsync(services, bundle, caPem, output, ca, trust.Roots, cancellationToken).ConfigureAwait(false);
        return report.IsValid;
    }
}
