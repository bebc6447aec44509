using System.CommandLine;
using ComplianceKit.Cli.Administration;
using ComplianceKit.Cli.Compliance;
using ComplianceKit.Cli.Hosting;
using ComplianceKit.Cli.Output;
using ComplianceKit.Evidence;
using ComplianceKit.Ledger;
using ComplianceKit.Signing;
using ComplianceKit.Verification;
using NodaTime;

namespace ComplianceKit.Cli.Commands;

/// <summary>
/// <c>compliancekit evidence add|withdraw|list</c>: evidence for a control, an artifact recorded by its SHA-256 (the file stays where
/// it is), optionally signed; 0 recorded or listed, 1 refused (the ledger does not verify, an unsuitable or untrusted signer), 2 usage error.
/// </summary>
internal static class EvidenceCommand
{
    public static Command Create() => new("evidence", "Attach evidence to a control (an artifact by its SHA-256, optionally signed), withdraw it, or list it.")
    {
        Add(), Withdraw(), List(),
    };

    private static Command Add()
    {
        var db = OfficerOptions.Database();
        var control = new Option<string>("--control") { Description = "The control the evidence supports.", Required = true };
        var file = new Option<string>("--file") { Description = "The artifact; its SHA-256 is recorded, the file stays where it is.", Required = true };
        var kind = new Option<string?>("--kind") { Description = "The evidence kind (default: the control's one required kind, else 'document')." };
        var id = new Option<string?>("--id") { Description = "The evidence id (default: derived from the artifact digest and collection time)." };
        var collected = new Option<string?>("--collected") { Description = "When it was collected (2026-03-01T12:00:00Z or 2026-03-01; default: now)." };
        var effective = new Option<string?>("--effective") { Description = "From when it shows the control in place (default: --collected)." };
        var validUntil = new Option<string?>("--valid-until") { Description = "When it stops counting (for example a certificate's expiry)." };
        var collectedBy = new Option<string>("--collected-by") { Description = "Who collected it (a person or system id).", Required = true };
        var uri = new Option<string?>("--uri") { Description = "Where the artifact is kept (an absolute link)." };
        var mediaType = new Option<string?>("--media-type") { Description = "The artifact's media type, for example application/pdf." };
        var note = new Option<string?>("--note") { Description = "A short note for the reviewer." };
        var signing = new SignerOptions("the collector's, to sign the evidence statement: the strongest assurance", required: false);
        var administration = new AdministrationOptions();
        var chain = OfficerOptions.Chain();
        var json = OfficerOptions.Json();
        var command = new Command("add", "Attach an artifact to a control by its SHA-256; with --signing-cert the statement is signed (the strongest assurance).")
        {
            db, control, file, kind, id, collected, effective, validUntil, collectedBy, uri, mediaType, note, chain, json,
        };
        signing.AddTo(command);
        administration.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var signed = signing.IsGiven(parse);

            var output = parse.InvocationConfiguration.Output;
            var error = parse.InvocationConfiguration.Error;
            var path = parse.GetValue(db)!;
            var asJson = parse.GetValue(json);
            var clock = OfficerOptions.Clock;
            var artifact = parse.GetValue(file)!;
            var digest = ArtifactDigest.OfFile(artifact, "artifact");

            var collectedAt = InstantArgument.Parse(parse.GetValue(collected), clock, "--collected");
            var statement = new EvidenceStatement
            {
                EvidenceId = parse.GetValue(id) ?? $"{digest[..16]}-{collectedAt.ToUnixTimeSeconds()}",
                ControlId = parse.GetValue(control)!,
                Kind = "document",
                ArtifactSha256 = digest,
                FileName = Path.GetFileName(artifact),
                MediaType = parse.GetValue(mediaType),
                Uri = parse.GetValue(uri) is { } link ? OfficerOptions.AbsoluteUri(link) : null,
                CollectedAt = collectedAt,
                EffectiveAt = parse.GetValue(effective) is { } e ? InstantArgument.Parse(e, clock, "--effective") : null,
                ValidUntil = parse.GetValue(validUntil) is { } v ? InstantArgument.Parse(v, clock, "--valid-until") : null,
                CollectedBy = parse.GetValue(collectedBy)!,
                Source = "cli:evidence-add",
                Note = parse.GetValue(note),
            };

            await using var session = await LedgerWriteSession.OpenAsync(path, parse.GetValue(chain)!, clock, cancellationToken).ConfigureAwait(false);
            if (session.NotVerified is { } why)
            {
                return await Refusal.WriteAsync(output, error, asJson, path, "LedgerNotVerified", why).ConfigureAwait(false);
            }

            var snapshot = session.Snapshot;
            if (snapshot?.Controls.Any(c => c.ControlId == statement.ControlId) != true)
            {
                throw new UsageException($"chain '{session.ChainId}' defines no control '{statement.ControlId}' (compliancekit readiness lists them).");
            }

            var kinds = snapshot.EvidenceRequirements.Where(r => r.ControlId == statement.ControlId).Select(r => r.Kind).Distinct().ToList();
            statement = statement with { Kind = parse.GetValue(kind) ?? (kinds.Count == 1 ? kinds[0] : "document") };
            EntryDraft draft;
            try
            {
                if (!signed)
                {
                    draft = statement.ToDraft(statement.CollectedBy);
                }
                else
                {
                    using var signer = signing.Load(parse)!;
                    var signingTime = Instant.FromUnixTimeSeconds(clock.GetCurrentInstant().ToUnixTimeSeconds());
                    // Judged by the evidence check's own verifier, over the anchors in effect now, at the signing time (whole seconds,
                    // which may fall before an anchor recorded earlier in the same second).
                    CmsSignatureVerifier? verifier;
                    var verified = await VerifiedChain.OpenAsync(session.Database.Ledger, session.ChainId, cancellationToken).ConfigureAwait(false);
                    await using (verified.ConfigureAwait(false))
                    {
                        verifier = await SignerPreCheck.VerifierAsync(verified, administration.Resolve(parse, path), clock.GetCurrentInstant(), cancellationToken).ConfigureAwait(false);
                    }

                    if (SignerPreCheck.Problem(verifier, signer.Certificate, signingTime, "a signature on this evidence") is { } problem)
                    {
                        return await Refusal.WriteAsync(output, error, asJson, path, problem.Kind, problem.Message).ConfigureAwait(false);
                    }

                    draft = await statement.ToSignedDraftAsync(statement.CollectedBy, signer, signingTime, cancellationToken).ConfigureAwait(false);
                }
            }
            catch (ArgumentException ex) when (ex is not SignerCertificateRejectedException)
            {
                throw new UsageException(ex.Message);
            }

            var receipt = await session.AppendAsync([draft], cancellationToken).ConfigureAwait(false);
            var assurance = signed ? EvidenceAssurance.SignedArtifact : EvidenceAssurance.Documented;
            return await OfficerOutput.WriteAsync(output, asJson,
                $"Recorded evidence {statement.EvidenceId} for control {statement.ControlId}: {statement.Kind}, sha256 {digest} ({artifact}), {assurance}; entry {receipt.FirstSequence}.",
                new { database = path, chainId = session.ChainId, entry = receipt.FirstSequence, evidenceId = statement.EvidenceId, controlId = statement.ControlId,
                    kind = statement.Kind, artifactSha256 = digest, file = artifact, assurance = assurance.ToString(), collectedAt = InstantText(statement.CollectedAt),
                    effectiveAt = InstantText(statement.Effective), validUntil = statement.ValidUntil is { } until ? InstantText(until) : null, collectedBy = statement.CollectedBy }).ConfigureAwait(false);
        });
        return command;
    }

    private static Command Withdraw()
    {
        var db = OfficerOptions.Database();
        var control = new Option<string>("--control") { Description = "The control the evidence was attached to.", Required = true };
        var id = new Option<string>("--id") { Description = "The evidence id.", Required = true };
        var reason = new Option<string>("--reason") { Description = "Why it no longer counts.", Required = true };
        var actor = new Option<string>("--actor") { Description = "Who withdraws it.", Required = true };
        var chain = OfficerOptions.Chain();
        var json = OfficerOptions.Json();
        var command = new Command("withdraw", "Withdraw evidence: it stops counting from now; the original entry stays in the ledger.") { db, control, id, reason, actor, chain, json };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var output = parse.InvocationConfiguration.Output;
            var path = parse.GetValue(db)!;
            var asJson = parse.GetValue(json);
            await using var session = await LedgerWriteSession.OpenAsync(path, parse.GetValue(chain)!, OfficerOptions.Clock, cancellationToken).ConfigureAwait(false);
            if (session.NotVerified is { } why)
            {
                return await Refusal.WriteAsync(output, parse.InvocationConfiguration.Error, asJson, path, "LedgerNotVerified", why).ConfigureAwait(false);
            }

            var withdrawal = new EvidenceWithdrawal { EvidenceId = parse.GetValue(id)!, ControlId = parse.GetValue(control)!, Reason = parse.GetValue(reason)! };
            var record = session.Snapshot?.Evidence.FirstOrDefault(e => e.EvidenceId == withdrawal.EvidenceId && e.ControlId == withdrawal.ControlId)
                ?? throw new UsageException($"control '{withdrawal.ControlId}' has no evidence '{withdrawal.EvidenceId}'.");
            if (record.WithdrawnSequence is { } earlier)
            {
                throw new UsageException($"evidence '{withdrawal.EvidenceId}' was already withdrawn by entry {earlier}.");
            }

            var receipt = await session.AppendAsync([OfficerOptions.Draft(() => withdrawal.ToDraft(parse.GetValue(actor)!))], cancellationToken).ConfigureAwait(false);
            return await OfficerOutput.WriteAsync(output, asJson,
                $"Withdrew evidence {withdrawal.EvidenceId} of control {withdrawal.ControlId}; entry {receipt.FirstSequence}.",
                new { database = path, chainId = session.ChainId, entry = receipt.FirstSequence, evidenceId = withdrawal.EvidenceId, controlId = withdrawal.ControlId, reason = withdrawal.Reason }).ConfigureAwait(false);
        });
        return command;
    }

    private static Command List()
    {
        var control = new Option<string?>("--control") { Description = "Only this control's evidence." };
        return OfficerOptions.CreateList("List the evidence recorded in the verified ledger, withdrawn pieces included.", [control], async (parse, state, now, json) =>
        {
            var path = state.Database.Location;

            var rows = state.Snapshot!.Evidence.Where(e => parse.GetValue(control) is not { } c || e.ControlId == c).OrderBy(e => e.Sequence)
                .Select(e => new { e.Sequence, e.EvidenceId, e.ControlId, e.Kind, Assurance = e.Assurance.ToString(), e.ArtifactSha256, e.FileName, CollectedAt = InstantText(e.CollectedAt),
                    EffectiveAt = InstantText(e.EffectiveAt), ValidUntil = e.ValidUntil is { } until ? InstantText(until) : null, e.CollectedBy, e.WithdrawnSequence, e.WithdrawalReason }).ToList();
            return await OfficerOutput.WriteListAsync(parse.InvocationConfiguration.Output, json, path, state.ChainId, "evidence", rows,
                r => $"  entry {r.Sequence}: {r.ControlId} / {r.EvidenceId}: {r.Kind}, {r.Assurance}, sha256 {r.ArtifactSha256 ?? "(none)"}, collected {r.CollectedAt} by {r.CollectedBy}{(r.WithdrawnSequence is null ? "" : $", WITHDRAWN by entry {r.WithdrawnSequence}: {r.WithdrawalReason}")}").ConfigureAwait(false);
        });
    }

    private static string InstantText(Instant instant) => PayloadCodec.FormatInstant(instant);
}
