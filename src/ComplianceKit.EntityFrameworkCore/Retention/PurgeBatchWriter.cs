using System.Data.Common;
using ComplianceKit.Canonicalization;
using ComplianceKit.EntityFrameworkCore.Dialects;
using ComplianceKit.EntityFrameworkCore.Ledger;
using ComplianceKit.Ledger;
using ComplianceKit.Retention;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using NodaTime;

namespace ComplianceKit.EntityFrameworkCore.Retention;

/// <summary>
/// Runs one purge batch as one transaction: take the chain's write lock, catch up on what was appended
/// since the plan, re-check every planned entry, clear the payloads and salts, append the purge entry
/// naming them, commit. Appends wait for at most this one transaction.
/// </summary>
internal static class PurgeBatchWriter
{
    public static async Task<PurgeBatchResult?> RunAsync(BatchContext batch, IReadOnlyList<PlannedPurge> items, int number,
        List<SkippedPurge> skipped, CancellationToken cancellationToken)
    {
        var context = batch.Context;
        var sql = LedgerSql.For(context);
        var transaction = await LedgerTransaction.JoinOrBeginAsync(context, cancellationToken).ConfigureAwait(false);
        await using (transaction.ConfigureAwait(false)) // rolls back unless committed
        {
            var connection = transaction.Connection;
            var dbTransaction = transaction.Transaction;
            // The appends' lock, taken exactly as they take it.
            var head = await sql.Dialect.LockChainAsync(new LedgerWriteScope(connection, dbTransaction, sql.Tables, transaction.Began), batch.ChainId, cancellationToken)
                .ConfigureAwait(false);
            var size = head.Size;
            await foreach (var entry in LedgerReader.ReadEntriesAsync(LedgerSession.Of(context), batch.ChainId, batch.Changes.CheckedUpTo, size, cancellationToken).ConfigureAwait(false))
            {
                batch.Changes.Observe(entry);
            }

            var stored = await ReadStoredAsync(sql, connection, dbTransaction, batch.ChainId, items, cancellationToken).ConfigureAwait(false);
            var purge = new List<long>(items.Count);
            foreach (var item in items)
            {
                var reason = WhyKeep(item, stored.GetValueOrDefault(item.Sequence)) ?? batch.Changes.WhyKeep(item);
                if (reason is null)
                {
                    purge.Add(item.Sequence);
                }
                else
                {
                    skipped.Add(new SkippedPurge(item.Sequence, reason));
                }
            }

            if (purge.Count == 0)
            {
                return null; // nothing to record; the transaction rolls back
            }

            var ranges = SequenceRange.Compact(purge);
            var cleared = 0;
            foreach (var chunk in ranges.Chunk(RetentionSql.RangesPerStatement))
            {
                var command = RetentionSql.ClearPayloads(sql, connection, dbTransaction, batch.ChainId, chunk);
                await using var commandScope = command.ConfigureAwait(false);
                cleared += await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }

            if (cleared != purge.Count)
            {
                throw new InvalidOperationException($"Purge batch {number} of chain '{batch.ChainId}' cleared {cleared} payloads where {purge.Count} were checked under the lock; rolled back.");
            }

            var first = items[0];
            var draft = new EntryDraft(RetentionEntryTypes.Purged, RetentionSubjects.Policy(first.PolicyId), batch.Actor,
                RetentionPayloads.Purged(first.PolicyId, first.PolicySequence, batch.AsOf, ranges));
            var prepared = PreparedEntry.Prepare(draft, batch.Options, batch.Guard);
            var receipt = await LedgerWriter.AppendAsync(context, batch.ChainId, [prepared], batch.Clock, cancellationToken).ConfigureAwait(false);
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            return new PurgeBatchResult(number, receipt.Entries[0].Sequence, first.PolicyId, ranges);
        }
    }

    /// <summary>Why the stored row no longer matches what was planned, or <see langword="null"/>.</summary>
    private static string? WhyKeep(PlannedPurge item, LedgerEntry? stored)
    {
        if (stored is null)
        {
            return "the entry is no longer stored";
        }

        if (stored.Payload is null)
        {
            return "already purged";
        }

        if (!string.Equals(stored.EntryType, item.EntryType, StringComparison.Ordinal) || !string.Equals(stored.Subject, item.Subject, StringComparison.Ordinal)
            || stored.OccurredAt != item.OccurredAt || stored.RecordedAt != item.RecordedAt)
        {
            return "its header changed since the plan; left in place so verification shows it";
        }

        // Purging an altered entry would turn evidence of tampering into a valid purge.
        var digestHolds = stored.PayloadSalt is { Length: EntryEncoding.SaltSize } salt
            && EntryEncoding.ComputePayloadDigest(salt, stored.Payload).AsSpan().SequenceEqual(stored.PayloadDigest);
        var headerHolds = digestHolds && TryComputeEntryHash(stored) is { } hash && hash.AsSpan().SequenceEqual(stored.EntryHash);
        return digestHolds && headerHolds ? null : "it does not verify; left in place so verification shows it";
    }

    private static byte[]? TryComputeEntryHash(LedgerEntry entry)
    {
        try
        {
            return EntryEncoding.ComputeEntryHash(entry);
        }
        catch (ArgumentException)
        {
            return null;
        }
    }

    private static async Task<Dictionary<long, LedgerEntry>> ReadStoredAsync(LedgerSql sql, DbConnection connection, DbTransaction transaction,
        string chainId, IReadOnlyList<PlannedPurge> items, CancellationToken cancellationToken)
    {
        var stored = new Dictionary<long, LedgerEntry>(items.Count);
        foreach (var chunk in SequenceRange.Compact(items.Select(i => i.Sequence)).Chunk(RetentionSql.RangesPerStatement))
        {
            var command = RetentionSql.ReadRanges(sql, connection, transaction, chainId, chunk);
            await using var commandScope = command.ConfigureAwait(false);
            var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await using var readerScope = reader.ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                var entry = LedgerSql.ReadEntry(reader);
                stored[entry.Sequence] = entry;
            }
        }

        return stored;
    }

    /// <summary>What every batch of one apply shares.</summary>
    internal sealed record BatchContext(DbContext Context, string ChainId, string Actor, Instant AsOf, IClock Clock,
        ComplianceKitOptions Options, PayloadPrivacyGuard Guard, PlanChanges Changes);
}
