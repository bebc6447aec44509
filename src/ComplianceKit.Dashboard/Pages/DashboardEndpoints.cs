using ComplianceKit.Administration;
using ComplianceKit.Bundles;
using ComplianceKit.Ledger;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using NodaTime;

namespace ComplianceKit.Dashboard.Pages;

/// <summary>The dashboard's two endpoints: the page, and the evidence bundle download.</summary>
internal static class DashboardEndpoints
{
    public static async Task PageAsync(HttpContext context, ComplianceKitDashboardOptions options)
    {
        var services = context.RequestServices;
        var kit = services.GetRequiredService<IOptions<ComplianceKitOptions>>().Value;
        var chainId = options.ChainId ?? kit.DefaultChainId;
        var at = services.GetRequiredService<IClock>().GetCurrentInstant();
        var state = await DashboardState.ReadAsync(services.GetRequiredService<IComplianceLedger>(), services.GetRequiredService<Anchoring.CheckpointPublisher>(), chainId, kit, options, at,
            context.RequestAborted).ConfigureAwait(false);
        var html = DashboardPage.Render(kit.Organization, state, context.Request.PathBase + context.Request.Path.Value?.TrimEnd('/') + "/bundle", options.BundleSigner is not null);
        Secure(context.Response);
        context.Response.ContentType = "text/html; charset=utf-8";
        await context.Response.WriteAsync(html, context.RequestAborted).ConfigureAwait(false);
    }

    public static async Task BundleAsync(HttpContext context, ComplianceKitDashboardOptions options)
    {
        if (options.BundleSigner is null)
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }

        var services = context.RequestServices;
        var kit = services.GetRequiredService<IOptions<ComplianceKitOptions>>().Value;
        var chainId = options.ChainId ?? kit.DefaultChainId;
        var administration = AdministrationTrust.FromOptions(kit);
        var request = new BundleExportRequest
        {
            ChainId = chainId,
            TrustAnchors = options.ApprovalTrust?.TrustAnchors.Cast<System.Security.Cryptography.X509Certificates.X509Certificate2>().ToList() ?? [],
            AdministrationRoots = administration.Roots,
        };

        // The bundle is written to a buffer first: an export the exporter refuses (a chain that does not verify) sends no partial file.
        using var buffer = new MemoryStream();
        try
        {
            await services.GetRequiredService<EvidenceBundleExporter>().ExportAsync(buffer, request, options.BundleSigner(services), context.RequestAborted).ConfigureAwait(false);
        }
        catch (BundleExportException ex)
        {
            context.Response.StatusCode = StatusCodes.Status409Conflict;
            context.Response.ContentType = "text/plain; charset=utf-8";
            await context.Response.WriteAsync($"No bundle: {ex.Message}", context.RequestAborted).ConfigureAwait(false);
            return;
        }

        Secure(context.Response);
        context.Response.ContentType = "application/zip";
        context.Response.Headers.ContentDisposition = $"attachment; filename=\"{FileName(chainId)}\"";
        buffer.Position = 0;
        await buffer.CopyToAsync(context.Response.Body, context.RequestAborted).ConfigureAwait(false);
    }

    private static string FileName(string chainId) => "evidence-" + string.Concat(chainId.Select(c => char.IsAsciiLetterOrDigit(c) ? c : '-')) + ".zip";

    private static void Secure(HttpResponse response)
    {
        // Nothing loads from anywhere: the page works offline and injected markup could not fetch or run anything.
        response.Headers.ContentSecurityPolicy = "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'";
        response.Headers.XContentTypeOptions = "nosniff";
        response.Headers.CacheControl = "no-store";
    }
}
