using System.CommandLine;
using System.Text.Json;
using ComplianceKit.Cli.Documents;
using ComplianceKit.Cli.Hosting;
using ComplianceKit.Cli.Output;

namespace ComplianceKit.Cli.Commands;

/// <summary>
/// <c>compliancekit docs [&lt;name&gt;] [--json]</c>: prints a document shipped with the tool (the format, the auditor's guide, ...),
/// or lists them. 0 printed, 2 no such document.
/// </summary>
internal static class DocsCommand
{
    public static Command Create()
    {
        var name = new Argument<string?>("name") { Description = "The document: format, auditor-guide, bundle, catalog, ...; omit to list them.", Arity = ArgumentArity.ZeroOrOne };
        var json = new Option<bool>("--json") { Description = "Print JSON: the list, or { name, title, text }." };
        var command = new Command("docs", "Print a document shipped with the tool, such as the ledger and bundle format or the auditor's guide.") { name, json };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var output = parse.InvocationConfiguration.Output;
            var requested = parse.GetValue(name);
            if (requested is null)
            {
                var list = ShippedDocuments.Names.Select(n => new { name = n, title = ShippedDocuments.Title(n) }).ToList();
                await output.WriteLineAsync(parse.GetValue(json)
                    ? JsonSerializer.Serialize(list, CliJson.Options)
                    : string.Join(Environment.NewLine, list.Select(d => $"{d.name,-16} {d.title}")));
                return ExitCodes.Success;
            }

            var text = ShippedDocuments.Read(requested);
            var canonical = Path.GetFileNameWithoutExtension(requested).ToLowerInvariant();
            await output.WriteAsync(parse.GetValue(json)
                ? JsonSerializer.Serialize(new { name = canonical, title = ShippedDocuments.Title(canonical), text }, CliJson.Options) + Environment.NewLine
                : text);
            return ExitCodes.Success;
        });
        return command;
    }
}
