using Ardalis.Specification;
using ComplianceKit.Access;
using ComplianceKit.EntityFrameworkCore.Ledger;
using ComplianceKit.Ledger;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using NodaTime;

namespace ComplianceKit.EntityFrameworkCore.AccessIndex;

/// <summary>
/// "Who accessed record R" and "what did user U access" through the access side index, combined with the entries the
/// index does not hold yet, so no event is ever missing from an answer while the index lags; and the index's upkeep.
/// </summary>
/// <remarks>
/// The entries stay the source of truth: the index only narrows which entries are read, and every answer is the
/// specification (<see cref="RecordAccessHistorySpec"/>, <see cref="UserAccessHistorySpec"/>) evaluated over those
/// entries, so a row added to the index never adds an entry that does not match. A row removed from it would hide its
/// entry: <see cref="VerifyAccessIndexAsync"/> names every such entry. The group-commit access log keeps its chain's
/// index written; <see cref="IndexAccessTrailAsync"/> builds it for a chain written otherwise (an upgraded database).
/// </remarks>
public static class AccessIndexQueries
{
    private const int SequencesPerRead = 1000;

    /// <summary>
    /// The access entries of the record whose pseudonym is <paramref name="recordPseudonym"/>, with occurred-at in
    /// [<paramref name="from"/>, <paramref name="to"/>), oldest first: the same entries as <see cref="RecordAccessHistorySpec"/>.
    /// </summary>
    /// <param name="context">The host's context.</param>
    /// <param name="chainId">The access chain.</param>
    /// <param name="recordPseudonym">The record's pseudonym, from <see cref="RecordPseudonymizer.Pseudonymize"/>.</param>
    /// <param name="from">The first instant included.</param>
    /// <param name="to">The first instant excluded.</param>
    /// <param name="cancellationToken">Cancels the queries.</param>
    /// <exception cref="ArgumentException">The window ends before it starts, or the pseudonym is empty.</exception>
    /// <exception cref="LedgerValidationException">The chain id is invalid.</exception>
    public static Task<IReadOnlyList<LedgerEntry>> FindRecordAccessesAsync(this DbContext context, string chainId, string recordPseudonym,
        Instant from, Instant to, CancellationToken cancellationToken = default) =>
        FindAsync(context, chainId, AccessIndexKey.Subject, recordPseudonym, from, to, new RecordAccessHistorySpec(chainId, recordPseudonym, from, to), cancellationToken);

    /// <summary>
    /// The access entries of user <paramref name="userId"/>, with occurred-at in [<paramref name="from"/>,
    /// <paramref name="to"/>), oldest first: the same entries as <see cref="UserAccessHistorySpec"/>.
    /// </summary>
    /// <param name="context">The host's context.</param>
    /// <param name="chainId">The access chain.</param>
    /// <param name="userId">The user, as the host recorded it.</param>
    /// <param name="from">The first instant included.</param>
    /// <param name="to">The first instant excluded.</param>
    /// <param name="cancellationToken">Cancels the queries.</param>
    /// <exception cref="ArgumentException">The window ends before it starts, or the user id is empty.</exception>
    /// <exception cref="LedgerValidationException">The chain id is invalid.</exception>
    public static Task<IReadOnlyList<LedgerEntry>> FindUserAccessesAsync(this DbContext context, string chainId, string userId,
        Instant from, Instant to, CancellationToken cancellationToken = default) =>
        FindAsync(context, chainId, AccessIndexKey.Actor, userId, from, to, new UserAccessHistorySpec(chainId, userId, from, to), cancellationToken);

