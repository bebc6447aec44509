using ComplianceKit.Cli.Files;
using System.CommandLine;
using System.Security.Cryptography;
using ComplianceKit.Baa;
using ComplianceKit.Cli.Bundles;
using ComplianceKit.Cli.Administration;
using ComplianceKit.Cli.Compliance;
using ComplianceKit.Cli.Hosting;
using ComplianceKit.Hashing;
using ComplianceKit.Ledger;
using NodaTime;

namespace ComplianceKit.Cli.Commands;

/// <summary>
/// <c>compliancekit baa execute|renew|terminate|list</c>: business associate agreements over the domain's own writers (documents by SHA-256);
/// 0 recorded or listed, 1 the ledger does not verify, 2 usage error (an incomplete agreement, an unknown vendor or agreement).
/// </summary>
internal static class BaaCommand
{
    public static Command Create() => new("baa", "Record business associate agreements: executed, renewed, terminated with the PHI's disposition; list them.")
    {
        Execute(), Renew(), Terminate(), List(),
    };

    private static Command Execute()
    {
        var db = OfficerOptions.Database();
        var id = new Option<string>("--id") { Description = "The agreement's id.", Required = true };
        var vendor = new Option<string>("--vendor") { Description = "The vendor (registered with vendor add).", Required = true };
        var document = new Option<string>("--document") { Description = "The executed agreement; its SHA-256 is recorded, the file stays where it is.", Required = true };
        var effective = new Option<string>("--effective") { Description = "When it takes effect (2026-03-01 or an instant).", Required = true };
        var executed = new Option<string?>("--executed") { Description = "When both parties had signed (default: --effective)." };
        var expires = new Option<string?>("--expires") { Description = "When the term ends (omit for open-ended)." };
        var autoRenew = new Option<bool>("--auto-renew") { Description = "The term renews until a party terminates it." };
        var signatories = new Option<string[]>("--signatory") { Description = "'Name|Title|Organisation' of a signer (at least two).", Required = true };
        var clauses = new Option<string[]>("--clause") { Description = "A clause id the agreement contains (repeatable; see BaaRequiredClauses)." };
        var services = new Option<string[]>("--service") { Description = "A service covered (repeatable)." };
        var phi = new Option<string[]>("--phi-category") { Description = "A category of PHI involved (repeatable)." };
        var uses = new Option<string[]>("--permitted-use") { Description = "A permitted use or disclosure (repeatable)." };
        var parent = new Option<string?>("--parent") { Description = "For a subcontractor agreement: the upstream agreement." };
        var actor = OfficerOptions.Actor();
        var chain = OfficerOptions.Chain();
        var json = OfficerOptions.Json();
        var command = new Command("execute", "Record an executed agreement: its terms, the document's SHA-256 and its signatories.")
        {
            db, id, vendor, document, effective, executed, expires, autoRenew, signatories, clauses, services, phi, uses, parent, actor, chain, json,
        };
        command.SetAction((parse, cancellationToken) =>
        {
            var clock = OfficerOptions.Clock;
            var effectiveAt = InstantArgument.Parse(parse.GetValue(effective), clock, "--effective");
            var agreement = new BusinessAssociateAgreement
            {
                BaaId = parse.GetValue(id)!, VendorId = parse.GetValue(vendor)!, ParentBaaId = parse.GetValue(parent),
                Services = parse.GetValue(services) ?? [], PhiCategories = parse.GetValue(phi) ?? [], PermittedUses = parse.GetValue(uses) ?? [],
                EffectiveAt = effectiveAt,
                ExecutedAt = parse.GetValue(executed) is { } e ? InstantArgument.Parse(e, clock, "--executed") : effectiveAt,
                ExpiresAt = parse.GetValue(expires) is { } x ? InstantArgument.Parse(x, clock, "--expires") : null,
                AutoRenew = parse.GetValue(autoRenew), DocumentSha256 = Digest(parse.GetValue(document)!, "agreement document"),
                Signatories = (parse.GetValue(signatories) ?? []).Select(ParseSignatory).ToList(), Clauses = parse.GetValue(clauses) ?? [],
            };
            return Record(parse, agreement, "Executed", parse.GetValue(db)!, parse.GetValue(chain)!, parse.GetValue(json), parse.GetValue(actor)!, session =>
            {
                if (session.Snapshot?.Vendors.Any(v => v.VendorId == agreement.VendorId) != true)
                {
                    throw new UsageException($"no vendor '{agreement.VendorId}' is registered (compliancekit vendor add).");
                }
            }, cancellationToken);
        });
        return command;
    }

