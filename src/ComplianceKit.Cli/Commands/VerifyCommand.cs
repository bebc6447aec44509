using System.CommandLine;
using ComplianceKit.Cli.Files;
using System.Text.Json;
using ComplianceKit.Cli.Hosting;
using ComplianceKit.Ledger;
using ComplianceKit.Administration;
using ComplianceKit.Anchoring;
using ComplianceKit.Cli.Bundles;
using ComplianceKit.Approvals;
using ComplianceKit.CheckpointKeys;
using ComplianceKit.Cli.Administration;
using ComplianceKit.Cli.Output;
using ComplianceKit.Verification;

namespace ComplianceKit.Cli.Commands;

/// <summary>
/// <c>compliancekit verify &lt;bundle.zip&gt; --trust &lt;ca.pem&gt; [--previous-checkpoint &lt;file&gt;] [--checkpoints &lt;dir&gt;] [--witness &lt;cert&gt;]... [--witnesses-required N] [--json]</c> or
/// <c>compliancekit verify --db &lt;file&gt; [--chain &lt;id&gt;] [--json]</c>: 0 verified, 1 tampering found, 2 unusable input.
/// </summary>
internal static class VerifyCommand
{
    public static Command Create()
    {
        var bundle = new Argument<string?>("bundle") { Description = "An evidence bundle (.zip) to verify offline.", Arity = ArgumentArity.ZeroOrOne };
        var db = DatabaseOption.CreateOptional("The ledger database to verify (instead of a bundle).");
        var chain = new Option<string?>("--chain") { Description = "With --db: verify only this chain (default: every chain)." };
        var trust = new Option<string[]>("--trust") { Description = "With a bundle: PEM file of the CA certificates you trust (repeatable). Required for a bundle." };
        var previous = new Option<string?>("--previous-checkpoint") { Description = "With a bundle: your earlier checkpoint (checkpoint.txt or an earlier bundle); the bundle must prove it extends it." };
        var json = new Option<bool>("--json") { Description = "Print a JSON report instead of text." };
        var rootSha256 = new Option<string?>("--admin-root-sha256")
        {
            Description = "With a bundle: the SHA-256 of the organisation's administration root, when you hold its fingerprint rather than the PEM (--admin-root).",
        };
        var tsaTrust = new Option<string[]>("--tsa-trust")
        {
            Description = "With a bundle: PEM file of the time-stamping authority roots you trust (repeatable); signatures carrying an RFC 3161 timestamp are then judged at its time.",
        };
        var checkpointKey = new Option<string?>("--checkpoint-key")
        {
            Description = "With a bundle: PEM file of the organisation checkpoint certificate you hold (e.g. the original one); the bundle's checkpoint must be signed by it or by a key its rotations lead to from it.",
        };
        var anchors = new AnchorOptions();
        var command = new Command("verify", "Verify an evidence bundle offline, or every entry, link and Merkle root of a ledger database.")
        {
            bundle, db, chain, trust, previous, json, rootSha256, tsaTrust, checkpointKey,
        };
        anchors.AddTo(command);
        var administration = new AdministrationOptions();
        administration.AddTo(command);
        command.SetAction((parse, cancellationToken) =>
        {
            var output = parse.InvocationConfiguration.Output;
            var error = parse.InvocationConfiguration.Error;
            var path = parse.GetValue(bundle);
            var database = parse.GetValue(db);
            if ((path is null) == (database is null))
            {
                throw new UsageException("name a bundle to verify, or a database with --db (not both).");
            }

            if (database is not null)
            {
                var anchoring = anchors.Resolve(parse, parse.GetValue(trust) ?? [], parse.GetValue(tsaTrust) ?? []);
                if ((anchoring is null && ((parse.GetValue(trust) ?? []).Length > 0 || (parse.GetValue(tsaTrust) ?? []).Length > 0))
                    || parse.GetValue(previous) is not null || parse.GetValue(rootSha256) is not null || parse.GetValue(checkpointKey) is not null)
                {
                    throw new UsageException("--trust and --previous-checkpoint apply to a bundle, not to --db (so do --admin-root-sha256 and --checkpoint-key); with --db, --trust and --tsa-trust go with --checkpoints.");
                }

                return RunDatabaseAsync(database, administration.TryResolve(parse, database), parse.GetValue(chain), anchoring, parse.GetValue(json), output, cancellationToken);
            }

            if (parse.GetValue(chain) is not null)
            {
                throw new UsageException("--chain applies to --db; a bundle holds one chain.");
            }

            if (parse.GetValue(administration.Unsigned))
            {
                throw new UsageException("--unsigned-administration applies to --db; a bundle declares its administration root (pin it with --admin-root).");
            }

            var roots = (parse.GetValue(administration.Root), parse.GetValue(rootSha256));
            return RunBundleAsync(path!, parse.GetValue(trust) ?? [], parse.GetValue(tsaTrust) ?? [], parse.GetValue(previous), roots, anchors.ResolveForBundle(parse),
                parse.GetValue(checkpointKey), parse.GetValue(json), output, error, cancellationToken);
        });
        return command;
    }