    /// <summary>
    /// Writes the side index of <paramref name="chainId"/> up to the chain's committed head, in transactions of up to
    /// 65,536 entries each, then merges its wholly indexed spans; returns how many entries it indexed. Safe beside a running
    /// access log or another call: each step takes the index's head first, so they index and merge one after the other, each from where the other stopped. Use it once after upgrading a database whose chain was written before the index existed.
    /// </summary>
    /// <param name="context">The host's context (its tables created, see <see cref="ComplianceKitDatabase.EnsureCreatedAsync"/>).</param>
    /// <param name="chainId">The access chain.</param>
    /// <param name="cancellationToken">Stops between transactions (what was committed stays).</param>
    /// <exception cref="LedgerValidationException">The chain id is invalid.</exception>
    public static async Task<long> IndexAccessTrailAsync(this DbContext context, string chainId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        LedgerLimits.ValidateChainId(chainId);
        const long PerTransaction = 65_536;
        var indexed = 0L;
        long lag;
        do
        {
            (var written, lag) = await AccessIndexer.CatchUpAsync(context, chainId, PerTransaction, cancellationToken).ConfigureAwait(false);
            indexed += written;
        }
        while (lag > 0);

        while (await AccessIndexMerger.StepAsync(context, chainId, cancellationToken).ConfigureAwait(false))
        {
            // Every wholly indexed span merged, a key range per transaction.
        }

        return indexed;
    }

    /// <summary>
    /// Checks the side index of <paramref name="chainId"/> against the entries, in one read snapshot: every entry below
    /// the index's head must have its subject and actor rows, and every row must name an entry with that key, block and
    /// occurred-at. An index that lags (entries past its head) is no finding: lookups read those entries directly. Both
    /// sides are read by primary-key range a few blocks at a time, so the check is linear in the chain on every engine,
    /// whether or not the planner has statistics, and holds a few MB at a time.
    /// </summary>
    /// <param name="context">The host's context.</param>
    /// <param name="chainId">The access chain.</param>
    /// <param name="cancellationToken">Cancels the check.</param>
    /// <returns>The index's head and the findings (up to <see cref="AccessIndexReport.MaxRecordedFindings"/> of each kind).</returns>
    /// <exception cref="LedgerValidationException">The chain id is invalid.</exception>
    public static async Task<AccessIndexReport> VerifyAccessIndexAsync(this DbContext context, string chainId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        LedgerLimits.ValidateChainId(chainId);
        return await AccessIndexVerifier.VerifyAsync(context, chainId, cancellationToken).ConfigureAwait(false);
    }

    private static async Task<IReadOnlyList<LedgerEntry>> FindAsync(DbContext context, string chainId, AccessIndexKey kind, string key,
        Instant from, Instant to, Specification<LedgerEntry> spec, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var sequences = new SortedSet<long>();
        var entries = new List<LedgerEntry>();
        await context.Database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var command = AccessIndexer.Command(context.Database.GetDbConnection(), context.Database.CurrentTransaction?.GetDbTransaction(),
                AccessIndexSql.For(context).Candidates[kind], chainId);
            await using (command.ConfigureAwait(false))
            {
                LedgerSql.Add(command, "@key", key);
                LedgerSql.Add(command, "@from", EntryEncoding.ToUnixMicroseconds(from));
                LedgerSql.Add(command, "@to", EntryEncoding.ToUnixMicroseconds(to));
                var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                await using var readerScope = reader.ConfigureAwait(false);
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    sequences.Add(reader.GetInt64(0));
                }
            }

            // The specification is the one rule of what matches: the index only chose which entries it reads.
            foreach (var chunk in sequences.Chunk(SequencesPerRead))
            {
                var read = AccessIndexer.Command(context.Database.GetDbConnection(), context.Database.CurrentTransaction?.GetDbTransaction(),
                    AccessIndexSql.For(context).ReadEntries(chunk), chainId);
                await using var readScope = read.ConfigureAwait(false);
                var reader = await read.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                await using var readerScope = reader.ConfigureAwait(false);
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    entries.Add(LedgerSql.ReadEntry(reader));
                }
            }
        }
        finally
        {
            await context.Database.CloseConnectionAsync().ConfigureAwait(false);
        }

        return [.. spec.Evaluate(entries)];
    }
}
