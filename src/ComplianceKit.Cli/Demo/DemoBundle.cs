using ComplianceKit.Cli.Files;
using ComplianceKit.Bundles;
using ComplianceKit.Ledger;
using ComplianceKit.Signing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using NodaTime;

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

    /// <summary>Exports the demo chain to <paramref name="bundle"/>.</summary>
    /// <param name="services">The demo host's scoped services (ledger, clock, options).</param>
    /// <param name="bundle">Where the bundle goes (planned by the command, so nothing is overwritten unasked).</param>
    /// <param name="caPath">The demo CA's PEM file, the one trust anchor for approvals and checkpoint.</param>
    /// <param name="output">Where to tell the user what was written.</param>
    /// <param name="authority">The demo CA that signed the demo's approvals; it also issues the checkpoint signer.</param>
    /// <param name="administrationRoots">The demo ledger's pinned administration root, declared in the bundle.</param>
    /// <param name="cancellationToken">Cancels the export.</param>
    public static async Task ExportAsync(IServiceProvider services, OutputFile bundle, string caPath, TextWriter output,
        DemoCertificateAuthority authority, IReadOnlyList<System.Security.Cryptography.X509Certificates.X509Certificate2> administrationRoots,
        CancellationToken cancellationToken = default)
    {
        var clock = services.GetRequiredService<IClock>();
        var options = services.GetRequiredService<IOptions<ComplianceKitOptions>>();
        var now = clock.GetCurrentInstant();

        using var organisationCertificate = authority.IssueSigner($"{options.Value.Organization} ledger", "Organisation checkpoint signer", now);
        using var signer = new X509CertificateSigner(organisationCertificate);
        var exporter = services.GetRequiredService<EvidenceBundleExporter>();
        var request = new BundleExportRequest { ChainId = options.Value.DefaultChainId, TrustAnchors = [authority.Certificate], AdministrationRoots = administrationRoots };
        var result = await bundle.WriteAsync((file, ct) => exporter.ExportAsync(file, request, signer, ct), cancellationToken).ConfigureAwait(false);

        await output.WriteLineAsync().ConfigureAwait(false);
        await output.WriteLineAsync($"Evidence bundle: {bundle.Path} ({result.Entries} entries, {result.Approvals} approval(s), checkpoint signed by the demo organisation key)").ConfigureAwait(false);
        await output.WriteLineAsync($"A compliance officer verifies it offline: compliancekit verify {bundle.Path} --trust {caPath}").ConfigureAwait(false);
        await output.WriteLineAsync($"and reads it as a page:                 compliancekit report {bundle.Path} --trust {caPath} --html compliance-demo.html").ConfigureAwait(false);
    }
}
