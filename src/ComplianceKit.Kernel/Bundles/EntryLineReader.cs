using System.Buffers;
using System.Security.Cryptography;
using System.Threading.Channels;

namespace ComplianceKit.Bundles;

/// <summary>
/// The first stage of entry verification: streams <c>entries.jsonl</c> from the archive, hashes every byte and hands the
/// bytes on in chunks of whole lines (at most <see cref="BundleLimits.MaxLineBytes"/> each), in pooled buffers that the next
/// stage (<see cref="EntryLineDigester"/>) returns. Each chunk carries its place in the file (its index and first line number),
/// so the next stage may digest chunks in parallel and the last one check them in order. Memory: the chunks in flight, at most
/// as many as <c>slots</c> allows.
/// </summary>
internal sealed class EntryLineReader
{
    private const int ReadChunk = 1024 * 1024;
    private readonly BundleArchive _archive;
    private readonly BundleLimits _limits;
    private long _bytesRead;

    public EntryLineReader(BundleArchive archive, BundleLimits limits)
    {
        _archive = archive;
        _limits = limits;
    }

    /// <summary>The uncompressed bytes read so far; safe to read from another thread.</summary>
    public long BytesRead => Interlocked.Read(ref _bytesRead);

    /// <summary>Streams entries.jsonl: hashes every byte and hands on chunks of whole lines.</summary>
    /// <param name="chunks">Receives the chunks, in file order.</param>
    /// <param name="slots">Taken once per chunk before it is handed on; whoever finishes with a chunk's lines releases it.</param>
    /// <param name="cancellationToken">Stops the read.</param>
    /// <returns>The file's size and digest, and the number of a last line without its line feed (reported once the lines before it are).</returns>
    public async Task<(long Size, byte[] Digest, long? UnterminatedLine)> ReadAsync(ChannelWriter<LineChunk> chunks, SemaphoreSlim slots, CancellationToken cancellationToken)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        long size = 0, lines = 0;
        var index = 0;
        long? unterminated = null;
        var buffer = ArrayPool<byte>.Shared.Rent(ReadChunk);
        var stream = _archive.Open(BundleFormat.EntriesFile);
        try
        {
            await using (stream.ConfigureAwait(false))
            {
                int end = 0, read;
                while ((read = await stream.ReadAsync(buffer.AsMemory(end), cancellationToken).ConfigureAwait(false)) > 0)
                {
                    hash.AppendData(buffer, end, read);
                    size += read;
                    Interlocked.Exchange(ref _bytesRead, size);
                    end += read;
                    if (end < buffer.Length)
                    {
                        continue; // hand on full buffers: fewer, larger chunks
                    }

                    var whole = buffer.AsSpan(0, end).LastIndexOf((byte)'\n') + 1;
                    if (whole == 0)
                    {
                        if (end > _limits.MaxLineBytes)
                        {
                            throw new BundleRejectedException(BundleFindingKind.UnsafeMember, BundleFormat.EntriesFile,
                                $"entries.jsonl line {lines + 1} is longer than {_limits.MaxLineBytes} bytes.");
                        }

                        buffer = Grow(buffer, end, buffer.Length * 2);
                        continue;
                    }

                    var count = buffer.AsSpan(0, whole).Count((byte)'\n');
                    var next = ArrayPool<byte>.Shared.Rent(Math.Max(ReadChunk, (end - whole) * 2));
                    buffer.AsSpan(whole, end - whole).CopyTo(next);
                    var full = buffer;
                    buffer = next;
                    end -= whole;
                    await slots.WaitAsync(cancellationToken).ConfigureAwait(false);
                    await chunks.WriteAsync(new LineChunk(full, whole, index++, lines + 1, count), cancellationToken).ConfigureAwait(false);
                    lines += count;
                }

                var last = buffer.AsSpan(0, end).LastIndexOf((byte)'\n') + 1;
                var lastCount = buffer.AsSpan(0, last).Count((byte)'\n');
                if (last != end)
                {
                    unterminated = lines + lastCount + 1;
                }

                if (last > 0)
                {
                    var full = buffer;
                    buffer = null;
                    await slots.WaitAsync(cancellationToken).ConfigureAwait(false);
                    await chunks.WriteAsync(new LineChunk(full, last, index, lines + 1, lastCount), cancellationToken).ConfigureAwait(false);
                }
            }
        }
        finally
        {
            if (buffer is not null)
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
        }

        return (size, hash.GetHashAndReset(), unterminated);
    }

    private static byte[] Grow(byte[] buffer, int length, int size)
    {
        var target = ArrayPool<byte>.Shared.Rent(size);
        buffer.AsSpan(0, length).CopyTo(target);
        ArrayPool<byte>.Shared.Return(buffer);
        return target;
    }
}

/// <summary>Whole entry lines, each with its line feed, in the first <paramref name="Length"/> bytes of a pooled <paramref name="Buffer"/>.</summary>
/// <param name="Buffer">Rented from <see cref="ArrayPool{T}.Shared"/>; whoever takes the chunk returns it.</param>
/// <param name="Length">How many bytes hold lines.</param>
/// <param name="Index">The chunk's place in the file, from 0.</param>
/// <param name="FirstLine">The number of its first line in entries.jsonl, from 1.</param>
/// <param name="Lines">How many lines it holds.</param>
/// <remarks>A class, like <see cref="DigestedBatch"/>, so that the channels carrying it run the framework's shared, precompiled code for reference types instead of code the JIT compiles for each value type.</remarks>
internal sealed record LineChunk(byte[] Buffer, int Length, int Index, long FirstLine, int Lines);
