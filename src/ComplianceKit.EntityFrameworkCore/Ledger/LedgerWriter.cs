using ComplianceKit.EntityFrameworkCore.Dialects;
using ComplianceKit.Ledger;
using Microsoft.EntityFrameworkCore;
using NodaTime;

namespace ComplianceKit.EntityFrameworkCore.Ledger;

/// <summary>
/// The one write path: in the context's open transaction or one it begins (<see cref="LedgerTransaction"/>), the
/// dialect takes the chain's lock and reads the head, <see cref="ChainLinker"/> seals the entries onto it, and the
/// dialect writes entries and Merkle nodes and moves the head. Commits only a transaction it began.
/// </summary>
internal static class LedgerWriter
{
    public static async Task<AppendReceipt> AppendAsync(DbContext context, string chainId, IReadOnlyList<PreparedEntry> prepared,
        IClock clock, CancellationToken cancellationToken) =>
        (await AppendReturningHeadAsync(context, chainId, prepared, clock, cancellationToken).ConfigureAwait(false)).Receipt;

    /// <summary><see cref="AppendAsync"/>, also returning the chain's head as the append left it (valid once committed).</summary>
    public static async Task<(AppendReceipt Receipt, ChainState Head)> AppendReturningHeadAsync(DbContext context, string chainId,
        IReadOnlyList<PreparedEntry> prepared, IClock clock, CancellationToken cancellationToken)
    {
        var sql = LedgerSql.For(context);
        var transaction = await LedgerTransaction.JoinOrBeginAsync(context, cancellationToken).ConfigureAwait(false);
        await using (transaction.ConfigureAwait(false))
        {
            var scope = new LedgerWriteScope(transaction.Connection, transaction.Transaction, sql.Tables, transaction.Began);
            var state = await sql.Dialect.LockChainAsync(scope, chainId, cancellationToken).ConfigureAwait(false);
            var batch = Link(state, prepared, clock);
            await sql.Dialect.WriteAsync(scope, batch, cancellationToken).ConfigureAwait(false);
            if (transaction.Began)
            {
                // Cancellation stops an append before COMMIT (nothing written), never halfway through it,
                // so a cancelled append is known not to be committed.
                cancellationToken.ThrowIfCancellationRequested();
                await transaction.CommitAsync(CancellationToken.None).ConfigureAwait(false);
            }

            return (Receipt(batch), state);
        }
    }

    /// <summary>Seals <paramref name="prepared"/> onto <paramref name="state"/>, which it advances to the batch's new head.</summary>
    public static LedgerBatch Link(ChainState state, IReadOnlyList<PreparedEntry> prepared, IClock clock)
    {
        var nodes = new List<MerkleNode>();
        var entries = ChainLinker.Link(state, prepared, clock.GetCurrentInstant(), nodes);
        return new LedgerBatch(entries, nodes, state, state.ComputeRoot());
    }

    public static AppendReceipt Receipt(LedgerBatch batch) =>
        new(batch.Head.ChainId, batch.Entries, new Merkle.MerkleTreeHead(batch.Head.Size, batch.Root));
}
