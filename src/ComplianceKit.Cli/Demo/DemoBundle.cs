using ComplianceKit.Approvals;
using ComplianceKit.EntityFrameworkCore.Bundles;
using ComplianceKit.Signing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using NodaTime;
using ComplianceKit.Ledger;

namespace ComplianceKit.Cli.Demo;

/// <summary>
/// The demo's last step: exports the clinic's chain as <c>compliance-demo.zip</c> next to its database, its
/// checkpoint signed by an organisation certificate from the demo CA, and prints the command a compliance
/// officer would run to verify it offline.
/// </summary>
internal static class DemoBundle
{
    public const string BundleFile = "compliance-demo.zip";
    public const string CaFile = "demo-ca.pem";
    public const string CheckpointCaFile = "demo-checkpoint-ca.pem";

    /// <summary>Exports the demo chain and returns the bundle's path.</summary>
    /// <param name="services">The demo host's scoped services (ledger, clock, options).</param>
    /// <param name="databasePath">The demo database; the bundle and CA file go beside it.</param>
    /// <param name="output">Where to tell the user what was written.</param>
    /// <param name="authority">
    /// The demo CA that signed the demo's approvals, if the demo made any: its certificate is then the one trust
    /// anchor for approvals and checkpoint. Without it a CA is made for the checkpoint alone.
    /// </param>
    /// <param name="cancellationToken">Cancels the export.</param>
    public static async Task<string> ExportAsync(IServiceProvider services, string databasePath, TextWriter output,
        DemoCertificateAuthority? authority = null, CancellationToken cancellationToken = default)
    {
        var ledger = services.GetRequiredService<IComplianceLedger>();
        var clock = services.GetRequiredService<IClock>();
        var options = services.GetRequiredService<IOptions<ComplianceKitOptions>>();
        var folder = Path.GetDirectoryName(databasePath) ?? "";
        var bundlePath = Path.Combine(folder, BundleFile);
        var now = clock.GetCurrentInstant();

        using var ownAuthority = authority is null ? DemoCertificateAuthority.Create(now, options.Value.Organization) : null;
        var ca = authority ?? ownAuthority!;
        var trustFiles = await WriteTrustFilesAsync(ledger, folder, ca, ownAuthority is not null, cancellationToken).ConfigureAwait(false);

        using var organisationCertificate = ca.IssueSigner($"{options.Value.Organization} ledger", "Organisation checkpoint signer", now);
        using var signer = new X509CertificateSigner(organisationCertificate);
        var exporter = services.GetRequiredService<EvidenceBundleExporter>();
        var partial = bundlePath + ".partial";
        BundleExportResult result;
        await using (var file = File.Create(partial))
        {
            result = await exporter.ExportAsync(file, new BundleExportRequest { ChainId = options.Value.DefaultChainId, TrustAnchors = [ca.Certificate] },
                signer, cancellationToken).ConfigureAwait(false);
        }

        File.Move(partial, bundlePath, overwrite: true);
        var trust = string.Join(" ", trustFiles.Select(f => $"--trust {f}"));
        await output.WriteLineAsync().ConfigureAwait(false);
        await output.WriteLineAsync($"Evidence bundle: {bundlePath} ({result.Entries} entries, {result.Approvals} approval(s), checkpoint signed by the demo organisation key)").ConfigureAwait(false);
        await output.WriteLineAsync($"A compliance officer verifies it offline: compliancekit verify {bundlePath} {trust}").ConfigureAwait(false);
        await output.WriteLineAsync($"and reads it as a page:                 compliancekit report {bundlePath} {trust} --html compliance-demo.html").ConfigureAwait(false);
        return bundlePath;
    }

    /// <summary>
    /// Writes the CA the officer must trust. A CA of the demo's own approvals keeps <c>demo-ca.pem</c>; a CA made here
    /// for the checkpoint alone goes to <c>demo-checkpoint-ca.pem</c> when approvals signed by another demo CA are in the ledger.
    /// </summary>
    private static async Task<List<string>> WriteTrustFilesAsync(IComplianceLedger ledger, string folder, DemoCertificateAuthority ca, bool ownAuthority,
        CancellationToken cancellationToken)
    {
        var caPath = Path.Combine(folder, CaFile);
        if (!ownAuthority)
        {
            if (!File.Exists(caPath))
            {
                ca.WriteCertificatePem(caPath);
            }

            return [caPath];
        }

        var approvalsSignedElsewhere = File.Exists(caPath) && await HasApprovalsAsync(ledger, cancellationToken).ConfigureAwait(false);
        var ownPath = approvalsSignedElsewhere ? Path.Combine(folder, CheckpointCaFile) : caPath;
        ca.WriteCertificatePem(ownPath);
        return approvalsSignedElsewhere ? [caPath, ownPath] : [ownPath];
    }

    private static async Task<bool> HasApprovalsAsync(IComplianceLedger ledger, CancellationToken cancellationToken)
    {
        foreach (var chain in await ledger.GetChainIdsAsync(cancellationToken).ConfigureAwait(false))
        {
            await foreach (var _ in ledger.ReadByTypeAsync(chain, [ApprovalEntryTypes.ApprovalSigned], cancellationToken).ConfigureAwait(false))
            {
                return true;
            }
        }

        return false;
    }
}
