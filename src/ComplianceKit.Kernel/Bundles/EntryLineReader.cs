using System.Buffers;
using System.Security.Cryptography;
using System.Threading.Channels;
using ComplianceKit.Ledger;

namespace ComplianceKit.Bundles;

/// <summary>
/// The first stage of entry verification: streams <c>entries.jsonl</c> from the archive, hashes every byte,
/// splits lines (at most <see cref="BundleLimits.MaxLineBytes"/> each), parses them and hands the entries on in
/// batches. A malformed line is reported with its number and skipped. Memory: two read chunks and the batch.
/// </summary>
internal sealed class EntryLineReader
{
    private const int ReadChunk = 1024 * 1024;
    private const int BatchSize = 256;
    private readonly BundleArchive _archive;
    private readonly BundleLimits _limits;
    private readonly BundleVerificationSession _session;
    private long _bytesRead;

    public EntryLineReader(BundleArchive archive, BundleLimits limits, BundleVerificationSession session)
    {
        _archive = archive;
        _limits = limits;
        _session = session;
    }

    /// <summary>The uncompressed bytes read so far; safe to read from another thread.</summary>
    public long BytesRead => Interlocked.Read(ref _bytesRead);

    /// <summary>Streams entries.jsonl: hashes every byte, splits lines, parses them and hands them on in batches.</summary>
    public async Task<(long Size, byte[] Digest)> ReadAsync(ChannelWriter<List<(LedgerEntry Entry, List<byte[]>? Proof)>> batches, CancellationToken cancellationToken)
    {
        var parser = new EntryLineParser();
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        long size = 0, line = 0;
        var batch = new List<(LedgerEntry, List<byte[]>?)>(BatchSize);
        var buffer = ArrayPool<byte>.Shared.Rent(ReadChunk * 2);
        var stream = _archive.Open(BundleFormat.EntriesFile);
        try
        {
            await using (stream.ConfigureAwait(false))
            {
                int start = 0, end = 0, read;
                while ((read = await stream.ReadAsync(buffer.AsMemory(end), cancellationToken).ConfigureAwait(false)) > 0)
                {
                    hash.AppendData(buffer, end, read);
                    size += read;
                    Interlocked.Exchange(ref _bytesRead, size);
                    end += read;
                    int newline;
                    while ((newline = buffer.AsSpan(start, end - start).IndexOf((byte)'\n')) >= 0)
                    {
                        line++;
                        if (parser.TryParse(buffer.AsSpan(start, newline), out var entry, out var proof) is { } problem)
                        {
                            _session.Add(BundleFindingKind.Malformed, BundleFormat.EntriesFile, null, $"entries.jsonl line {line}: {problem}.");
                        }
                        else
                        {
                            batch.Add((entry!, proof));
                        }

                        start += newline + 1;

                        // Small batches handed on at once keep entries young enough to die in the first GC generation.
                        if (batch.Count >= BatchSize)
                        {
                            await batches.WriteAsync(batch, cancellationToken).ConfigureAwait(false);
                            batch = new List<(LedgerEntry, List<byte[]>?)>(BatchSize);
                        }
                    }

                    if (start == end)
                    {
                        start = end = 0;
                    }
                    else if (end == buffer.Length)
                    {
                        if (end - start > _limits.MaxLineBytes)
                        {
                            throw new BundleRejectedException(BundleFindingKind.UnsafeMember, BundleFormat.EntriesFile,
                                $"entries.jsonl line {line + 1} is longer than {_limits.MaxLineBytes} bytes.");
                        }

                        buffer = Compact(buffer, ref start, ref end);
                    }
                }

                if (start != end)
                {
                    _session.Add(BundleFindingKind.Malformed, BundleFormat.EntriesFile, null, $"entries.jsonl line {line + 1} does not end with a line feed (the file is cut short).");
                }
            }

            if (batch.Count > 0)
            {
                await batches.WriteAsync(batch, cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        return (size, hash.GetHashAndReset());
    }

    private static byte[] Compact(byte[] buffer, ref int start, ref int end)
    {
        var pending = end - start;
        var target = pending > buffer.Length / 2 ? ArrayPool<byte>.Shared.Rent(buffer.Length * 2) : buffer;
        buffer.AsSpan(start, pending).CopyTo(target);
        if (!ReferenceEquals(target, buffer))
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        start = 0;
        end = pending;
        return target;
    }
}
