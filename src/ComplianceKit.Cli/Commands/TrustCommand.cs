using System.CommandLine;
using System.Text.Json;
using ComplianceKit.Administration;
using ComplianceKit.Approvals;
using ComplianceKit.Cli.Administration;
using ComplianceKit.Cli.Files;
using ComplianceKit.Cli.Output;

namespace ComplianceKit.Cli.Commands;

/// <summary>
/// <c>compliancekit trust add|remove|list</c>: the roots approvals and evidence must chain to, recorded as administrative entries an
/// administrator signs. 0 recorded or listed, 1 refused (nothing written) or a listed entry is ignored, 2 usage error.
/// </summary>
internal static class TrustCommand
{
    public static Command Create() => new("trust", "Record, remove and list the trust anchors (CA certificates) approvals must chain to; signed by an administrator.")
    {
        Add(), Remove(), List(),
    };

    private static Command Add()
    {
        var (command, db, chain, json, administration, signing) = AdministrativeCommand.Create("add", "Record a CA certificate as a trust anchor.", signs: true);
        var certificate = new Option<string>("--cert") { Description = "The CA certificate to trust (PEM or DER).", Required = true };
        command.Options.Add(certificate);
        AdministrativeCommand.OnSession(command, db, chain, json, administration, signing, async (parse, session, cancellationToken) =>
        {
            var output = parse.InvocationConfiguration.Output;
            using var anchor = CertificateFile.ReadOne(parse.GetValue(certificate)!, "certificate");
            var fingerprint = CertificateFingerprint.Of(anchor);
            if (session.State.TrustAnchorsAt(session.Clock.GetCurrentInstant()).Any(a => a.CertificateSha256 == fingerprint))
            {
                return await AdministrativeCommand.RefuseAsync(output, parse.GetValue(json), $"{anchor.Subject} is already a trust anchor of chain '{session.ChainId}'.").ConfigureAwait(false);
            }

            return await AdministrativeCommand.RecordAsync(session, output, parse.GetValue(json),
                () => session.Recorder.AddTrustAnchorAsync(session.ChainId, anchor, session.Signer!, cancellationToken),
                new { certificateSha256 = fingerprint, subject = anchor.Subject }, $"trust anchor {anchor.Subject} ({fingerprint})").ConfigureAwait(false);
        });
        return command;
    }

    private static Command Remove()
    {
        var (command, db, chain, json, administration, signing) = AdministrativeCommand.Create("remove", "Stop trusting a recorded trust anchor.", signs: true);
        var sha256 = new Option<string>("--sha256") { Description = "The anchor's certificate SHA-256 (as `trust list` shows it).", Required = true };
        var reason = new Option<string>("--reason") { Description = "Why, for the record.", Required = true };
        command.Options.Add(sha256);
        command.Options.Add(reason);
        AdministrativeCommand.OnSession(command, db, chain, json, administration, signing, async (parse, session, cancellationToken) =>
        {
            var output = parse.InvocationConfiguration.Output;
            var fingerprint = parse.GetValue(sha256)!.ToLowerInvariant();
            if (!session.State.TrustAnchorsAt(session.Clock.GetCurrentInstant()).Any(a => a.CertificateSha256 == fingerprint))
            {
                return await AdministrativeCommand.RefuseAsync(output, parse.GetValue(json), $"no trust anchor {fingerprint} is in effect in chain '{session.ChainId}'.").ConfigureAwait(false);
            }

            return await AdministrativeCommand.RecordAsync(session, output, parse.GetValue(json),
                () => session.Recorder.RemoveTrustAnchorAsync(session.ChainId, fingerprint, parse.GetValue(reason)!, session.Signer!, cancellationToken),
                new { certificateSha256 = fingerprint, reason = parse.GetValue(reason) }, $"removal of trust anchor {fingerprint}").ConfigureAwait(false);
        });
        return command;
    }

    private static Command List() => AdministrativeCommand.CreateList("List the trust anchors in effect, and the trust entries decisions ignore.", async (session, instant, json, output) =>
    {
        var anchors = session.State.TrustAnchorsAt(instant);
        var ignored = AdministrativeCommand.Ignored(session.State, ApprovalEntryTypes.TrustAnchorAdded, AdministrativeEntryTypes.TrustAnchorRemoved);
        if (json)
        {
            await output.WriteLineAsync(JsonSerializer.Serialize(new
            {
                database = session.Path, chainId = session.ChainId, at = instant.ToString(), administration = session.TrustDescription,
                anchors = anchors.Select(a => new { a.CertificateSha256, a.Subject }),
                ignored = ignored.Select(f => new { f.Sequence, f.EntryType, f.Kind, f.Message }),
            }, CliJson.Options)).ConfigureAwait(false);
        }
        else
        {
            await output.WriteLineAsync($"Trust anchors of chain '{session.ChainId}' at {instant} ({session.TrustDescription}): {anchors.Count}").ConfigureAwait(false);
            foreach (var anchor in anchors)
            {
                await output.WriteLineAsync($"  {anchor.CertificateSha256}  {anchor.Subject}").ConfigureAwait(false);
            }

            await AdministrativeCommand.WriteIgnoredAsync(output, ignored).ConfigureAwait(false);
        }

        return ignored;
    });
}
