using System.CommandLine;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using ComplianceKit.Administration;

namespace ComplianceKit.Cli.Administration;

/// <summary>
/// <c>--admin-root</c> and <c>--unsigned-administration</c>: where a command finds the pinned administration root (by
/// default <c>&lt;db&gt;.admin-root.pem</c>, which <c>init</c> writes next to the ledger), or the explicit weaker mode.
/// </summary>
internal sealed class AdministrationOptions
{
    public Option<string?> Root { get; } = new("--admin-root")
    {
        Description = "The pinned administration root (PEM); default: <db>.admin-root.pem next to the ledger, as init wrote it.",
    };

    public Option<bool> Unsigned { get; } = new("--unsigned-administration")
    {
        Description = "WEAKER MODE for ledgers made before signed administration: unsigned trust anchors, role grants and gate definitions count.",
    };

    public static string DefaultRootPath(string database) => database + ".admin-root.pem";

    public void AddTo(Command command)
    {
        command.Options.Add(Root);
        command.Options.Add(Unsigned);
    }

    /// <summary>Like <see cref="Resolve"/>, but <see langword="null"/> when no root is pinned and the weaker mode was not asked for (<c>verify</c> then says it did not check).</summary>
    public (AdministrationTrust Trust, string Description)? TryResolve(ParseResult parse, string database) =>
        parse.GetValue(Root) is null && !parse.GetValue(Unsigned) && !File.Exists(DefaultRootPath(database)) ? null : Resolve(parse, database);

    /// <summary>The trust decisions use: the pinned root, or the weaker mode when asked for explicitly.</summary>
    /// <exception cref="UsageException">No root is pinned and the weaker mode was not asked for, or the root is unreadable.</exception>
    public (AdministrationTrust Trust, string Description) Resolve(ParseResult parse, string database, bool databaseMayBeNew = false)
    {
        if (!databaseMayBeNew && !File.Exists(database) && !database.Contains('=', StringComparison.Ordinal))
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
                : throw new UsageException($"no pinned administration root: '{path}' does not exist. Give --admin-root <pem> (the root init wrote), " +
                    "or --unsigned-administration for a ledger made before signed administration (weaker).");
        }

        var roots = Load(path);
        return unsigned
            ? (AdministrationTrust.UnsignedAllowed(roots), $"unsigned administration allowed (--unsigned-administration; weaker), signed entries checked against {path}")
            : (AdministrationTrust.Pinned(roots), $"signed by an administrator under {path}");
    }

    private static X509Certificate2Collection Load(string path)
    {
        var roots = new X509Certificate2Collection();
        try
        {
            roots.ImportFromPemFile(path);
        }
        catch (CryptographicException ex)
        {
            throw new UsageException($"administration root '{path}' is not a PEM certificate file ({ex.Message}).");
        }

        return roots.Count > 0 ? roots : throw new UsageException($"administration root '{path}' holds no PEM certificate.");
    }
}
