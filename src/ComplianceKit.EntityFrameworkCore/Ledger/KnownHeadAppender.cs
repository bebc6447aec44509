using System.Data.Common;
using ComplianceKit.Ledger;
using ComplianceKit.Merkle;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using NodaTime;

namespace ComplianceKit.EntityFrameworkCore.Ledger;

/// <summary>
/// PostgreSQL appends for a writer that owns its connection and remembers the head it last wrote (the
/// group-commit writer, usually the access chain's only writer): the batch is linked to that head
/// before the database is asked, and one round trip takes the chain's lock, moves the head only if it
/// is still the one remembered, inserts the entries and nodes only if it moved, and commits. The usual
/// path (<see cref="LedgerWriter"/>) spends a round trip reading the head under the lock first.
/// </summary>
/// <remarks>
/// When another writer (another app instance, a purge) moved the head meanwhile, the conditional
/// statements write nothing, the empty transaction commits, and <see cref="TryAppendAsync"/> returns
/// <see langword="null"/>: the caller appends through <see cref="LedgerWriter"/> instead. The chain
/// stays exactly as safe: the same lock orders writers, and no row is written unless the head moved
/// from the very size and hash the entries were linked to.
/// </remarks>
internal static class KnownHeadAppender
{
    /// <summary>Whether <paramref name="context"/> can take this path: PostgreSQL, and no host transaction to join.</summary>
    public static bool Applies(DbContext context) =>
        !LedgerSql.For(context).IsSqlite && context.Database.CurrentTransaction is null;

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
        var nodes = new List<MerkleNode>();
        var entries = ChainLinker.Link(known, prepared, clock.GetCurrentInstant(), nodes);
        var root = known.ComputeRoot();
        cancellationToken.ThrowIfCancellationRequested();

        var database = context.Database;
        await database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var connection = database.GetDbConnection();
            var batch = connection.CreateBatch();
            await using var batchScope = batch.ConfigureAwait(false);
            LedgerSql.AddToBatch(batch, "BEGIN");
            LedgerSql.AddToBatch(batch, sql.LockChain, known.ChainId);
            var move = LedgerSql.AddToBatch(batch, sql.MoveKnownHead, [.. LedgerSql.HeadValues(known, root), expectedSize, expectedHash]);
            var columns = LedgerWriter.EntryArrays(entries);
            LedgerSql.AddToBatch(batch, sql.InsertEntriesIfHeadMoved, [known.ChainId, .. columns, known.Size, known.LastEntryHash]);
            if (nodes.Count > 0)
            {
                LedgerSql.AddToBatch(batch, sql.InsertNodesIfHeadMoved, [.. LedgerSql.NodeArrays(known.ChainId, nodes), known.Size, known.LastEntryHash]);
            }

            LedgerSql.AddToBatch(batch, "COMMIT");
            try
            {
                // Prepared once per physical connection (Npgsql keeps prepared statements by text), so the
                // server stops planning the same six statements for every batch.
                await batch.PrepareAsync(cancellationToken).ConfigureAwait(false);
                // Not cancellable: the batch ends in COMMIT, and an append must never be cancelled halfway through it.
                await batch.ExecuteNonQueryAsync(CancellationToken.None).ConfigureAwait(false);
            }
            catch
            {
                await RollBackAsync(connection).ConfigureAwait(false);
                throw;
            }

            return move.RecordsAffected == 1 ? new AppendReceipt(known.ChainId, entries, new MerkleTreeHead(known.Size, root)) : null;
        }
        finally
        {
            await database.CloseConnectionAsync().ConfigureAwait(false);
        }
    }

    /// <summary>Ends the transaction a failed batch left open (aborted), so the connection can serve the next one.</summary>
    private static async Task RollBackAsync(DbConnection connection)
    {
        if (connection.State != System.Data.ConnectionState.Open)
        {
            return;
        }

        try
        {
            var rollback = connection.CreateCommand();
            await using (rollback.ConfigureAwait(false))
            {
                rollback.CommandText = "ROLLBACK";
                await rollback.ExecuteNonQueryAsync(CancellationToken.None).ConfigureAwait(false);
            }
        }
#pragma warning disable CA1031 // The batch's own error is the one to report; a broken connection is discarded by the caller.
        catch (Exception)
#pragma warning restore CA1031
        {
        }
    }
}
