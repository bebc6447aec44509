using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;

namespace ComplianceKit.Cli.Files;

/// <summary>
/// The one-line message for a database failure that ends a command. Kept out of <see cref="CommandRunner"/>'s catch clauses
/// (and never inlined into them) because a catch clause naming a provider's exception type loads that provider's assembly
/// when the runner is compiled: every command, a bundle verify included, paid for Npgsql and System.Data.Common.
/// </summary>
internal static class DatabaseFailure
{
    /// <summary>The message for <paramref name="exception"/>, or <see langword="null"/> when it is not a database failure.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static string? Describe(Exception exception) => exception switch
    {
        // SQLITE_FULL, SQLITE_IOERR: the transaction was rolled back; nothing it held was acknowledged.
        SqliteException { SqliteErrorCode: 13 or 10 } ex =>
            $"the database could not be written (SQLite {ex.SqliteErrorCode}: {ex.Message}); check free disk space. Nothing of the failed step was recorded.",

        // Unreachable, refused or dropped: one line naming the server, never the connection string (it may hold a password).
        Npgsql.NpgsqlException ex => PostgreSqlFailure.Describe(null, ex),
        SqliteException ex => $"the database cannot be read: {ex.Message}",
        _ => null,
    };
}
