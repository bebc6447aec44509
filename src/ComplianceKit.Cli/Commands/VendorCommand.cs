using System.CommandLine;
using ComplianceKit.Baa;
using ComplianceKit.Cli.Administration;
using ComplianceKit.Cli.Compliance;

namespace ComplianceKit.Cli.Commands;

/// <summary><c>compliancekit vendor add|list</c>: the vendors, and whether each handles PHI; 0 recorded or listed, 1 the ledger does not verify, 2 usage error.</summary>
internal static class VendorCommand
{
    public static Command Create() => new("vendor", "Register a vendor (and whether it handles PHI), or list the vendors with their agreements.")
    {
        Add(), List(),
    };

    private static Command Add()
    {
        var db = OfficerOptions.Database();
        var id = new Option<string>("--id") { Description = "The vendor's id, for example acme-labs.", Required = true };
        var name = new Option<string>("--name") { Description = "The vendor's name.", Required = true };
        var services = new Option<string[]>("--service") { Description = "What the vendor does for you (repeatable)." };
        var handlesPhi = new Option<bool>("--handles-phi") { Description = "The vendor creates, receives, keeps or sends PHI for you: it needs a BAA in force." };
        var actor = OfficerOptions.Actor();
        var chain = OfficerOptions.Chain();
        var json = OfficerOptions.Json();
        var command = new Command("add", "Register a vendor; registering the same id again replaces its details.") { db, id, name, services, handlesPhi, actor, chain, json };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var path = parse.GetValue(db)!;
            var asJson = parse.GetValue(json);
            var registration = new VendorRegistration
            {
                VendorId = parse.GetValue(id)!, Name = parse.GetValue(name)!, Services = parse.GetValue(services) ?? [], HandlesPhi = parse.GetValue(handlesPhi),
            };
            var draft = OfficerOptions.Draft(() => registration.ToDraft(parse.GetValue(actor)!));
            return await OfficerWrite.AppendAsync(parse, path, parse.GetValue(chain)!, asJson, _ => [draft], (session, receipt) => (
                $"Registered vendor {registration.VendorId} ({registration.Name}){(registration.HandlesPhi ? ", handles PHI: needs a BAA in force" : "")}; entry {receipt.FirstSequence}.",
                new { database = path, chainId = session.ChainId, entry = receipt.FirstSequence, vendorId = registration.VendorId, name = registration.Name,
                    services = registration.Services, handlesPhi = registration.HandlesPhi }), cancellationToken).ConfigureAwait(false);
        });
        return command;
    }

    private static Command List()
    {
        return OfficerOptions.CreateList("List the vendors in the verified ledger, with each agreement's status now.", [], async (parse, state, now, json) =>
        {
            var path = state.Database.Location;

            var agreements = state.Snapshot!.Agreements;
            var rows = state.Snapshot!.Vendors.OrderBy(v => v.VendorId, StringComparer.Ordinal).Select(v => new
            {
                v.VendorId, v.Name, v.Services, v.HandlesPhi,
                Agreements = agreements.Where(b => b.VendorId == v.VendorId).Select(b => new { b.BaaId, Status = BaaLifecycle.StatusAt(b, now, NodaTime.Duration.FromDays(30)).ToString() }).ToList(),
            }).ToList();
            return await OfficerOutput.WriteListAsync(parse.InvocationConfiguration.Output, json, path, state.ChainId, "vendor", rows,
                r => $"  {r.VendorId}: {r.Name}{(r.HandlesPhi ? ", handles PHI" : "")}; agreements: {(r.Agreements.Count == 0 ? "none" : string.Join(", ", r.Agreements.Select(b => $"{b.BaaId} {b.Status}")))}").ConfigureAwait(false);
        });
    }
}
