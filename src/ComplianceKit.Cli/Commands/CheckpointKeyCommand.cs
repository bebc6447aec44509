using System.CommandLine;
using System.Text.Json;
using ComplianceKit.Administration;
using ComplianceKit.CheckpointKeys;
using ComplianceKit.Cli.Administration;
using ComplianceKit.Cli.Bundles;
using ComplianceKit.Cli.Compliance;
using ComplianceKit.Cli.Files;
using ComplianceKit.Cli.Output;
using ComplianceKit.Signing;
using ComplianceKit.Verification;

namespace ComplianceKit.Cli.Commands;

/// <summary>
/// <c>compliancekit checkpoint-key rotate|compromise</c>: the organisation's checkpoint key lifecycle (docs/FORMAT.md 13.6). <c>rotate</c> records a rotation
/// signed by the key in force and its successor; <c>compromise</c> records, signed by an administrator, from when a key's signatures are refused.
/// 0 recorded, 1 refused (nothing written), 2 usage error.
/// </summary>
internal static class CheckpointKeyCommand
{
    public static Command Create() => new("checkpoint-key", "Rotate the organisation's checkpoint key, or record that a checkpoint key is compromised.")
    {
        Rotate(), Compromise(),
    };

    private static Command Rotate()
    {
        var db = DatabaseOption.Create("The ledger database (made by init).");
        var chain = new Option<string>("--chain") { Description = "The chain whose checkpoints the keys sign.", DefaultValueFactory = _ => "default" };
        var trust = new Option<string[]>("--trust") { Description = "PEM file of the CA certificates checkpoint signatures are verified against (repeatable); both keys must pass.", Required = true };
        var previousCert = new Option<string>("--previous-cert") { Description = "The checkpoint key in force (PKCS #12 or PEM), which signs its own replacement.", Required = true };
        var previousKey = new Option<string?>("--previous-key") { Description = "The PEM private key, when --previous-cert is a PEM certificate without its key." };
        var newCert = new Option<string>("--new-cert") { Description = "The new checkpoint key (PKCS #12 or PEM), which signs too.", Required = true };
        var newKey = new Option<string?>("--new-key") { Description = "The PEM private key, when --new-cert is a PEM certificate without its key." };
        var password = new Option<string?>("--signing-password-env") { Description = "The environment variable holding the PFX or key passwords (never typed on the command line)." };
        var json = new Option<bool>("--json") { Description = "Print JSON instead of text." };
        var command = new Command("rotate", "Replace the organisation's checkpoint key: a rotation entry signed by the key in force and by its successor.")
        {
            db, chain, trust, previousCert, previousKey, newCert, newKey, password, json,
        };
        var administration = new AdministrationOptions();
        administration.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var output = parse.InvocationConfiguration.Output;
            var path = parse.GetValue(db)!;
            var chainId = parse.GetValue(chain)!;
            var asJson = parse.GetValue(json);
            var verifier = new CmsSignatureVerifier(BundleInputs.TrustPolicy(parse.GetValue(trust) ?? []));
            var adminTrust = administration.TryResolve(parse, path)?.Trust ?? AdministrationTrust.UnsignedAllowed();
            using var previous = CheckpointSigners.Load(parse.GetValue(previousCert)!, parse.GetValue(previousKey), parse.GetValue(password));
            using var next = CheckpointSigners.Load(parse.GetValue(newCert)!, parse.GetValue(newKey), parse.GetValue(password));
            await using var database = await LedgerDatabase.OpenWritableAsync(path, CliHost.Clock, cancellationToken).ConfigureAwait(false);
            var recorder = new CheckpointKeyRecorder(database.Ledger, CliHost.Clock, verifier, adminTrust);
            try
            {
                var receipt = await recorder.RotateAsync(chainId, previous, next, cancellationToken).ConfigureAwait(false);
                var entry = receipt.Entries[0];
                var rotation = CheckpointKeyRotation.Parse(entry.Payload!);
                if (asJson)
                {
                    await output.WriteLineAsync(JsonSerializer.Serialize(new
                    {
                        database = path.ToString(), chainId, recorded = true, entryType = entry.EntryType, sequence = entry.Sequence, rotatedAt = rotation.RotatedAt.ToString(),
                        previousCertificateSha256 = rotation.PreviousCertificateSha256, newCertificateSha256 = rotation.NewCertificateSha256,
                    }, CliJson.Options)).ConfigureAwait(false);
                }
                else
                {
                    await output.WriteLineAsync($"Recorded {entry.EntryType} at entry {entry.Sequence} of chain '{chainId}': checkpoints from {rotation.RotatedAt} are signed by "
                        + $"{next.Certificate.Subject} ({rotation.NewCertificateSha256}); {previous.Certificate.Subject}'s later signatures are refused.").ConfigureAwait(false);
                }

                return ExitCodes.Success;
            }
            catch (CheckpointKeyRefusedException ex)
            {
                return await AdministrativeCommand.RefuseAsync(output, asJson, ex.Message).ConfigureAwait(false);
            }
            catch (LedgerNotVerifiedException ex)
            {
                return await AdministrativeCommand.RefuseAsync(output, asJson, $"chain '{chainId}' of '{path}' does not verify ({ex.Report?.Status}); no key is rotated on it.").ConfigureAwait(false);
            }
        });
        return command;
    }

    private static Command Compromise()
    {
        var (command, db, chain, json, administration, signing) = AdministrativeCommand.Create("compromise",
            "Record that a checkpoint key is compromised from an instant: its signatures without a trusted timestamp before it are refused.", signs: true);
        var sha256 = new Option<string>("--sha256") { Description = "The compromised key's certificate SHA-256 (64 hex digits).", Required = true };
        var from = new Option<string>("--from") { Description = "The earliest instant the key may have been in other hands (UTC, ISO 8601).", Required = true };
        var reason = new Option<string>("--reason") { Description = "Why, for the record.", Required = true };
        command.Options.Add(sha256);
        command.Options.Add(from);
        command.Options.Add(reason);
        AdministrativeCommand.OnSession(command, db, chain, json, administration, signing, async (parse, session, cancellationToken) =>
        {
            var fingerprint = parse.GetValue(sha256)!.ToLowerInvariant();
            if (fingerprint.Length != 64 || !fingerprint.All(Uri.IsHexDigit))
            {
                throw new UsageException("--sha256 must be 64 hex digits.");
            }

            var instant = InstantArgument.Parse(parse.GetValue(from), session.Clock, "--from");
            var recorder = new CheckpointKeyRecorder(session.Database.Ledger, session.Clock, checkpointTrust: null, session.Trust);
            return await AdministrativeCommand.RecordAsync(session, parse.InvocationConfiguration.Output, parse.GetValue(json),
                () => recorder.RecordCompromiseAsync(session.ChainId, fingerprint, instant, parse.GetValue(reason)!, session.Signer!, cancellationToken),
                new { certificateSha256 = fingerprint, compromisedFrom = instant.ToString(), reason = parse.GetValue(reason) },
                $"checkpoint key {fingerprint} compromised from {instant}",
                "Its signatures without a trusted timestamp before that instant are refused from now on, and so is a rotation it signs without one (FORMAT.md 13.6).").ConfigureAwait(false);
        });
        return command;
    }
}
