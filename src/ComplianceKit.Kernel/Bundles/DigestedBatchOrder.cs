using System.Diagnostics.CodeAnalysis;

namespace ComplianceKit.Bundles;

/// <summary>
/// Puts the batches of several digesters back in file order for the checker: a batch waits here until every batch before it (by
/// chunk, then by part) was taken. The reader's slots bound how many chunks are in flight, and so how many batches can wait.
/// Used by the checker's thread alone.
/// </summary>
internal sealed class DigestedBatchOrder
{
    // A few batches at most (one per digester, or a chunk's parsed batches), so a list searched in full is enough.
    private readonly List<DigestedBatch> _waiting = [];
    private int _chunk;
    private int _part;

    /// <summary>Takes a batch from any digester.</summary>
    public void Add(DigestedBatch batch) => _waiting.Add(batch);

    /// <summary>The next batch in file order, if it has arrived.</summary>
    public bool TryNext([NotNullWhen(true)] out DigestedBatch? batch)
    {
        var index = _waiting.FindIndex(b => b.Chunk == _chunk && b.Part == _part);
        if (index < 0)
        {
            batch = null;
            return false;
        }

        batch = _waiting[index];
        _waiting.RemoveAt(index);
        (_chunk, _part) = batch.Last ? (_chunk + 1, 0) : (_chunk, _part + 1);
        return true;
    }
}