    private static Command Renew()
    {
        var db = OfficerOptions.Database();
        var id = new Option<string>("--id") { Description = "The agreement renewed.", Required = true };
        var document = new Option<string>("--document") { Description = "The renewal as executed; its SHA-256 is recorded.", Required = true };
        var expires = new Option<string?>("--expires") { Description = "The new end of term (omit for open-ended)." };
        var executed = new Option<string?>("--executed") { Description = "When the renewal was signed (default: now)." };
        var signatories = new Option<string[]>("--signatory") { Description = "'Name|Title|Organisation' of a signer of the renewal (default: the earlier signatories)." };
        var actor = OfficerOptions.Actor();
        var chain = OfficerOptions.Chain();
        var json = OfficerOptions.Json();
        var command = new Command("renew", "Record a renewal: the executed terms again, with the new term, document and signatories.") { db, id, document, expires, executed, signatories, actor, chain, json };
        command.SetAction((parse, cancellationToken) =>
        {
            var clock = OfficerOptions.Clock;
            var digest = Digest(parse.GetValue(document)!, "renewal document");
            var given = (parse.GetValue(signatories) ?? []).Select(ParseSignatory).ToList();
            BusinessAssociateAgreement? renewed = null;
            return Record(parse, null, "Renewed", parse.GetValue(db)!, parse.GetValue(chain)!, parse.GetValue(json), parse.GetValue(actor)!, session =>
            {
                var current = session.Snapshot?.Agreements.FirstOrDefault(b => b.BaaId == parse.GetValue(id)) is { ExecutedSequence: not null, TerminatedAt: null } record
                    ? record
                    : throw new UsageException($"no executed, unterminated agreement '{parse.GetValue(id)}' to renew.");
                renewed = new BusinessAssociateAgreement
                {
                    BaaId = current.BaaId, VendorId = current.VendorId, ParentBaaId = current.ParentBaaId, Services = current.Services,
                    PhiCategories = current.PhiCategories, PermittedUses = current.PermittedUses, EffectiveAt = current.EffectiveAt,
                    ExpiresAt = parse.GetValue(expires) is { } x ? InstantArgument.Parse(x, clock, "--expires") : null, AutoRenew = current.AutoRenew,
                    ExecutedAt = InstantArgument.Parse(parse.GetValue(executed), clock, "--executed"), DocumentSha256 = digest,
                    Signatories = given.Count > 0 ? given : current.Signatories, Clauses = current.Clauses,
                };
                return renewed;
            }, cancellationToken);
        });
        return command;
    }

    private static Command Terminate()
    {
        var db = OfficerOptions.Database();
        var id = new Option<string>("--id") { Description = "The agreement terminated.", Required = true };
        var reason = new Option<string>("--reason") { Description = "Why, for example 'vendor replaced'.", Required = true };
        var at = new Option<string?>("--terminated") { Description = "When the termination takes effect (default: now)." };
        var disposition = new Option<string>("--disposition") { Description = "What happened to the PHI: returned, destroyed, or infeasible (protections extended).", Required = true };
        var evidence = new Option<string>("--disposition-evidence") { Description = "The certificate of destruction or return receipt; its SHA-256 is recorded.", Required = true };
        var completed = new Option<string?>("--disposition-completed") { Description = "When the return or destruction was completed (default: --terminated)." };
        var actor = OfficerOptions.Actor();
        var chain = OfficerOptions.Chain();
        var json = OfficerOptions.Json();
        var command = new Command("terminate", "Record a termination and the disposition of the PHI the business associate held (45 CFR 164.504(e)(2)(ii)(J)).")
        {
            db, id, reason, at, disposition, evidence, completed, actor, chain, json,
        };
        command.SetAction((parse, cancellationToken) =>
        {
            var clock = OfficerOptions.Clock;
            var terminatedAt = InstantArgument.Parse(parse.GetValue(at), clock, "--terminated");
            var termination = new BaaTermination { BaaId = parse.GetValue(id)!, TerminatedAt = terminatedAt, Reason = parse.GetValue(reason)! };
            var record = new PhiDispositionRecord
            {
                BaaId = termination.BaaId, Disposition = ParseDisposition(parse.GetValue(disposition)!),
                EvidenceSha256 = Digest(parse.GetValue(evidence)!, "disposition evidence"),
                CompletedAt = parse.GetValue(completed) is { } c ? InstantArgument.Parse(c, clock, "--disposition-completed") : terminatedAt,
            };
            var path = parse.GetValue(db)!;
            var actorName = parse.GetValue(actor)!;
            return OfficerWrite.AppendAsync(parse, path, parse.GetValue(chain)!, parse.GetValue(json), session =>
            {
                if (session.Snapshot?.Agreements.FirstOrDefault(b => b.BaaId == termination.BaaId) is not { TerminatedAt: null })
                {
                    throw new UsageException($"no unterminated agreement '{termination.BaaId}'.");
                }

                return [OfficerOptions.Draft(() => termination.ToDraft(actorName)), OfficerOptions.Draft(() => record.ToDraft(actorName))];
            }, (session, receipt) => (
                $"Terminated agreement {termination.BaaId} at {PayloadCodec.FormatInstant(terminatedAt)} ({termination.Reason}); PHI {record.Disposition}, evidence sha256 {record.EvidenceSha256}; entries {receipt.FirstSequence}-{receipt.Entries[^1].Sequence}.",
                new { database = path, chainId = session.ChainId, entries = receipt.Entries.Select(e => e.Sequence).ToList(), baaId = termination.BaaId,
                    terminatedAt = PayloadCodec.FormatInstant(terminatedAt), reason = termination.Reason, disposition = record.Disposition.ToString(),
                    dispositionEvidenceSha256 = record.EvidenceSha256, dispositionCompletedAt = PayloadCodec.FormatInstant(record.CompletedAt) }), cancellationToken);
        });
        return command;
    }

