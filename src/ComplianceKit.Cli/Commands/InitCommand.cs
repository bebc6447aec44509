using System.CommandLine;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using ComplianceKit.Cli.Administration;
using ComplianceKit.Cli.Output;
using ComplianceKit.EntityFrameworkCore;
using NodaTime;

namespace ComplianceKit.Cli.Commands;

/// <summary>
/// <c>compliancekit init --db &lt;file&gt; --organization &lt;name&gt; (--admin-root &lt;pem&gt; | --pki &lt;dir&gt; --pki-password-env &lt;VAR&gt;
/// [--signer "Role=Name"]...) [--json]</c>: creates a ledger whose administration is signed, pins its administration root
/// next to it (<c>&lt;db&gt;.admin-root.pem</c>), optionally writes a demo-grade PKI, and prints the next steps.
/// 0 created, 1 refused (a file exists; nothing written), 2 usage error.
/// </summary>
internal static class InitCommand
{
    public static Command Create()
    {
        var db = new Option<string>("--db") { Description = "The SQLite ledger database to create (refused if it exists).", Required = true };
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
        var (path, organization) = (arguments.Database, arguments.Organization.Trim());
        if (path.Contains('=', StringComparison.Ordinal))
        {
            throw new UsageException("init creates a SQLite ledger file; for PostgreSQL, create the tables from your host app (ComplianceKitDatabase.EnsureCreatedAsync) and pin the administration root in its configuration.");
        }

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

        if (Path.GetDirectoryName(Path.GetFullPath(path)) is { } folder && !Directory.Exists(folder))
        {
            throw new UsageException($"the folder of '{path}' does not exist.");
        }

        var pinPath = AdministrationOptions.DefaultRootPath(path);
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

        // Refuse before writing anything: never replace a ledger, a pinned root or a key file.
        var planned = new List<string> { path, pinPath };
        if (generated is not null)
        {
            planned.AddRange(generated.FileNames.Select(name => Path.Combine(arguments.Pki!, name)));
        }

        if (planned.FirstOrDefault(File.Exists) is { } existing)
        {
            return await RefuseAsync(output, arguments.Json, $"'{existing}' already exists; init never replaces a file.").ConfigureAwait(false);
        }

        var context = ComplianceKitSqlite.CreateDbContext(path);
        await using (context.ConfigureAwait(false))
        {
            await ComplianceKitDatabase.EnsureCreatedAsync(context, cancellationToken).ConfigureAwait(false);
        }

        using (var pin = new FileStream(pinPath, FileMode.CreateNew, FileAccess.Write))
        {
            await pin.WriteAsync(System.Text.Encoding.ASCII.GetBytes(rootPem.TrimEnd() + "\n"), cancellationToken).ConfigureAwait(false);
        }

        IReadOnlyList<(string Path, string Kind, string Subject, string Sha256)> files = [];
        if (generated is not null)
        {
            Directory.CreateDirectory(arguments.Pki!);
            files = generated.Write(arguments.Pki!, password!);
        }

        var steps = NextSteps(path, arguments.Pki, arguments.PasswordVariable, signers);
        if (arguments.Json)
        {
            await output.WriteLineAsync(JsonSerializer.Serialize(new
            {
                database = path, organization, administrationRoot = pinPath,
                pki = arguments.Pki is null ? null : new { directory = arguments.Pki, demoGrade = true, files = files.Select(f => new { path = f.Path, kind = f.Kind, subject = f.Subject, certificateSha256 = f.Sha256 }) },
                nextSteps = steps,
            }, CliJson.Options)).ConfigureAwait(false);
        }
        else
        {
            await output.WriteLineAsync($"Created ledger {path} for {organization}.").ConfigureAwait(false);
            await output.WriteLineAsync($"Pinned administration root: {pinPath} (keep it with the ledger, outside the database; commands read it from there, or from --admin-root).").ConfigureAwait(false);
            if (generated is not null)
            {
                await output.WriteLineAsync($"DEMO-GRADE PKI (NOT FOR PRODUCTION) in {arguments.Pki}; private keys in PFX files protected by ${arguments.PasswordVariable}:").ConfigureAwait(false);
                foreach (var file in files)
                {
                    await output.WriteLineAsync($"  {file.Path}: {file.Kind}").ConfigureAwait(false);
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

    private static List<string> NextSteps(string path, string? pki, string? passwordVariable, List<(string Role, string Name)> signers)
    {
        var db = Quote(path);
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

    private static string ReadRoot(string file)
    {
        if (!File.Exists(file))
        {
            throw new UsageException($"administration root '{file}' does not exist.");
        }

        var roots = new X509Certificate2Collection();
        try
        {
            roots.ImportFromPemFile(file);
        }
        catch (CryptographicException ex)
        {
            throw new UsageException($"administration root '{file}' is not a PEM certificate file ({ex.Message}).");
        }

        if (roots.Count == 0)
        {
            throw new UsageException($"administration root '{file}' holds no PEM certificate.");
        }

        return string.Concat(roots.Select(r => r.ExportCertificatePem() + "\n"));
    }

    private static async Task<int> RefuseAsync(TextWriter output, bool json, string reason)
    {
        await output.WriteLineAsync(json ? JsonSerializer.Serialize(new { created = false, refused = reason }, CliJson.Options) : $"Refused, nothing written: {reason}").ConfigureAwait(false);
        return ExitCodes.CheckFailed;
    }

    private sealed record InitArguments(string Database, string Organization, string? Root, string? Pki, string? PasswordVariable, string Administrator, string[] Signers, bool Json);
}
