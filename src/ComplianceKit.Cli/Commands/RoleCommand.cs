using System.CommandLine;
using System.Text.Json;
using ComplianceKit.Administration;
using ComplianceKit.Approvals;
using ComplianceKit.Cli.Administration;
using ComplianceKit.Cli.Files;
using ComplianceKit.Cli.Hosting;
using ComplianceKit.Cli.Output;

namespace ComplianceKit.Cli.Commands;

/// <summary>
/// <c>compliancekit role grant|revoke|confirm|list</c>: which signer certificates may sign in which role, recorded as administrative
/// entries an administrator signs. A grant to the administrator's own certificate counts only once a second administrator
/// confirms it. 0 recorded or listed, 1 refused (nothing written) or a listed entry is ignored, 2 usage error.
/// </summary>
internal static class RoleCommand
{
    public static Command Create() => new("role", "Grant, revoke, confirm and list the roles signer certificates hold; signed by an administrator.")
    {
        Grant(), Revoke(), Confirm(), List(),
    };

    private static Command Grant() => Change("grant", "Grant a role to a signer certificate.", revoke: false);

    private static Command Revoke() => Change("revoke", "Revoke a role from a signer certificate.", revoke: true);

    private static Command Change(string name, string description, bool revoke)
    {
        var (command, db, chain, json, administration, signing) = AdministrativeCommand.Create(name, description, signs: true);
        var role = new Option<string>("--role") { Description = "The role, as the gate names it (for example \"Compliance Officer\").", Required = true };
        var certificate = new Option<string>("--cert") { Description = "The signer's certificate (PEM or DER, public part).", Required = true };
        command.Options.Add(role);
        command.Options.Add(certificate);
        AdministrativeCommand.OnSession(command, db, chain, json, administration, signing, async (parse, session, cancellationToken) =>
        {
            var output = parse.InvocationConfiguration.Output;
            var roleName = parse.GetValue(role)!.Trim();
            if (roleName.Length == 0)
            {
                throw new UsageException("--role is empty.");
            }

            using var signer = CertificateFile.ReadOne(parse.GetValue(certificate)!, "certificate");
            var fingerprint = CertificateFingerprint.Of(signer);
            var holds = session.State.Grants.IsAuthorized(roleName, fingerprint, session.Clock.GetCurrentInstant());
            var pending = session.State.PendingSelfGrants.Any(p => p.Value.Role == roleName && p.Value.CertificateSha256 == fingerprint);
            if (!revoke && (holds || pending))
            {
                return await AdministrativeCommand.RefuseAsync(output, parse.GetValue(json),
                    $"{signer.Subject} already {(holds ? "holds" : "has a pending self-grant of")} '{roleName}' in chain '{session.ChainId}'.").ConfigureAwait(false);
            }

            if (revoke && !holds && !pending)
            {
                return await AdministrativeCommand.RefuseAsync(output, parse.GetValue(json), $"{signer.Subject} does not hold '{roleName}' in chain '{session.ChainId}'.").ConfigureAwait(false);
            }

            var self = !revoke && CertificateFingerprint.Of(session.Signer!.Certificate) == fingerprint;
            var note = self
                ? "This grant is to your own certificate: it counts only once a second administrator confirms it: " +
                  $"compliancekit role confirm --db {parse.GetValue(db)} --grant <sequence above> --signing-cert <other administrator>"
                : null;
            return await AdministrativeCommand.RecordAsync(session, output, parse.GetValue(json),
                () => revoke
                    ? session.Recorder.RevokeRoleAsync(session.ChainId, roleName, signer, session.Signer!, cancellationToken)
                    : session.Recorder.GrantRoleAsync(session.ChainId, roleName, signer, session.Signer!, cancellationToken),
                new { role = roleName, certificateSha256 = fingerprint, certificateSubject = signer.Subject, awaitsConfirmation = self },
                $"'{roleName}' {(revoke ? "revoked from" : "granted to")} {signer.Subject}", note).ConfigureAwait(false);
        });
        return command;
    }

