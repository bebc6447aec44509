using System.CommandLine;
using System.Security.Cryptography.X509Certificates;
using ComplianceKit.Administration;
using ComplianceKit.Cli.Files;
using ComplianceKit.Cli.Hosting;

namespace ComplianceKit.Cli.Administration;

/// <summary>
/// <c>--admin-root</c> and <c>--unsigned-administration</c>: where a command finds the pinned administration root (by
/// default <c>&lt;db&gt;.admin-root.pem</c>, which <c>init</c> writes next to a SQLite ledger; a PostgreSQL ledger has no file
/// beside it, so there <c>--admin-root</c> is always given), or the explicit weaker mode.
/// </summary>
internal sealed class AdministrationOptions
{
    public Option<string?> Root { get; } = new("--admin-root")
    {
        Description = "The pinned administration root (PEM); default for a SQLite ledger: <db>.admin-root.pem next to it, as init wrote it; required for PostgreSQL.",
    };

    public Option<bool> Unsigned { get; } = new("--unsigned-administration")
    {
        Description = "WEAKER MODE for ledgers made before signed administration: unsigned trust anchors, role grants and gate definitions count.",
    };

    /// <summary>Where <c>init</c> pins the root of a SQLite ledger; <see langword="null"/> for PostgreSQL (no file sits beside a server's database).</summary>
    public static string? DefaultRootPath(LedgerLocation database) => database.FilePath is { } file ? file + ".admin-root.pem" : null;

    public void AddTo(Command command)
    {
        command.Options.Add(Root);
        command.Options.Add(Unsigned);
    }

    /// <summary>Like <see cref="Resolve"/>, but <see langword="null"/> when no root is pinned and the weaker mode was not asked for (<c>verify</c> then says it did not check).</summary>
    public (AdministrationTrust Trust, string Description)? TryResolve(ParseResult parse, LedgerLocation database) =>
        parse.GetValue(Root) is null && !parse.GetValue(Unsigned) && !File.Exists(DefaultRootPath(database)) ? null : Resolve(parse, database);

    /// <summary>The trust decisions use: the pinned root, or the weaker mode when asked for explicitly.</summary>
    /// <exception cref="UsageException">No root is pinned and the weaker mode was not asked for, or the root is unreadable.</exception>
    public (AdministrationTrust Trust, string Description) Resolve(ParseResult parse, LedgerLocation database, bool databaseMayBeNew = false)
    {
        if (!databaseMayBeNew && database.FilePath is { } file && !File.Exists(file))
        {
            throw new UsageException($"database '{database}' does not exist.");
        }

        var explicitRoot = parse.GetValue(Root);
        var path = explicitRoot ?? DefaultRootPath(database);
        var unsigned = parse.GetValue(Unsigned);
        if (!File.Exists(path))
        {
            if (explicitRoot is not null)
            {
                throw new UsageException($"administration root '{explicitRoot}' does not exist.");
            }

            return unsigned
                ? (AdministrationTrust.UnsignedAllowed(), "unsigned administration allowed (--unsigned-administration; weaker: anyone who can append can administer)")
                : throw new UsageException((path is null
                    ? "no pinned administration root: a PostgreSQL ledger has none beside it; give --admin-root <pem> (the root init pinned), "
                    : $"no pinned administration root: '{path}' does not exist. Give --admin-root <pem> (the root init wrote), ") +
                    "or --unsigned-administration for a ledger made before signed administration (weaker).");
        }

        var roots = Load(path);
        return unsigned
            ? (AdministrationTrust.UnsignedAllowed(roots), $"unsigned administration allowed (--unsigned-administration; weaker), signed entries checked against {path}")
            : (AdministrationTrust.Pinned(roots), $"signed by an administrator under {path}");
    }

    private static X509Certificate2Collection Load(string path) => CertificateFile.ReadAll(path, "administration root");

}
