using System.CommandLine;
using ComplianceKit.Cli.Demo;
using ComplianceKit.Cli.Files;
using System.Text.Json;
using ComplianceKit.Cli.Administration;
using ComplianceKit.Cli.Hosting;
using ComplianceKit.Cli.Output;

namespace ComplianceKit.Cli.Commands;

/// <summary>
/// <c>compliancekit init --db &lt;file&gt; --organization &lt;name&gt; (--admin-root &lt;pem&gt; | --pki &lt;dir&gt; --pki-password-env &lt;VAR&gt;
/// [--signer "Role=Name"]...) [--json]</c>: creates a ledger whose administration is signed, pins its administration root
/// next to a SQLite file (<c>&lt;db&gt;.admin-root.pem</c>; for PostgreSQL the root given, or the PKI's, is given to every command
/// as <c>--admin-root</c>), optionally writes a demo-grade PKI, and prints the next steps.
/// 0 created, 1 refused (a file exists; nothing written), 2 usage error.
/// </summary>
internal static class InitCommand
{
    public static Command Create()
    {
        var db = DatabaseOption.Create("The ledger database to create (refused if the file exists, or the PostgreSQL database holds tables).");
        var organization = new Option<string>("--organization") { Description = "The organisation whose ledger it is (named in the PKI's certificates).", Required = true };
        var root = new Option<string?>("--admin-root") { Description = "Your organisation's administration root certificate (PEM), to pin; or use --pki." };
        var pki = new Option<string?>("--pki") { Description = "Write a DEMO-GRADE PKI into this folder (created if missing) and pin its administration root." };
        var password = new Option<string?>("--pki-password-env") { Description = "With --pki: the environment variable holding the password for the PFX files (never echoed)." };
        var administrator = new Option<string>("--administrator") { Description = "With --pki: the administrator's name.", DefaultValueFactory = _ => "Ledger Administrator" };
        var signers = new Option<string[]>("--signer") { Description = "With --pki: a signer certificate for a role, \"Role=Name\" (repeatable), e.g. \"Compliance Officer=Kim Lee\"." };
        var json = new Option<bool>("--json") { Description = "Print JSON instead of text." };
        var command = new Command("init", "Create a ledger with signed administration: pin its administration root next to it; optionally write a demo-grade PKI.")
        {
            db, organization, root, pki, password, administrator, signers, json,
        };
        command.SetAction((parse, cancellationToken) => RunAsync(new InitArguments(parse.GetValue(db)!, parse.GetValue(organization)!, parse.GetValue(root), parse.GetValue(pki),
            parse.GetValue(password), parse.GetValue(administrator)!, parse.GetValue(signers) ?? [], parse.GetValue(json)), parse.InvocationConfiguration.Output, cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(InitArguments arguments, TextWriter output, CancellationToken cancellationToken)
    {
        var clock = CliHost.Clock;
        var (location, organization) = (arguments.Database, arguments.Organization.Trim());
        if (organization.Length == 0)
        {
            throw new UsageException("--organization is empty.");
        }

        if ((arguments.Root is null) == (arguments.Pki is null))
        {
            throw new UsageException("give the administration root to pin: --admin-root <pem> (your organisation's), or --pki <dir> to make a demo-grade one.");
        }

        if (arguments.Pki is null && (arguments.Signers.Length > 0 || arguments.PasswordVariable is not null))
        {
            throw new UsageException("--signer and --pki-password-env apply to --pki.");
        }

        var signers = arguments.Signers.Select(ParseSigner).ToList();
        string? password = null;
        if (arguments.Pki is not null)
        {
            password = arguments.PasswordVariable is null
                ? throw new UsageException("--pki needs --pki-password-env <VAR>: the PFX files' password comes from that environment variable.")
                : Environment.GetEnvironmentVariable(arguments.PasswordVariable) is { Length: > 0 } value ? value
                : throw new UsageException($"--pki-password-env names '{arguments.PasswordVariable}', which is not set or empty.");
        }

        using var generated = arguments.Pki is null ? null : new DemoGradePki(organization, arguments.Administrator, signers, clock.GetCurrentInstant());
        var rootPem = generated?.AdministrationRootPem ?? ReadRoot(arguments.Root!);

        // Refuse before writing anything: never replace a ledger, a pinned root or a key file. A SQLite ledger's root is pinned beside it;
        // a PostgreSQL database has no file beside it, so the root given (or the PKI's) is the pin every command is given with --admin-root.
        if (location.FilePath is { } file)
        {
            OutputFile.PlanNew(file, "--db", arguments.Root);
        }

        var pinPath = AdministrationOptions.DefaultRootPath(location);
        var pin = pinPath is null ? null : OutputFile.PlanNew(pinPath, "the pinned administration root", location.FilePath, arguments.Root);
        if (arguments.Pki is { } pki && Directory.Exists(pki))
        {
            foreach (var name in generated!.FileNames)
            {
                OutputFile.PlanNew(Path.Combine(pki, name), "--pki", location.FilePath, arguments.Root);
            }
        }

        await LedgerDatabase.CreateAsync(location, clock, cancellationToken).ConfigureAwait(false);
        if (pin is not null)
        {
            await pin.WriteAllBytesAsync(System.Text.Encoding.ASCII.GetBytes(rootPem.TrimEnd() + "\n"), cancellationToken).ConfigureAwait(false);
        }

        IReadOnlyList<(string Path, string Kind, string Subject, string Sha256)> files = [];
        if (generated is not null)
        {
            Directory.CreateDirectory(arguments.Pki!);
            files = generated.Write(arguments.Pki!, password!);
        }

        var administrationRoot = pinPath ?? arguments.Root ?? Path.Combine(arguments.Pki!, DemoGradePki.AdministrationRootName);
        var steps = NextSteps(location, pinPath is null ? administrationRoot : null, arguments.Pki, arguments.PasswordVariable, signers);
        if (arguments.Json)
        {
            await output.WriteLineAsync(JsonSerializer.Serialize(new
            {
                database = location, organization, administrationRoot, administrationRootBesideLedger = pinPath is not null,
                pki = arguments.Pki is null ? null : new { directory = arguments.Pki, demoGrade = true, files = files.Select(f => new { path = f.Path, kind = f.Kind, subject = f.Subject, certificateSha256 = f.Sha256 }) },
                nextSteps = steps,
            }, CliJson.Options)).ConfigureAwait(false);
        }
        else
        {
            await output.WriteLineAsync($"Created ledger {location} for {organization}.").ConfigureAwait(false);
            await output.WriteLineAsync(pinPath is not null
                ? $"Pinned administration root: {pinPath} (keep it with the ledger, outside the database; commands read it from there, or from --admin-root)."
                : $"Administration root to pin: {administrationRoot} (a PostgreSQL database has no file beside it: keep this file outside the database and give it to every command as --admin-root).").ConfigureAwait(false);
            if (generated is not null)
            {
                await output.WriteLineAsync($"DEMO-GRADE PKI (NOT FOR PRODUCTION) in {arguments.Pki}; private keys in PFX files protected by ${arguments.PasswordVariable}:").ConfigureAwait(false);
                foreach (var written in files)
                {
                    await output.WriteLineAsync($"  {written.Path}: {written.Kind}").ConfigureAwait(false);
                }
            }

            await output.WriteLineAsync("Next steps:").ConfigureAwait(false);
            foreach (var step in steps)
            {
                await output.WriteLineAsync($"  {step}").ConfigureAwait(false);
            }
        }

        return ExitCodes.Success;
    }

    private static List<string> NextSteps(LedgerLocation path, string? adminRoot, string? pki, string? passwordVariable, List<(string Role, string Name)> signers)
    {
        // A PostgreSQL ledger is named without its password (PGPASSWORD or ~/.pgpass supply it) and with the root to pin.
        var db = Quote(path) + (adminRoot is null ? "" : $" --admin-root {Quote(adminRoot)}");
        string In(string name) => Quote(pki is null ? $"<{name}>" : Path.Combine(pki, name));
        var admin = $"--signing-cert {In("administrator.pfx")}" + (passwordVariable is null ? "" : $" --signing-password-env {passwordVariable}");
        var steps = new List<string>
        {
            $"compliancekit trust add --db {db} --cert {In("organisation-ca.pem")} {admin}",
            $"compliancekit import-checklist <checklist.md> --db {db} {admin}",
        };
        steps.AddRange(signers.Count == 0
            ? [$"compliancekit role grant --db {db} --role \"<Role>\" --cert <signer.pem> {admin}"]
            : signers.Select(s => $"compliancekit role grant --db {db} --role {Quote(s.Role)} --cert {In($"signer-{DemoGradePki.Slug(s.Role)}.pem")} {admin}"));
        steps.Add($"compliancekit gate --db {db} --gate <gate id>");
        steps.Add($"compliancekit export --db {db} --out bundle.zip --signing-cert {In("export-signing.pfx")}" + (passwordVariable is null ? "" : $" --signing-password-env {passwordVariable}"));
        steps.Add($"compliancekit verify bundle.zip --trust {In("organisation-ca.pem")}");
        return steps;
    }

    private static string Quote(string value) => value.Any(c => char.IsWhiteSpace(c) || c is '"' or '\'') ? $"\"{value.Replace("\"", "\\\"", StringComparison.Ordinal)}\"" : value;

    private static (string Role, string Name) ParseSigner(string text)
    {
        var parts = text.Split('=', 2, StringSplitOptions.TrimEntries);
        return parts.Length == 2 && parts[0].Length > 0 && parts[1].Length > 0
            ? (parts[0], parts[1])
            : throw new UsageException($"--signer '{text}' is not \"Role=Name\" (for example \"Compliance Officer=Kim Lee\").");
    }

    private static string ReadRoot(string file) =>
        string.Concat(CertificateFile.ReadAll(file, "administration root").Select(r => r.ExportCertificatePem() + "\n"));

    private sealed record InitArguments(LedgerLocation Database, string Organization, string? Root, string? Pki, string? PasswordVariable, string Administrator, string[] Signers, bool Json);
}