    private static async Task<int> RunBundleAsync(string path, string[] trust, string[] tsaTrust, string? previous, (string? Pem, string? Sha256) adminRoot,
        (IReadOnlyList<StoredCheckpoint>? Published, List<System.Security.Cryptography.X509Certificates.X509Certificate2> Witnesses, int? Required) anchors, string? checkpointKey,
        bool json, TextWriter output,
        TextWriter error, CancellationToken cancellationToken)
    {
        if (trust.Length == 0)
        {
            throw new UsageException("verifying a bundle needs --trust <ca.pem>: the CA certificates you trust for the organisation's and signers' keys.");
        }

        var report = await BundleVerificationRun.VerifyAsync(path, trust, previous, error, onEntry: null, cancellationToken, adminRoot.Pem, adminRoot.Sha256, tsaTrust, anchors,
            checkpointKey).ConfigureAwait(false);
        var exitCode = BundleVerificationRun.ExitCode(report);
        if (json)
        {
            await output.WriteLineAsync(JsonSerializer.Serialize(BundleVerificationJson.From(path, report, exitCode), CliJson.Options)).ConfigureAwait(false);
        }
        else
        {
            BundleVerificationText.Write(output, path, report);
        }

        return exitCode;
    }

    private static async Task<int> RunDatabaseAsync(LedgerLocation path, (AdministrationTrust Trust, string Description)? administration, string? chainId,
        AnchorInputs? anchoring, bool json, TextWriter output, CancellationToken cancellationToken)
    {
        await using var database = await LedgerReadConnection.OpenAsync(path, cancellationToken).ConfigureAwait(false);
        var chains = await database.Ledger.GetChainIdsAsync(cancellationToken).ConfigureAwait(false);
        if (chainId is not null)
        {
            if (!chains.Contains(chainId, StringComparer.Ordinal))
            {
                throw new UsageException($"'{path}' holds no chain '{chainId}' (chains: {string.Join(", ", chains)}).");
            }

            chains = [chainId];
        }

        var reports = new List<ChainVerificationReport>();
        foreach (var chain in chains)
        {
            var report = await database.Ledger.VerifyAsync(chain, cancellationToken).ConfigureAwait(false);
            var approvals = await LedgerApprovalAudit.CheckAsync(database.Ledger, chain, report.TreeHead.Size, cancellationToken).ConfigureAwait(false);
            reports.Add(report.WithFindings(approvals));
        }

        // Administrative entries that decisions ignore (unsigned, not by an administrator, replayed) are findings too.
        var findings = new List<(string ChainId, AdministrativeFinding Finding)>();
        var keyHistories = new Dictionary<string, CheckpointKeyHistory>(StringComparer.Ordinal);
        if (administration is not null || anchoring is not null)
        {
            // Judged over the verified prefix only; a chain that does not verify is already a finding above.
            foreach (var chain in reports.Where(r => r.IsValid).Select(r => r.ChainId))
            {
                var verified = await VerifiedChain.OpenAsync(database.Ledger, chain, cancellationToken).ConfigureAwait(false);
                await using (verified.ConfigureAwait(false))
                {
                    var state = administration is { } judged ? await AdministrativeState.ReadAsync(verified, judged.Trust, cancellationToken).ConfigureAwait(false) : null;
                    findings.AddRange(state?.Findings.Select(f => (chain, f)) ?? []);
                    if (anchoring is not null)
                    {
                        // The chain of checkpoint keys decides which key may sign which checkpoint (FORMAT.md 13.6).
                        keyHistories[chain] = await CheckpointKeyHistory.ReadAsync(verified, state, anchoring.Verifier, cancellationToken).ConfigureAwait(false);
                    }
                }
            }
        }

        var keyFindings = keyHistories.SelectMany(h => h.Value.Findings.Select(f => (ChainId: h.Key, Finding: f))).ToList();

        var (mode, source) = administration is { } known
            ? (known.Trust.AllowsUnsigned ? "unsigned" : "signed", known.Description)
            : ("unchecked", AdministrationOptions.DefaultRootPath(path) is { } pin
                ? $"no pinned administration root ({pin} does not exist; give --admin-root <pem>)"
                : "no pinned administration root (a PostgreSQL ledger has none beside it; give --admin-root <pem>)");
        var anchorReports = new List<AnchorReport>();
        if (anchoring is not null)
        {
            // Only a chain that verifies has roots worth comparing; one that does not is already a finding above.
            foreach (var report in reports.Where(r => r.IsValid))
            {
                var recorded = await RecordedCosignatures.ReadAsync(database.Ledger, report.ChainId, report.TreeHead.Size, cancellationToken).ConfigureAwait(false);
                anchorReports.AddRange(await anchoring.CheckAsync(report.ChainId, report.TreeHead.Size,
                    async (size, ct) => (await database.Ledger.GetTreeHeadAsync(report.ChainId, size, ct).ConfigureAwait(false)).Root, cancellationToken,
                    recorded, keyHistories.GetValueOrDefault(report.ChainId)).ConfigureAwait(false));
            }

            anchorReports.AddRange(await AllChainsAnchors.CheckAsync(database.Ledger, anchoring, reports, keyHistories, cancellationToken).ConfigureAwait(false));
        }

        var valid = reports.All(r => r.IsValid) && findings.Count == 0 && keyFindings.Count == 0 && anchorReports.All(a => a.IsValid);
        if (json)
        {
            var report = VerificationJson.From(path, reports, database.ReadOnlyDescription) with
            {
                Administration = AdministrationJson.From(mode, source, findings),
                Anchors = anchoring is null ? null : anchorReports.Select(AnchorJson.From).ToList(),
                CheckpointKeys = anchoring is null ? null : keyHistories.Select(h => CheckpointKeysJson.From(h.Key, h.Value)).ToList(),
            };
            await output.WriteLineAsync(JsonSerializer.Serialize(report with { Valid = valid }, CliJson.Options)).ConfigureAwait(false);
        }
        else
        {
            VerificationText.Write(output, path, reports);
            await output.WriteLineAsync($"Database {database.ReadOnlyDescription}.").ConfigureAwait(false);
            output.WriteLine($"Administration: {source}");
            foreach (var (chain, finding) in findings)
            {
                output.WriteLine($"  chain {chain}: {finding.Kind}: {finding.Message}");
            }

            if (findings.Count > 0)
            {
                output.WriteLine($"Result: {findings.Count} administrative entr{(findings.Count == 1 ? "y" : "ies")} not signed by an administrator (ignored by every decision).");
            }

            if (anchoring is not null)
            {
                AnchorText.Write(output, anchoring, anchorReports);
                CheckpointKeysText.Write(output, keyHistories);
            }
        }

        return valid ? ExitCodes.Success : ExitCodes.CheckFailed;
    }
}
