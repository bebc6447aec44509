using System.Collections.Concurrent;
using System.Numerics;

namespace ComplianceKit.Bundles;

/// <summary>
/// The batch arrays of one verification, reused: the checker returns an array once its lines were checked, and a digester rents it
/// for a later batch, so a verification allocates only the arrays in flight. Thread-safe.
/// </summary>
internal sealed class DigestedLinePool
{
    private readonly ConcurrentQueue<DigestedLine[]> _spare = new();

    /// <summary>An array of at least <paramref name="size"/> lines (rounded up to a power of two, so that chunks of slightly different line counts share arrays).</summary>
    public DigestedLine[] Rent(int size) =>
        _spare.TryDequeue(out var lines) && lines.Length >= size ? lines : new DigestedLine[BitOperations.RoundUpToPowerOf2((uint)size)];

    /// <summary>Takes back an array whose first <paramref name="count"/> lines were used, clearing them so they keep no entry alive.</summary>
    public void Return(DigestedLine[] lines, int count)
    {
        Array.Clear(lines, 0, count);
        _spare.Enqueue(lines);
    }
}
