using Microsoft.Data.Sqlite;

namespace ComplianceKit.Cli.Demo;

/// <summary>The demo starts from an empty database each run, but never deletes a file that is not a ComplianceKit ledger.</summary>
internal static class DemoDatabase
{
    public static async Task StartFreshAsync(string path, CancellationToken cancellationToken)
    {
        if (!File.Exists(path))
        {
            return;
        }

        var connection = new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString();
        try
        {
            await using var probe = new SqliteConnection(connection);
            await probe.OpenAsync(cancellationToken);
            await using var command = probe.CreateCommand();
            command.CommandText = "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'ck_ledger_entries'";
            if ((long)(await command.ExecuteScalarAsync(cancellationToken) ?? 0L) == 0)
            {
                throw new UsageException($"'{path}' exists and is not a ComplianceKit ledger; the demo will not overwrite it. Choose another --db.");
            }
        }
        catch (SqliteException)
        {
            throw new UsageException($"'{path}' exists and is not a SQLite database; the demo will not overwrite it. Choose another --db.");
        }

        foreach (var suffix in new[] { "", "-wal", "-shm", "-journal" })
        {
            File.Delete(path + suffix);
        }
    }
}
