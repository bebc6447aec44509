using System.CommandLine;
using System.Security.Cryptography;
using System.Text.Json;
using ComplianceKit.Administration;
using ComplianceKit.Baa;
using ComplianceKit.Canonicalization;
using ComplianceKit.Checklists;
using ComplianceKit.Cli.Administration;
using ComplianceKit.Cli.Compliance;
using ComplianceKit.Cli.Files;
using ComplianceKit.Cli.Hosting;
using ComplianceKit.Cli.Output;
using ComplianceKit.EntityFrameworkCore;
using ComplianceKit.EntityFrameworkCore.Ledger;
using ComplianceKit.EntityFrameworkCore.Model;
using ComplianceKit.EntityFrameworkCore.Projection;
using ComplianceKit.Hashing;
using ComplianceKit.Import;
using ComplianceKit.Ledger;
using ComplianceKit.Projection;
using ComplianceKit.Signing;
using ComplianceKit.Verification;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;

namespace ComplianceKit.Cli.Commands;

/// <summary>
/// <c>compliancekit import-checklist &lt;file.md&gt; --db &lt;file&gt; [--gate &lt;id&gt;] [--mapping &lt;file.json&gt;] [--chain &lt;id&gt;] [--signing-cert ...] [--json]</c>:
/// a markdown deployment checklist becomes controls, self-attested evidence for ticked boxes, the vendors its BAA items name, a
/// release gate and a post-deployment gate (signed by the administrator of --signing-cert); 0 imported, 1 not imported (the ledger
/// does not verify, the signer is not an administrator), 2 not a checklist, a bad mapping or an unusable database.
/// </summary>
internal static class ImportChecklistCommand
{
    private const string Actor = "cli:import-checklist";