    private static Command Confirm()
    {
        var (command, db, chain, json, administration, signing) = AdministrativeCommand.Create("confirm",
            "As a second administrator, confirm a grant an administrator made to their own certificate.", signs: true);
        var grant = new Option<long>("--grant") { Description = "The sequence of the role.granted entry to confirm (as `role list` shows it).", Required = true };
        command.Options.Add(grant);
        AdministrativeCommand.OnSession(command, db, chain, json, administration, signing, async (parse, session, cancellationToken) =>
        {
            var output = parse.InvocationConfiguration.Output;
            var sequence = parse.GetValue(grant);

            if (!session.State.PendingSelfGrants.TryGetValue(sequence, out var pending))
            {
                return await AdministrativeCommand.RefuseAsync(output, parse.GetValue(json), $"entry {sequence} is not a self-grant awaiting confirmation in chain '{session.ChainId}'.").ConfigureAwait(false);
            }

            if (pending.CertificateSha256 == CertificateFingerprint.Of(session.Signer!.Certificate))
            {
                return await AdministrativeCommand.RefuseAsync(output, parse.GetValue(json), "a self-grant must be confirmed by a second administrator, not by the one it grants the role to.").ConfigureAwait(false);
            }

            return await AdministrativeCommand.RecordAsync(session, output, parse.GetValue(json),
                () => session.Recorder.ConfirmRoleGrantAsync(session.ChainId, sequence, session.Signer!, cancellationToken),
                new { grantSequence = sequence, role = pending.Role, certificateSha256 = pending.CertificateSha256 },
                $"confirmation of entry {sequence} ('{pending.Role}' to {pending.CertificateSha256})").ConfigureAwait(false);
        });
        return command;
    }

    private static Command List() => AdministrativeCommand.CreateList("List the roles held, the self-grants awaiting confirmation, and the role entries decisions ignore.",
        async (session, instant, json, output) =>
    {
        var holders = session.State.Grants.HoldersAt(instant);
        var pending = session.State.PendingSelfGrants.OrderBy(p => p.Key).ToList();
        var ignored = AdministrativeCommand.Ignored(session.State, ApprovalEntryTypes.RoleGranted, ApprovalEntryTypes.RoleRevoked, AdministrativeEntryTypes.RoleGrantConfirmed)
            .Where(f => f.Kind != AdministrativeFindingKind.SelfGrantUnconfirmed).ToList();
        if (json)
        {
            await output.WriteLineAsync(JsonSerializer.Serialize(new
            {
                database = session.Path, chainId = session.ChainId, at = instant.ToString(), administration = session.TrustDescription,
                grants = holders.Select(h => new { role = h.Role, certificateSha256 = h.CertificateSha256, certificateSubject = session.State.SubjectOf(h.CertificateSha256) }),
                awaitingConfirmation = pending.Select(p => new { sequence = p.Key, role = p.Value.Role, certificateSha256 = p.Value.CertificateSha256, certificateSubject = p.Value.CertificateSubject }),
                ignored = ignored.Select(f => new { f.Sequence, f.EntryType, f.Kind, f.Message }),
            }, CliJson.Options)).ConfigureAwait(false);
        }
        else
        {
            await output.WriteLineAsync($"Roles held in chain '{session.ChainId}' at {instant} ({session.TrustDescription}): {holders.Count}").ConfigureAwait(false);
            foreach (var (role, fingerprint) in holders)
            {
                await output.WriteLineAsync($"  {role}: {session.State.SubjectOf(fingerprint)} ({fingerprint})").ConfigureAwait(false);
            }

            foreach (var (sequence, grant) in pending)
            {
                await output.WriteLineAsync($"  awaiting a second administrator: entry {sequence}, '{grant.Role}' to {grant.CertificateSubject} (compliancekit role confirm --grant {sequence})").ConfigureAwait(false);
            }

            await AdministrativeCommand.WriteIgnoredAsync(output, ignored).ConfigureAwait(false);
        }

        return ignored;
    });
}
