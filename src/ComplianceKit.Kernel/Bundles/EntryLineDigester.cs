using System.Threading.Channels;

namespace ComplianceKit.Bundles;

/// <summary>
/// The middle stage of entry verification: takes the reader's chunks of whole lines and computes each entry's digests where the
/// line lies, with no object per entry (<see cref="CanonicalLineDigest"/>). A line the in-order checks need as an entry (<paramref name="typeNeedsEntry"/>, <paramref name="sequenceNeedsEntry"/>), one not in the exporter's
/// exact shape, and every line when <paramref name="parseAll"/> is set are parsed in full by <see cref="EntryLineParser"/>, which
/// also words a malformed line's finding. Chunks need no order here: several digesters may share one reader, each on its own
/// thread, and every batch says where it belongs (<see cref="DigestedBatch"/>), for the checker to take them in file order.
/// </summary>
/// <param name="pool">The batch arrays, shared by the digesters of one verification.</param>
/// <param name="parseAll">Parse every line into an entry (a selective bundle, or a caller that observes every entry).</param>
/// <param name="typeNeedsEntry">Whether the in-order checks need entries of this type themselves.</param>
/// <param name="sequenceNeedsEntry">Whether they need the entry at this sequence itself (a declared purge).</param>
/// <param name="treeSize">The checkpoint's tree size, for inclusion proofs.</param>
/// <param name="proofRoot">The root inclusion proofs are checked against (a selective bundle); otherwise <see langword="null"/>.</param>
internal sealed class EntryLineDigester(DigestedLinePool pool, bool parseAll, Func<string, bool> typeNeedsEntry, Func<long, bool> sequenceNeedsEntry, long treeSize, byte[]? proofRoot)
{
    /// <summary>
    /// Lines per batch when lines are parsed into entries: small batches keep those entries young enough to die in the first GC
    /// generation. Lines hashed in place go on a chunk at a time (one hand-over per megabyte), as nothing is allocated for them.
    /// </summary>
    public const int ParsedBatchSize = 256;

    private readonly EntryLineParser _parser = new();
    private readonly CanonicalLineDigest _canonical = new();
    private readonly List<DigestedBatch> _full = [];
    private string? _lastType;
    private bool _lastTypeNeeded;

    /// <summary>Digests chunks until the reader is done and hands on each chunk's batches; returns each chunk's buffer to the pool.</summary>
    public async Task RunAsync(ChannelReader<LineChunk> chunks, ChannelWriter<DigestedBatch> batches, CancellationToken cancellationToken)
    {
        await foreach (var chunk in chunks.ReadAllAsync(cancellationToken).ConfigureAwait(false))
        {
            try
            {
                Digest(chunk);
            }
            finally
            {
                System.Buffers.ArrayPool<byte>.Shared.Return(chunk.Buffer);
            }

            foreach (var batch in _full)
            {
                await batches.WriteAsync(batch, cancellationToken).ConfigureAwait(false);
            }

            _full.Clear();
        }
    }

    /// <summary>
    /// Digests every line of <paramref name="chunk"/> into batches (at least one, the last marked as such). The malformed lines'
    /// findings go with the chunk's first batch, so they are reported before any line of the chunk is checked, as one digester did.
    /// </summary>
    private void Digest(LineChunk chunk)
    {
        var size = parseAll ? ParsedBatchSize : Math.Max(chunk.Lines, 1);
        var lines = pool.Rent(size);
        var count = 0;
        var part = 0;
        List<string>? malformed = null;
        var number = chunk.FirstLine - 1;
        var rest = chunk.Buffer.AsSpan(0, chunk.Length);
        int newline;
        while ((newline = rest.IndexOf((byte)'\n')) >= 0)
        {
            var line = rest[..newline];
            rest = rest[(newline + 1)..];
            number++;
            ref var item = ref lines[count];
            if (!parseAll && _canonical.TryCompute(line, ref item) && !NeedsEntry(item.EntryType, item.Sequence))
            {
                count++;
            }
            else if (_parser.TryParse(line, out var entry, out var proof) is { } problem)
            {
                item = default;
                (malformed ??= []).Add($"entries.jsonl line {number}: {problem}.");
                continue;
            }
            else
            {
                item = default;
                item.Parsed = DigestedEntry.Compute(entry!, proof, treeSize, proofRoot);
                count++;
            }

            if (count == size && !rest.IsEmpty)
            {
                _full.Add(new DigestedBatch(lines, count, chunk.Index, part++, Last: false, Malformed: null));
                lines = pool.Rent(size);
                count = 0;
            }
        }

        _full.Add(new DigestedBatch(lines, count, chunk.Index, part, Last: true, Malformed: null));
        _full[0] = _full[0] with { Malformed = malformed };
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
