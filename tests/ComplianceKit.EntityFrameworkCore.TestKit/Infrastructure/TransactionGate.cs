using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace ComplianceKit.EntityFrameworkCore.TestKit.Infrastructure;

/// <summary>
/// Holds every transaction start of the contexts it is added to until <see cref="Open"/>, as a busy
/// database would; <see cref="Reached"/> completes when the first one is held. Honours cancellation.
/// </summary>
public sealed class TransactionGate : DbTransactionInterceptor
{
    private readonly TaskCompletionSource _open = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _reached = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes when a transaction first waits at the gate.</summary>
    public Task Reached => _reached.Task;

    /// <summary>Lets every held and later transaction through.</summary>
    public void Open() => _open.TrySetResult();

    /// <inheritdoc />
    public override async ValueTask<InterceptionResult<DbTransaction>> TransactionStartingAsync(DbConnection connection,
        TransactionStartingEventData eventData, InterceptionResult<DbTransaction> result, CancellationToken cancellationToken = default)
    {
        _reached.TrySetResult();
        await _open.Task.WaitAsync(cancellationToken);
        return result;
    }
}
