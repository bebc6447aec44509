using ComplianceKit.Revocation;
using System.CommandLine;
using System.Security.Cryptography.X509Certificates;
using ComplianceKit.Administration;
using ComplianceKit.Bundles;
using ComplianceKit.Cli.Administration;
using ComplianceKit.Cli.Bundles;
using ComplianceKit.Cli.Files;
using ComplianceKit.Cli.Compliance;
using ComplianceKit.Cli.Hosting;
using ComplianceKit.Hashing;
using ComplianceKit.Projection;
using ComplianceKit.Signing;
using ComplianceKit.Verification;
using Microsoft.Extensions.Options;
using NodaTime;
using Microsoft.Extensions.DependencyInjection;

namespace ComplianceKit.Cli.Commands;

/// <summary>
/// <c>compliancekit export --db &lt;file&gt; --out &lt;bundle.zip&gt; --signing-cert &lt;pfx|pem&gt; [filters] [--since-checkpoint &lt;file&gt;] [--checkpoints &lt;sink dir&gt;]</c>:
/// writes a self-contained evidence bundle, never over an existing file (unless --force), an input or a ledger. 0 written, 1 the ledger contradicts
/// the earlier checkpoint or the signing certificate is one `verify` would refuse (nothing written), 2 usage or unreadable input.
/// </summary>
internal static class ExportCommand
{
    public static Command Create()
    {
        var db = DatabaseOption.Create("The ledger database to export from.");
        var output = new Option<string>("--out") { Description = "The bundle to write (.zip); an existing file is refused unless --force, a ledger or an input always.", Required = true };
        var force = new Option<bool>("--force") { Description = "Replace an existing --out file (never a ledger or one of the inputs)." };
        var chain = new Option<string?>("--chain") { Description = "The chain to export (default: the database's only chain)." };
        var from = new Option<string?>("--from") { Description = "Only entries recorded at or after this instant (UTC), e.g. 2026-01-01." };
        var to = new Option<string?>("--to") { Description = "Only entries recorded before this instant (UTC)." };
        var types = new Option<string[]>("--type") { Description = "Only entries of this type (repeatable)." };
        var subjects = new Option<string[]>("--subject") { Description = "Only entries about this subject (repeatable)." };
        var since = new Option<string?>("--since-checkpoint") { Description = "Your earlier checkpoint (checkpoint.txt or an earlier bundle): the bundle proves it extends it." };
        var signing = new SignerOptions("the organisation's, for signing the checkpoint", required: true);
        var organization = new Option<string?>("--organization") { Description = "The organisation's name (default: the O= of the signing certificate)." };
        var anchors = new Option<string[]>("--trust-anchor") { Description = "PEM CA certificates to declare in the bundle as the organisation's trust anchors (repeatable)." };
        var administration = new AdministrationOptions();
        var compress = new Option<bool>("--compress") { Description = "Deflate entries.jsonl: about 3x smaller, about 2x slower to verify." };
        var checkpoints = new Option<string?>("--checkpoints")
        {
            Description = "A checkpoint sink's directory: carry its checkpoints of this chain at or below the exported size, with their witness co-signatures (FORMAT.md 12.14).",
        };
        var crls = new Option<string?>("--crls")
        {
            Description = "A folder of CRL files (*.crl, *.der, *.pem): carry those of the signers' CAs current at each signature's time, so verify judges revocation offline (FORMAT.md 12.15).",
        };
        var ocsp = new Option<string?>("--ocsp")
        {
            Description = "A folder of DER OCSP responses (*.ocsp, *.der): carry those for each signer's certificate current at its signature's time (FORMAT.md 12.15).",
        };
        var command = new Command("export", "Export a chain, or part of it, as a self-contained evidence bundle a compliance officer verifies offline.")
        {
            db, output, chain, from, to, types, subjects, since, organization, anchors, compress, force, checkpoints, crls, ocsp,
        };
        signing.AddTo(command);
        administration.AddTo(command);
        command.SetAction((parse, cancellationToken) => RunAsync(new ExportArguments(
            parse.GetValue(db)!, parse.GetValue(output)!, parse.GetValue(chain), parse.GetValue(from), parse.GetValue(to),
            parse.GetValue(types) ?? [], parse.GetValue(subjects) ?? [], parse.GetValue(since), signing.IsGiven(parse) ? [.. signing.InputFiles(parse)] : [],
            () => signing.Load(parse)!, parse.GetValue(organization), parse.GetValue(anchors) ?? [], parse.GetValue(compress),
            parse.GetValue(force), administration.TryResolve(parse, parse.GetValue(db)!), parse.GetValue(checkpoints), parse.GetValue(crls), parse.GetValue(ocsp)),
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

        var target = OutputFile.Plan(a.Output, "--out", a.Force, [a.Database, a.Since, .. a.SigningFiles, .. a.Anchors]);
        var since = a.Since is null ? null : BundleInputs.ReadCheckpoint(a.Since);
        using var signer = a.Signer();
        var organization = CheckpointSigners.OrganizationOf(signer.Certificate, a.Organization);
        var anchors = a.Anchors.Count == 0 ? [] : BundleInputs.TrustPolicy(a.Anchors).TrustAnchors.Cast<X509Certificate2>().ToList();

        await using var database = await LedgerDatabase.OpenReadOnlyAsync(a.Database, CliHost.Clock,
            kit => kit.Services.Configure<ComplianceKitOptions>(o => o.Organization = organization), cancellationToken).ConfigureAwait(false);
        var chainId = a.Chain ?? await database.ResolveChainAsync(null, "to export", cancellationToken).ConfigureAwait(false);
        if (await SignerProblemAsync(database, chainId, a.Administration, signer, anchors, CliHost.Clock.GetCurrentInstant(), error, cancellationToken).ConfigureAwait(false) is { } refused)
        {
            await error.WriteLineAsync($"refused ({refused.Status}): {refused.Message} No bundle was written: `verify` would refuse this checkpoint signature.").ConfigureAwait(false);
            return ExitCodes.CheckFailed;
        }

        var exporter = database.Services.GetRequiredService<EvidenceBundleExporter>();
        var request = new BundleExportRequest
        {
            ChainId = chainId, Scope = scope, SinceCheckpoint = since, TrustAnchors = anchors, CompressEntries = a.Compress,
            AdministrationRoots = a.Administration?.Trust.Roots ?? [],
            Anchors = a.Checkpoints is null ? [] : Directory.Exists(a.Checkpoints) ? AnchorOptions.ReadFolder(a.Checkpoints)
                : throw new UsageException($"--checkpoints '{a.Checkpoints}' is not a directory."),
            RevocationData = a.Crls is null && a.Ocsp is null ? null : ReadRevocationData(a.Crls, a.Ocsp),
        };

        BundleExportResult result;
        try
        {
            result = await target.WriteAsync((file, ct) => exporter.ExportAsync(file, request, signer, ct), cancellationToken).ConfigureAwait(false);
        }
        catch (ComplianceKit.Ledger.LedgerValidationException ex)
        {
            throw new UsageException(ex.Message);
        }
        catch (BundleExportException ex)
        {
            await error.WriteLineAsync($"error: {ex.Message}").ConfigureAwait(false);
            return ex.IsFinding ? ExitCodes.CheckFailed : ExitCodes.UsageOrUnreadable;
        }

        var checkpoint = result.Checkpoint;
        await output.WriteLineAsync($"Exported {result.Entries:N0} entries of chain '{chainId}' ({(scope.IsFull ? "full export" : scope.ToString())}) "
            + $"and {result.Approvals} approval(s) to {a.Output}").ConfigureAwait(false);
        await output.WriteLineAsync($"Checkpoint: size {checkpoint.TreeSize}, root {Hex.Format(checkpoint.Root)}, signed by {signer.Certificate.Subject}").ConfigureAwait(false);
        if (since is not null)
        {
            await output.WriteLineAsync($"Proves consistency with your checkpoint at size {since.TreeSize}.").ConfigureAwait(false);
        }

        if (a.Checkpoints is not null || result.AnchorsCarried > 0)
        {
            var from = a.Checkpoints is null ? "recorded in the chain" : $"from {a.Checkpoints} and the chain";
            await output.WriteLineAsync($"Carries {result.AnchorsCarried} published checkpoint(s) {from} with their witness co-signatures.").ConfigureAwait(false);
        }

        if (a.Crls is not null)
        {
            await output.WriteLineAsync($"Carries {result.RevocationListsCarried} CRL(s) from {a.Crls} (revocation/, current at each signature's time).").ConfigureAwait(false);
        }

        if (a.Ocsp is not null)
        {
            await output.WriteLineAsync($"Carries {result.OcspResponsesCarried} OCSP response(s) from {a.Ocsp} (revocation/, current at each signature's time).").ConfigureAwait(false);
        }

        await output.WriteLineAsync($"A compliance officer verifies it with: compliancekit verify {a.Output} --trust <ca.pem>").ConfigureAwait(false);
        return ExitCodes.Success;
    }

    /// <summary>
    /// Judges the checkpoint signer as <c>verify</c> will, with the verifier's own certificate checks: against the <c>--trust-anchor</c>
    /// certificates, else the anchors the ledger records; with neither, everything but the chain (validity, key usage, not a CA, key size).
    /// </summary>
    private static async Task<SignatureVerificationResult?> SignerProblemAsync(LedgerDatabase database, string chainId,
        (AdministrationTrust Trust, string Description)? administration, CliSigner signer,
        IReadOnlyList<X509Certificate2> declared, Instant now, TextWriter error, CancellationToken cancellationToken)
    {
        var anchors = declared;
        if (anchors.Count == 0 && administration is { } trust)
        {
            try
            {
                var chain = await VerifiedChain.OpenAsync(database.Ledger, chainId, cancellationToken).ConfigureAwait(false);
                await using (chain.ConfigureAwait(false))
                {
                    (anchors, _) = await TrustAnchors.LoadAsync([], chain, trust.Trust, trust.Description, now, cancellationToken).ConfigureAwait(false);
                }
            }
            catch (LedgerNotVerifiedException)
            {
                return null; // the exporter refuses an unverified chain itself, naming the failure
            }
        }

        if (anchors.Count == 0)
        {
            await error.WriteLineAsync("warning: no --trust-anchor, and no trust anchor an administrator recorded in the ledger (or no pinned administration root): " +
                "the signing certificate's chain is not checked, only the certificate itself.").ConfigureAwait(false);
        }

        var result = anchors.Count > 0
            ? new CmsSignatureVerifier(new SignatureTrustPolicy(anchors)).CheckCertificate(signer.Certificate, now)
            : CmsSignatureVerifier.CheckCertificateWithoutChain(signer.Certificate, now);
        return result.IsValid ? null : result;
    }

    private static DirectoryRevocationDataSource ReadRevocationData(string? crls, string? ocsp)
    {
        try
        {
            return new DirectoryRevocationDataSource(crls, ocsp);
        }
        catch (Exception ex) when (ex is DirectoryNotFoundException or InvalidDataException or IOException or UnauthorizedAccessException)
        {
            throw new UsageException($"{(crls is not null && ex.Message.Contains(crls, StringComparison.Ordinal) ? "--crls" : "--ocsp")}: {ex.Message}");
        }
    }

    private sealed record ExportArguments(LedgerLocation Database, string Output, string? Chain, string? From, string? To, IReadOnlyList<string> Types,
        IReadOnlyList<string> Subjects, string? Since, IReadOnlyList<string?> SigningFiles, Func<CliSigner> Signer, string? Organization,
        IReadOnlyList<string> Anchors, bool Compress, bool Force, (AdministrationTrust Trust, string Description)? Administration, string? Checkpoints,
        string? Crls, string? Ocsp);
}
