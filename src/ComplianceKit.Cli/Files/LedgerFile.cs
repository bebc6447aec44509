using Microsoft.Data.Sqlite;

namespace ComplianceKit.Cli.Files;

/// <summary>Recognises a ComplianceKit ledger on disk: a SQLite file holding the ledger's entries table.</summary>
internal static class LedgerFile
{
    private static readonly byte[] SqliteMagic = "SQLite format 3\0"u8.ToArray();

    /// <summary>Whether <paramref name="path"/> is a SQLite database (by its 16-byte header).</summary>
    public static bool IsSqlite(string path)
    {
        try
        {
            using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            Span<byte> header = stackalloc byte[16];
            return file.ReadAtLeast(header, header.Length, throwOnEndOfStream: false) == header.Length && header.SequenceEqual(SqliteMagic);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    /// <summary>
    /// Whether <paramref name="path"/> is a ComplianceKit ledger, or one of its <c>-wal</c>, <c>-shm</c> or <c>-journal</c>
    /// side files; read without writing anything. A SQLite file that cannot be read counts as a ledger: it may be one.
    /// </summary>
    public static bool IsLedgerOrItsSideFile(string path)
    {
        foreach (var suffix in new[] { "-wal", "-shm", "-journal" })
        {
            if (path.EndsWith(suffix, StringComparison.Ordinal) && IsLedgerOrItsSideFile(path[..^suffix.Length]))
            {
                return true;
            }
        }

        if (!File.Exists(path) || !IsSqlite(path))
        {
            return false;
        }

        try
        {
            using var connection = new SqliteConnection(ReadOnlyLedgerConnection.For(path).ConnectionString);
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'ck_ledger_entries'";
            return (long)(command.ExecuteScalar() ?? 0L) > 0;
        }
        catch (SqliteException)
        {
            return true;
        }
    }
}
