using System.Text.Json.Serialization;
using System.Text.RegularExpressions;
using ComplianceKit.Cli.Hosting;
using Npgsql;

namespace ComplianceKit.Cli.Files;

/// <summary>
/// What <c>--db</c> names: a SQLite ledger file, or a PostgreSQL database given as a <c>postgresql://</c> (or <c>postgres://</c>) URI
/// or as a keyword connection string with <c>Host=</c>. It prints (text and JSON) as the file path, or as
/// <c>postgresql://user@host:port/database</c>: a password never leaves this type except to the driver.
/// </summary>
[JsonConverter(typeof(LedgerLocationJsonConverter))]
internal sealed partial class LedgerLocation
{
    private readonly string? _connectionString;

    private LedgerLocation(string? filePath, string? connectionString, string display)
    {
        FilePath = filePath;
        _connectionString = connectionString;
        Display = display;
    }

    /// <summary>The SQLite file, or <see langword="null"/> for PostgreSQL.</summary>
    public string? FilePath { get; }

    public bool IsPostgreSql => _connectionString is not null;

    /// <summary>The file path, or the PostgreSQL database without its password: what every message and report shows.</summary>
    public string Display { get; }

    /// <summary>A SQLite file the tool names itself (the demo's).</summary>
    public static LedgerLocation ForFile(string path) => new(path, null, path);

    /// <summary>Reads <c>--db</c>: a <c>postgresql://</c> URI or a connection string naming <c>Host</c> is PostgreSQL; anything else is a SQLite file.</summary>
    /// <exception cref="UsageException">A PostgreSQL form that does not parse (the message never repeats the text, which may hold a password).</exception>
    public static LedgerLocation Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        NpgsqlConnectionStringBuilder? builder = null;
        if (text.StartsWith("postgresql://", StringComparison.OrdinalIgnoreCase) || text.StartsWith("postgres://", StringComparison.OrdinalIgnoreCase))
        {
            builder = FromUri(text);
        }
        else if (HostKeyword().IsMatch(text))
        {
            builder = FromKeywords(text);
        }

        if (builder is null)
        {
            return new LedgerLocation(text, null, text);
        }

        if (string.IsNullOrEmpty(builder.Host) || string.IsNullOrEmpty(builder.Database))
        {
            throw new UsageException("--db: a PostgreSQL ledger needs a host and a database (Host=...;Database=... or postgresql://host/database).");
        }

        var user = string.IsNullOrEmpty(builder.Username) ? "" : $"{builder.Username}@";
        return new LedgerLocation(null, builder.ConnectionString, $"postgresql://{user}{builder.Host}:{builder.Port}/{builder.Database}");
    }

    /// <summary>The driver's connection string (with the password, if one was given): for <see cref="LedgerDatabase"/> only, never printed.</summary>
    public string PostgreSqlConnectionString(bool readOnly)
    {
        // One short-lived process per command: no pool keeps server connections open after it.
        var builder = new NpgsqlConnectionStringBuilder(_connectionString ?? throw new InvalidOperationException("Not a PostgreSQL ledger.")) { Pooling = false };
        if (readOnly)
        {
            // Every transaction of the session is read-only: the server refuses any write a reading command might attempt.
            builder.Options = string.Join(' ', new[] { builder.Options, "-c default_transaction_read_only=on" }.Where(o => !string.IsNullOrWhiteSpace(o)));
        }

        return builder.ConnectionString;
    }

    public override string ToString() => Display;

    /// <summary>Wherever a message or report takes the database as text, it gets the display form (never a password).</summary>
    public static implicit operator string(LedgerLocation location) => location?.Display!;

    // A keyword connection string names its server: Host= (or its synonym Server=) as one of its keywords.
    [GeneratedRegex(@"(^|;)\s*(host|server)\s*=", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex HostKeyword();

    private static NpgsqlConnectionStringBuilder FromKeywords(string text)
    {
        try
        {
            return new NpgsqlConnectionStringBuilder(text);
        }
        catch (ArgumentException)
        {
            throw new UsageException("--db looks like a PostgreSQL connection string (Host=...;Database=...) but one of its keywords is not one Npgsql knows.");
        }
    }

    private static NpgsqlConnectionStringBuilder FromUri(string text)
    {
        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || uri.Host.Length == 0)
        {
            throw new UsageException("--db is not a valid postgresql:// URI (postgresql://user@host:5432/database).");
        }

        var builder = new NpgsqlConnectionStringBuilder { Host = uri.Host, Database = Uri.UnescapeDataString(uri.AbsolutePath.TrimStart('/')) };
        if (!uri.IsDefaultPort && uri.Port > 0)
        {
            builder.Port = uri.Port;
        }

        if (uri.UserInfo.Length > 0)
        {
            var parts = uri.UserInfo.Split(':', 2);
            builder.Username = Uri.UnescapeDataString(parts[0]);
            if (parts.Length == 2)
            {
                builder.Password = Uri.UnescapeDataString(parts[1]);
            }
        }

        foreach (var pair in uri.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var (key, value) = pair.Split('=', 2) is [var k, var v] ? (Uri.UnescapeDataString(k), Uri.UnescapeDataString(v)) : (Uri.UnescapeDataString(pair), "");
            try
            {
                builder[key] = value;
            }
            catch (ArgumentException)
            {
                throw new UsageException($"--db: the URI parameter '{key}' is not a connection setting Npgsql knows.");
            }
        }

        return builder;
    }
}
