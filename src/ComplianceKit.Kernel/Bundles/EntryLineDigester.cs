using System.Collections.Concurrent;
using System.Threading.Channels;

namespace ComplianceKit.Bundles;

/// <summary>
/// The middle stage of entry verification: takes the reader's chunks of whole lines and computes each entry's digests where the
/// line lies, with no object per entry (<see cref="CanonicalLineDigest"/>). A line the in-order checks need as an entry (<paramref name="typeNeedsEntry"/>, <paramref name="sequenceNeedsEntry"/>), one not in the exporter's
/// exact shape, and every line when <paramref name="parseAll"/> is set are parsed in full by <see cref="EntryLineParser"/>, which
/// also words a malformed line's finding. Lines are numbered here, in file order. Runs on one thread at a time.
/// </summary>
/// <param name="session">Receives malformed-line findings.</param>
/// <param name="parseAll">Parse every line into an entry (a selective bundle, or a caller that observes every entry).</param>
/// <param name="typeNeedsEntry">Whether the in-order checks need entries of this type themselves.</param>
/// <param name="sequenceNeedsEntry">Whether they need the entry at this sequence itself (a declared purge).</param>
/// <param name="treeSize">The checkpoint's tree size, for inclusion proofs.</param>
/// <param name="proofRoot">The root inclusion proofs are checked against (a selective bundle); otherwise <see langword="null"/>.</param>
internal sealed class EntryLineDigester(BundleVerificationSession session, bool parseAll, Func<string, bool> typeNeedsEntry, Func<long, bool> sequenceNeedsEntry, long treeSize, byte[]? proofRoot)
{
    /// <summary>Lines per batch handed on: small batches keep the entries that are parsed young enough to die in the first GC generation.</summary>
    public const int BatchSize = 256;

    private readonly EntryLineParser _parser = new();
    private readonly CanonicalLineDigest _canonical = new();
    private readonly ConcurrentQueue<DigestedLine[]> _spare = new();
    private long _line;
    private string? _lastType;
    private bool _lastTypeNeeded;

    /// <summary>Digests every chunk in order and hands the lines on in batches; returns each chunk's buffer to the pool.</summary>
    public async Task RunAsync(ChannelReader<LineChunk> chunks, ChannelWriter<DigestedBatch> batches, CancellationToken cancellationToken)
    {
        var full = new List<DigestedBatch>();
        var lines = Rent();
        var count = 0;
        await foreach (var chunk in chunks.ReadAllAsync(cancellationToken).ConfigureAwait(false))
        {
            try
            {
                count = Digest(chunk.Buffer.AsSpan(0, chunk.Length), ref lines, count, full);
            }
            finally
            {
                System.Buffers.ArrayPool<byte>.Shared.Return(chunk.Buffer);
            }

            foreach (var batch in full)
            {
                await batches.WriteAsync(batch, cancellationToken).ConfigureAwait(false);
            }

            full.Clear();
        }

        if (count > 0)
        {
            await batches.WriteAsync(new DigestedBatch(lines, count), cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Takes back a batch's array once its lines were checked, for the next batch.</summary>
    public void Return(DigestedLine[] lines)
    {
        Array.Clear(lines);
        _spare.Enqueue(lines);
    }

    private DigestedLine[] Rent() => _spare.TryDequeue(out var lines) ? lines : new DigestedLine[BatchSize];

    private int Digest(ReadOnlySpan<byte> chunk, ref DigestedLine[] lines, int count, List<DigestedBatch> full)
    {
        int newline;
        while ((newline = chunk.IndexOf((byte)'\n')) >= 0)
        {
            var line = chunk[..newline];
            chunk = chunk[(newline + 1)..];
            _line++;
            ref var item = ref lines[count];
            if (!parseAll && _canonical.TryCompute(line, ref item) && !NeedsEntry(item.EntryType, item.Sequence))
            {
                count++;
            }
            else if (_parser.TryParse(line, out var entry, out var proof) is { } problem)
            {
                item = default;
                session.Add(BundleFindingKind.Malformed, BundleFormat.EntriesFile, null, $"entries.jsonl line {_line}: {problem}.");
                continue;
            }
            else
            {
                item = default;
                item.Parsed = DigestedEntry.Compute(entry!, proof, treeSize, proofRoot);
                count++;
            }

            if (count == BatchSize)
            {
                full.Add(new DigestedBatch(lines, count));
                lines = Rent();
                count = 0;
            }
        }

        return count;
    }

    private bool NeedsEntry(string entryType, long sequence)
    {
        if (!ReferenceEquals(entryType, _lastType))
        {
            _lastType = entryType;
            _lastTypeNeeded = typeNeedsEntry(entryType);
        }

        return _lastTypeNeeded || sequenceNeedsEntry(sequence);
    }
}