    public static Command Create()
    {
        var file = new Argument<string>("file") { Description = "The markdown checklist." };
        var db = DatabaseOption.Create("The ledger database; created (with its tables) when it does not exist.");
        var gate = new Option<string?>("--gate") { Description = "The gate's id; default: the slug of the checklist's title or file name." };
        var chain = new Option<string>("--chain") { Description = "The chain.", DefaultValueFactory = _ => "default" };
        var json = new Option<bool>("--json") { Description = "Print a JSON report instead of text." };
        var mapping = new Option<string?>("--mapping") { Description = "A JSON file that overrides the criticality, phase and binding of single items (README, \"Checklist mapping file\")." };
        var command = new Command("import-checklist", "Import a markdown checklist: items become controls, ticked boxes self-attested evidence, sign-off lines the gate's approval roles.")
        {
            file, db, gate, chain, json, mapping,
        };
        var signing = new SignerOptions("an administrator's, to sign the gate definition", required: false);
        signing.AddTo(command);
        var administration = new AdministrationOptions();
        administration.AddTo(command);
        command.SetAction((parse, cancellationToken) => RunAsync(parse.GetValue(file)!, parse.GetValue(db)!, parse.GetValue(gate), parse.GetValue(chain)!,
            parse.GetValue(json), parse.GetValue(mapping), parse.InvocationConfiguration.Output,
            !signing.IsGiven(parse) ? null : () => (signing.Load(parse)!, administration.Resolve(parse, parse.GetValue(db)!, databaseMayBeNew: true).Trust),
            cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(string file, LedgerLocation path, string? gateId, string chainId, bool json, string? mappingFile, TextWriter output,
        Func<(CliSigner Signer, AdministrationTrust Trust)>? administrator, CancellationToken cancellationToken)
    {
        var clock = CliHost.Clock;
        InputFile.RequireWithinLimit(file, "checklist", InputFile.ChecklistLimit);

        try
        {
            LedgerLimits.ValidateChainId(chainId);
        }
        catch (LedgerValidationException ex)
        {
            throw new UsageException(ex.Message);
        }

        var bytes = InputFile.ReadAllBytes(file, "checklist", InputFile.ChecklistLimit);
        ChecklistDocument document;
        try
        {
            using var stream = new MemoryStream(bytes, writable: false);
            document = new MarkdownChecklistParser(new MarkdownChecklistParserOptions { MaxInputLength = InputFile.ChecklistLimit }).Parse(stream, Path.GetFileName(file));
        }
        catch (ChecklistFormatException ex)
        {
            throw new UsageException($"'{file}' is not a markdown checklist: {ex.Message}");
        }

        var (mapping, mappingSha256) = ReadMapping(mappingFile);
        var options = new ChecklistImportOptions
        {
            GateId = gateId, SourceSha256 = Hex.Format(SHA256.HashData(bytes)), ImportedAt = clock.GetCurrentInstant(), ImportedBy = Actor,
            Mapping = mapping, MappingSha256 = mappingSha256,
        };

        // Planned once before the database is touched, so a bad gate id or mapping writes nothing.
        var (firstPlan, _) = PlanOrRefuse(document, options, signedGates: null);

        // Gate definitions are administrative: signed before anything is written, so a refused signer writes nothing.
        Dictionary<string, EntryDraft>? signedGates = null;
        if (administrator is not null)
        {
            var (signer, trust) = administrator();
            using (signer)
            {
                try
                {
                    signedGates = new Dictionary<string, EntryDraft>(StringComparer.Ordinal);
                    foreach (var definition in new[] { firstPlan.Gate, firstPlan.PostDeploymentGate }.OfType<GateDefinition>())
                    {
                        signedGates[definition.Id] = await AdministrationRecorder.SignDraftAsync(chainId, GateDefinition.EntryType, $"gate:{definition.Id}",
                            definition.ToRecordBytes(), signer, trust, clock.GetCurrentInstant(), cancellationToken).ConfigureAwait(false);
                    }
                }
                catch (AdministrationRefusedException ex)
                {
                    await output.WriteLineAsync($"Result: NOT IMPORTED. {ex.Message}").ConfigureAwait(false);
                    return ExitCodes.CheckFailed;
                }
            }
        }

        await using var database = await LedgerDatabase.OpenOrCreateAsync(path, clock, configure: null, cancellationToken).ConfigureAwait(false);
        var context = database.Context;
        var ledger = database.Ledger;
        IReadOnlySet<string> vendors;
        try
        {
            vendors = await VendorIdsAsync(ledger, chainId, cancellationToken).ConfigureAwait(false);
        }
        catch (LedgerNotVerifiedException ex)
        {
            await output.WriteLineAsync($"Result: NOT IMPORTED. {ex.Message}").ConfigureAwait(false);
            return ExitCodes.CheckFailed;
        }

        var (plan, drafts) = PlanOrRefuse(document, options with { ExistingVendorIds = vendors }, signedGates);
        var rebuild = await ComplianceState.HasProjectionTablesAsync(database, cancellationToken).ConfigureAwait(false);
        long first;
        long last;
        try
        {
            // One transaction: the whole checklist, and the projection rebuilt from it, or nothing.
            await using var transaction = await context.Database.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            first = -1;
            last = -1;
            foreach (var batch in drafts.Chunk(1000))
            {
                var receipt = await ledger.AppendAsync(chainId, batch, cancellationToken).ConfigureAwait(false);
                first = first < 0 ? receipt.FirstSequence : first;
                last = receipt.Entries[^1].Sequence;
            }

            if (rebuild)
            {
                await database.Services.GetRequiredService<ComplianceProjection<ComplianceKitDbContext>>().RebuildAsync(chainId, cancellationToken).ConfigureAwait(false);
            }

            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is PhiDetectedException or JsonCanonicalizationException or LedgerValidationException)
        {
            throw new UsageException($"'{file}' cannot be recorded: {ex.Message}");
        }
        catch (LedgerNotVerifiedException ex)
        {
            await output.WriteLineAsync($"Result: NOT IMPORTED. {ex.Message}").ConfigureAwait(false);
            return ExitCodes.CheckFailed;
        }

        var result = ImportJson.From(file, path, chainId, plan, first, last, rebuild, mappingFile) with { GateDefinitionSigned = administrator is not null };
        if (json)
        {
            await output.WriteLineAsync(JsonSerializer.Serialize(result, CliJson.Options)).ConfigureAwait(false);
        }
        else
        {
            ImportText.Write(output, result);
            if (administrator is null)
            {
                await output.WriteLineAsync("Note: the gate definition is unsigned (no --signing-cert), so it counts only under --unsigned-administration; " +
                    "import again with --signing-cert <administrator.pfx> to sign it.").ConfigureAwait(false);
            }
        }

        return ExitCodes.Success;
    }

    private static (ChecklistImportPlan Plan, IReadOnlyList<EntryDraft> Drafts) PlanOrRefuse(ChecklistDocument document, ChecklistImportOptions options,
        IReadOnlyDictionary<string, EntryDraft>? signedGates)
    {
        try
        {
            var plan = ChecklistImporter.Plan(document, options);
            return (plan, signedGates is null ? plan.ToDrafts(Actor) : plan.ToDrafts(Actor, gate => SignedDraftFor(gate, signedGates)));
        }
        catch (ArgumentException ex)
        {
            throw new UsageException(ex.Message);
        }
    }

    // The gates were signed from the plan made before the database was opened; the final plan must define the same bytes.
    private static EntryDraft SignedDraftFor(GateDefinition gate, IReadOnlyDictionary<string, EntryDraft> signedGates) =>
        signedGates.TryGetValue(gate.Id, out var draft) && SignedAdministrativePayload.Read(draft.Payload.Span) is { Header: { } header } signed
            && signed.SignedContent.AsSpan().SequenceEqual(SignedAdministrativePayload.ContentToSign(gate.ToRecordBytes(), header))
            ? draft
            : throw new InvalidOperationException($"The definition of gate '{gate.Id}' changed between signing and writing.");

    private static (ChecklistMapping? Mapping, string? Sha256) ReadMapping(string? file)
    {
        if (file is null)
        {
            return (null, null);
        }

        var bytes = InputFile.ReadAllBytes(file, "mapping file", InputFile.PolicyLimit);
        try
        {
            return (ChecklistMapping.Parse(bytes), Hex.Format(SHA256.HashData(bytes)));
        }
        catch (FormatException ex)
        {
            throw new UsageException($"'{file}': {ex.Message}");
        }
    }

    // Vendors the chain already registered keep their details: the import binds to them without registering them again.
    // Read from the verified chain only: a vendor row planted past the head must not stand in for a registration.
    private static async Task<IReadOnlySet<string>> VendorIdsAsync(EntityFrameworkLedger<ComplianceKitDbContext> ledger, string chainId, CancellationToken cancellationToken)
    {
        var ids = new HashSet<string>(StringComparer.Ordinal);
        var chain = await VerifiedChain.OpenAsync(ledger, chainId, cancellationToken).ConfigureAwait(false);
        await using (chain.ConfigureAwait(false))
        {
            await foreach (var entry in chain.ReadByTypeAsync([BaaEntryTypes.VendorRegistered], cancellationToken).ConfigureAwait(false))
            {
                ids.Add(entry.Subject.StartsWith("vendor:", StringComparison.Ordinal) ? entry.Subject["vendor:".Length..] : entry.Subject);
            }
        }

        return ids;
    }
}
