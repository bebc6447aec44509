using System.Data.Common;
using ComplianceKit.EntityFrameworkCore.Ledger;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace ComplianceKit.EntityFrameworkCore.AccessIndex;

/// <summary>
/// Compares the side index with the entries a few blocks at a time, in one read snapshot: per step it reads the entries
/// of those blocks by sequence range and the index rows of the same blocks by key range, and matches them in memory.
/// Every read is a range of a primary key, so the check is linear in the chain and needs no planner statistics (a
/// NOT EXISTS per entry became a nested loop over every row on PostgreSQL without them).
/// </summary>
internal static class AccessIndexVerifier
{
    /// <summary>Blocks per step: one span (a merged span's rows all sit in its first block), 65,536 entries and their rows, about 20 MB.</summary>
    private const long BlocksPerStep = AccessIndexLayout.BlocksPerSpan;

    public static async Task<AccessIndexReport> VerifyAsync(DbContext context, string chainId, CancellationToken cancellationToken)
    {
        var sql = AccessIndexSql.For(context);
        var snapshot = await LedgerSnapshot.BeginAsync(context, cancellationToken).ConfigureAwait(false);
        await using (snapshot.ConfigureAwait(false))
        {
            var connection = context.Database.GetDbConnection();
            var transaction = context.Database.CurrentTransaction?.GetDbTransaction();
            var timeout = context.Database.GetCommandTimeout();
            var indexedTo = await AccessIndexer.ScalarAsync(connection, transaction, sql.ReadIndexedTo, chainId, cancellationToken).ConfigureAwait(false);
            var mergedTo = await AccessIndexer.ScalarAsync(connection, transaction, sql.ReadMergedTo, chainId, cancellationToken).ConfigureAwait(false);
            // Rows past indexed-to are checked too (an added row may claim any block): go as far as the last block holding rows.
            var lastRowBlock = await AccessIndexer.ScalarAsync(connection, transaction, sql.ReadLastBlock, chainId, cancellationToken).ConfigureAwait(false);
            var endBlock = Math.Max((indexedTo + AccessIndexLayout.BlockSize - 1) / AccessIndexLayout.BlockSize, lastRowBlock + 1);
            var missing = new List<AccessIndexFinding>();
            var unexpected = new List<AccessIndexFinding>();
            for (var block = 0L; block < endBlock && (missing.Count < AccessIndexReport.MaxRecordedFindings || unexpected.Count < AccessIndexReport.MaxRecordedFindings); block += BlocksPerStep)
            {
                var entries = new Dictionary<long, (string Subject, string Actor, long OccurredAt)>();
                var read = Read(connection, transaction, timeout, sql.ReadEntryKeys, chainId, block * AccessIndexLayout.BlockSize, (block + BlocksPerStep) * AccessIndexLayout.BlockSize);
                await using (read.ConfigureAwait(false))
                {
                    var reader = await read.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                    await using var readerScope = reader.ConfigureAwait(false);
                    while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                    {
                        entries.Add(reader.GetInt64(0), (reader.GetString(1), reader.GetString(2), reader.GetInt64(3)));
                    }
                }

                var found = new HashSet<(long Sequence, AccessIndexKey Kind)>();
                var rows = Read(connection, transaction, timeout, sql.ReadRows, chainId, block, block + BlocksPerStep);
                await using (rows.ConfigureAwait(false))
                {
                    var reader = await rows.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                    await using var readerScope = reader.ConfigureAwait(false);
                    while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                    {
                        var (rowBlock, kind, key, occurredAt, sequence) = (reader.GetInt64(0), (AccessIndexKey)reader.GetInt32(1), reader.GetString(2), reader.GetInt64(3), reader.GetInt64(4));
                        if (Names(entries, mergedTo, rowBlock, kind, key, occurredAt, sequence))
                        {
                            found.Add((sequence, kind));
                        }
                        else if (unexpected.Count < AccessIndexReport.MaxRecordedFindings)
                        {
                            unexpected.Add(new AccessIndexFinding(AccessIndexProblem.Unexpected, sequence, kind, key));
                        }
                    }
                }

                foreach (var (sequence, (subject, actor, _)) in entries.Where(e => e.Key < indexedTo).OrderBy(e => e.Key))
                {
                    foreach (var (kind, key) in new[] { (AccessIndexKey.Subject, subject), (AccessIndexKey.Actor, actor) })
                    {
                        if (!found.Contains((sequence, kind)) && missing.Count < AccessIndexReport.MaxRecordedFindings)
                        {
                            missing.Add(new AccessIndexFinding(AccessIndexProblem.Missing, sequence, kind, key));
                        }
                    }
                }
            }

            return new AccessIndexReport(chainId, indexedTo, [.. missing, .. unexpected.OrderBy(f => f.Sequence).ThenBy(f => f.Kind)]);
        }
    }

    /// <summary>Whether a row names an entry of the step with that key and occurred-at, and sits in a block where lookups find it.</summary>
    private static bool Names(Dictionary<long, (string Subject, string Actor, long OccurredAt)> entries, long mergedTo, long block, AccessIndexKey kind, string key, long occurredAt, long sequence) =>
        entries.TryGetValue(sequence, out var entry)
        && AccessIndexLayout.IsPlaced(block, sequence, mergedTo)
        && occurredAt == entry.OccurredAt
        && string.Equals(key, kind switch { AccessIndexKey.Subject => entry.Subject, AccessIndexKey.Actor => entry.Actor, _ => null }, StringComparison.Ordinal);

    private static DbCommand Read(DbConnection connection, DbTransaction? transaction, int? timeout, string text, string chainId, long from, long to)
    {
        var command = AccessIndexer.Command(connection, transaction, text, chainId);
        command.CommandTimeout = timeout ?? command.CommandTimeout;
        LedgerSql.Add(command, "@from", from);
        LedgerSql.Add(command, "@to", to);
        return command;
    }
}
