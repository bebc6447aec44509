using Microsoft.Data.Sqlite;

namespace ComplianceKit.Cli.Files;

/// <summary>
/// How the tool opens a ledger it only reads: SQLite's <c>mode=ro</c>, which never creates a file nor needs write
/// permission, plus <c>immutable=1</c> when the database has no <c>-wal</c> file. Immutable skips locking and never makes
/// <c>-wal</c>/<c>-shm</c> files, so a read-only directory works; it would ignore a write-ahead log, hence only without one.
/// </summary>
internal sealed record ReadOnlyLedgerConnection(string ConnectionString, bool Immutable)
{
    /// <summary>The connection for reading <paramref name="path"/> as it is on disk now.</summary>
    public static ReadOnlyLedgerConnection For(string path)
    {
        var immutable = !File.Exists(path + "-wal");
        var uri = new UriBuilder { Scheme = Uri.UriSchemeFile, Host = "", Path = Path.GetFullPath(path) }.Uri.AbsoluteUri;
        var dataSource = immutable ? $"{uri}?mode=ro&immutable=1" : $"{uri}?mode=ro";
        var connection = new SqliteConnectionStringBuilder { DataSource = dataSource, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString();
        return new ReadOnlyLedgerConnection(connection, immutable);
    }

    /// <summary>What the report says about how the file was read.</summary>
    public string Describe() => Immutable
        ? "opened read-only as immutable (no -wal file; nothing written beside it)"
        : "opened read-only (mode=ro; a -wal file exists, so SQLite reads it and needs its -shm)";
}
