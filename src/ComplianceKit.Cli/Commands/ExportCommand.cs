using System.CommandLine;
using System.Security.Cryptography.X509Certificates;
using ComplianceKit.Bundles;
using ComplianceKit.Cli.Bundles;
using ComplianceKit.EntityFrameworkCore.Bundles;
using ComplianceKit.Hashing;
using Microsoft.Extensions.DependencyInjection;

namespace ComplianceKit.Cli.Commands;

/// <summary>
/// <c>compliancekit export --db &lt;file&gt; --out &lt;bundle.zip&gt; --signing-cert &lt;pfx|pem&gt; [filters] [--since-checkpoint &lt;file&gt;]</c>:
/// writes a self-contained evidence bundle. 0 written, 1 the ledger contradicts the earlier checkpoint, 2 usage or unreadable input.
/// </summary>
internal static class ExportCommand
{
    public static Command Create()
    {
        var db = new Option<string>("--db") { Description = "The SQLite ledger database to export from.", Required = true };
        var output = new Option<string>("--out") { Description = "The bundle to write (.zip); replaced if it exists.", Required = true };
        var chain = new Option<string?>("--chain") { Description = "The chain to export (default: the database's only chain)." };
        var from = new Option<string?>("--from") { Description = "Only entries recorded at or after this instant (UTC), e.g. 2026-01-01." };
        var to = new Option<string?>("--to") { Description = "Only entries recorded before this instant (UTC)." };
        var types = new Option<string[]>("--type") { Description = "Only entries of this type (repeatable)." };
        var subjects = new Option<string[]>("--subject") { Description = "Only entries about this subject (repeatable)." };
        var since = new Option<string?>("--since-checkpoint") { Description = "Your earlier checkpoint (checkpoint.txt or an earlier bundle): the bundle proves it extends it." };
        var certificate = new Option<string>("--signing-cert") { Description = "The organisation's certificate for signing the checkpoint: PKCS #12 (.pfx) or PEM.", Required = true };
        var key = new Option<string?>("--signing-key") { Description = "The PEM private key, when --signing-cert is a PEM certificate without its key." };
        var password = new Option<string?>("--signing-password-env") { Description = "The environment variable holding the PFX or key password." };
        var organization = new Option<string?>("--organization") { Description = "The organisation's name (default: the O= of the signing certificate)." };
        var anchors = new Option<string[]>("--trust-anchor") { Description = "PEM CA certificates to declare in the bundle as the organisation's trust anchors (repeatable)." };
        var compress = new Option<bool>("--compress") { Description = "Deflate entries.jsonl: about 3x smaller, about 2x slower to verify." };
        var command = new Command("export", "Export a chain, or part of it, as a self-contained evidence bundle a compliance officer verifies offline.")
        {
            db, output, chain, from, to, types, subjects, since, certificate, key, password, organization, anchors, compress,
        };
        command.SetAction((parse, cancellationToken) => RunAsync(new ExportArguments(
            parse.GetValue(db)!, parse.GetValue(output)!, parse.GetValue(chain), parse.GetValue(from), parse.GetValue(to),
            parse.GetValue(types) ?? [], parse.GetValue(subjects) ?? [], parse.GetValue(since), parse.GetValue(certificate)!,
            parse.GetValue(key), parse.GetValue(password), parse.GetValue(organization), parse.GetValue(anchors) ?? [], parse.GetValue(compress)),
            parse.InvocationConfiguration.Output, parse.InvocationConfiguration.Error, cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(ExportArguments a, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        BundleScope scope;
        try
        {
            scope = new BundleScope(BundleInputs.ParseInstant(a.From, "--from"), BundleInputs.ParseInstant(a.To, "--to"), a.Types, a.Subjects);
        }
        catch (ArgumentException ex)
        {
            throw new UsageException(ex.Message);
        }

        var since = a.Since is null ? null : BundleInputs.ReadCheckpoint(a.Since);
        using var signer = CheckpointSigners.Load(a.Certificate, a.Key, a.PasswordVariable);
        var organization = a.Organization ?? CheckpointSigners.OrganizationOf(signer.Certificate)
            ?? throw new UsageException("the signing certificate names no organisation (O=); give it with --organization.");
        var anchors = a.Anchors.Count == 0 ? [] : BundleInputs.TrustPolicy(a.Anchors).TrustAnchors.Cast<X509Certificate2>().ToList();

        await using var database = await LedgerDatabase.OpenReadOnlyAsync(a.Database, CliHost.Clock,
            kit => kit.Services.Configure<ComplianceKitOptions>(o => o.Organization = organization), cancellationToken).ConfigureAwait(false);
        var chainId = a.Chain ?? await OnlyChainAsync(database, a.Database, cancellationToken).ConfigureAwait(false);
        var exporter = database.Services.GetRequiredService<EvidenceBundleExporter>();
        var request = new BundleExportRequest { ChainId = chainId, Scope = scope, SinceCheckpoint = since, TrustAnchors = anchors, CompressEntries = a.Compress };

        // Written beside the target and moved into place, so a failed export never leaves a half bundle under its name.
        var target = Path.GetFullPath(a.Output);
        var partial = target + ".partial";
        BundleExportResult result;
        try
        {
            await using (var file = new FileStream(partial, FileMode.Create, FileAccess.ReadWrite, FileShare.None, 1 << 16, FileOptions.Asynchronous))
            {
                result = await exporter.ExportAsync(file, request, signer, cancellationToken).ConfigureAwait(false);
            }

            File.Move(partial, target, overwrite: true);
        }
        catch (ComplianceKit.Ledger.LedgerValidationException ex)
        {
            File.Delete(partial);
            throw new UsageException(ex.Message);
        }
        catch (BundleExportException ex)
        {
            File.Delete(partial);
            await error.WriteLineAsync($"error: {ex.Message}").ConfigureAwait(false);
            return ex.IsFinding ? ExitCodes.CheckFailed : ExitCodes.UsageOrUnreadable;
        }
        catch
        {
            File.Delete(partial);
            throw;
        }

        var checkpoint = result.Checkpoint;
        await output.WriteLineAsync($"Exported {result.Entries:N0} entries of chain '{chainId}' ({(scope.IsFull ? "full export" : scope.ToString())}) "
            + $"and {result.Approvals} approval(s) to {a.Output}").ConfigureAwait(false);
        await output.WriteLineAsync($"Checkpoint: size {checkpoint.TreeSize}, root {Hex.Format(checkpoint.Root)}, signed by {signer.Certificate.Subject}").ConfigureAwait(false);
        if (since is not null)
        {
            await output.WriteLineAsync($"Proves consistency with your checkpoint at size {since.TreeSize}.").ConfigureAwait(false);
        }

        await output.WriteLineAsync($"A compliance officer verifies it with: compliancekit verify {a.Output} --trust <ca.pem>").ConfigureAwait(false);
        return ExitCodes.Success;
    }

    private static async Task<string> OnlyChainAsync(LedgerDatabase database, string path, CancellationToken cancellationToken)
    {
        var chains = await database.Ledger.GetChainIdsAsync(cancellationToken).ConfigureAwait(false);
        return chains.Count == 1
            ? chains[0]
            : throw new UsageException(chains.Count == 0
                ? $"'{path}' holds no chain to export."
                : $"'{path}' holds several chains ({string.Join(", ", chains)}); name one with --chain.");
    }

    private sealed record ExportArguments(string Database, string Output, string? Chain, string? From, string? To, IReadOnlyList<string> Types,
        IReadOnlyList<string> Subjects, string? Since, string Certificate, string? Key, string? PasswordVariable, string? Organization,
        IReadOnlyList<string> Anchors, bool Compress);
}