    private static Command List()
    {
        return OfficerOptions.CreateList("List the agreements in the verified ledger with their status now.", [], async (parse, state, now, json) =>
        {
            var path = state.Database.Location;

            var rows = state.Snapshot!.Agreements.OrderBy(b => b.BaaId, StringComparer.Ordinal).Select(b => new
            {
                b.BaaId, b.VendorId, Status = BaaLifecycle.StatusAt(b, now, Duration.FromDays(30)).ToString(),
                EffectiveAt = Format(b.EffectiveAt), ExpiresAt = Format(b.ExpiresAt), b.AutoRenew, b.DocumentSha256,
                TerminatedAt = Format(b.TerminatedAt), Disposition = b.Disposition?.ToString(), b.DispositionEvidenceSha256,
            }).ToList();
            return await OfficerOutput.WriteListAsync(parse.InvocationConfiguration.Output, json, path, state.ChainId, "agreement", rows,
                r => $"  {r.BaaId} with {r.VendorId}: {r.Status}; effective {r.EffectiveAt ?? "-"}, expires {r.ExpiresAt ?? (r.AutoRenew ? "auto-renews" : "never")}{(r.TerminatedAt is null ? "" : $", terminated {r.TerminatedAt}, PHI {r.Disposition ?? "DISPOSITION NOT RECORDED"}")}").ConfigureAwait(false);
        });
    }

    private static Task<int> Record(ParseResult parse, BusinessAssociateAgreement? agreement, string verb, LedgerLocation path, string chainId, bool json, string actor,
        Func<LedgerWriteSession, BusinessAssociateAgreement?> prepare, CancellationToken cancellationToken)
    {
        var recorded = agreement;
        return OfficerWrite.AppendAsync(parse, path, chainId, json, session =>
        {
            recorded = prepare(session) ?? agreement!;
            return [OfficerOptions.Draft(() => recorded.ToExecutedDraft(actor))];
        }, (session, receipt) => (
            $"{verb} agreement {recorded!.BaaId} with {recorded.VendorId}: effective {Format(recorded.EffectiveAt)}, expires {Format(recorded.ExpiresAt) ?? (recorded.AutoRenew ? "auto-renews" : "never")}, document sha256 {recorded.DocumentSha256}; entry {receipt.FirstSequence}.",
            new { database = path, chainId = session.ChainId, entry = receipt.FirstSequence, baaId = recorded.BaaId, vendorId = recorded.VendorId,
                effectiveAt = Format(recorded.EffectiveAt), expiresAt = Format(recorded.ExpiresAt), executedAt = Format(recorded.ExecutedAt), autoRenew = recorded.AutoRenew,
                documentSha256 = recorded.DocumentSha256, signatories = recorded.Signatories, clauses = recorded.Clauses }), cancellationToken);
    }

    private static Task<int> Record(ParseResult parse, BusinessAssociateAgreement agreement, string verb, LedgerLocation path, string chainId, bool json, string actor,
        Action<LedgerWriteSession> check, CancellationToken cancellationToken) =>
        Record(parse, agreement, verb, path, chainId, json, actor, session =>
        {
            check(session);
            return agreement;
        }, cancellationToken);

    private static string? Format(Instant? instant) => instant is { } i ? PayloadCodec.FormatInstant(i) : null;

    private static string Digest(string file, string what)
    {
        BundleInputs.RequireFile(file, what);
        using var stream = File.OpenRead(file);
        return Hex.Format(SHA256.HashData(stream));
    }

    private static BaaSignatory ParseSignatory(string text)
    {
        var parts = text.Split('|', StringSplitOptions.TrimEntries);
        return parts.Length == 3 && parts.All(p => p.Length > 0)
            ? new BaaSignatory(parts[0], parts[1], parts[2])
            : throw new UsageException($"--signatory '{text}' is not 'Name|Title|Organisation'.");
    }

    private static PhiDisposition ParseDisposition(string text) => text.Trim().ToLowerInvariant() switch
    {
        "returned" => PhiDisposition.Returned,
        "destroyed" => PhiDisposition.Destroyed,
        "infeasible" or "infeasible-protections-extended" => PhiDisposition.InfeasibleProtectionsExtended,
        _ => throw new UsageException($"--disposition '{text}' is not one of returned, destroyed, infeasible."),
    };
}
