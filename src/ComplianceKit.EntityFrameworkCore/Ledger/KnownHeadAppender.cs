using ComplianceKit.Ledger;
using Microsoft.EntityFrameworkCore;
using NodaTime;

namespace ComplianceKit.EntityFrameworkCore.Ledger;

/// <summary>
/// Appends for a writer that owns its connection and remembers the head it last wrote (the group-commit writer, usually
/// the access chain's only writer), on dialects that can (<see cref="Dialects.ILedgerDialect.SupportsKnownHeadWrites"/>):
/// the batch is linked to that head before the database is asked, and one round trip takes the chain's lock, writes
/// only if the head is still the one remembered, and commits. The usual path (<see cref="LedgerWriter"/>) spends a
/// round trip reading the head under the lock first.
/// </summary>
/// <remarks>
/// When another writer (another app instance, a purge) moved the head meanwhile, nothing is written and
/// <see cref="TryAppendAsync"/> returns <see langword="null"/>: the caller appends through <see cref="LedgerWriter"/>
/// instead. The chain stays exactly as safe: the same lock orders writers, and no row is written unless the head moved
/// from the very size and hash the entries were linked to.
/// </remarks>
internal static class KnownHeadAppender
{
    /// <summary>Whether <paramref name="context"/> can take this path: a dialect that supports it, and no host transaction to join.</summary>
    public static bool Applies(DbContext context) =>
        LedgerSql.For(context).Dialect.SupportsKnownHeadWrites && context.Database.CurrentTransaction is null;

    /// <summary>
    /// Appends <paramref name="prepared"/> after <paramref name="known"/>, which it advances, and commits.
    /// Returns <see langword="null"/> when the head was no longer <paramref name="known"/> (nothing written;
    /// <paramref name="known"/> is then spent). Cancellation is honoured only before anything is sent.
    /// </summary>
    public static async Task<AppendReceipt?> TryAppendAsync(DbContext context, ChainState known, IReadOnlyList<PreparedEntry> prepared,
        IClock clock, CancellationToken cancellationToken)
    {
        var sql = LedgerSql.For(context);
        var expectedSize = known.Size;
        var expectedHash = known.LastEntryHash;
        var batch = LedgerWriter.Link(known, prepared, clock);
        cancellationToken.ThrowIfCancellationRequested();

        var database = context.Database;
        await database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return await sql.Dialect.TryWriteAtKnownHeadAsync(database.GetDbConnection(), sql.Tables, batch, expectedSize, expectedHash, cancellationToken)
                .ConfigureAwait(false) ? LedgerWriter.Receipt(batch) : null;
        }
        finally
        {
            await database.CloseConnectionAsync().ConfigureAwait(false);
        }
    }
}
