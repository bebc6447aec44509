using System.Collections.Concurrent;
using NodaTime;

namespace ComplianceKit.Anchoring;

/// <summary>
/// Asks a witness on another machine through a shared directory (<see cref="WitnessExchange"/>): writes a request, waits for the
/// response that <c>compliancekit witness --serve</c> writes, and removes both. It remembers per origin the size the witness last
/// accepted (starting from none); when the witness answers with another, it asks once more with a proof from that size.
/// </summary>
/// <remarks>Thread-safe. A witness that does not answer within <see cref="Timeout"/> is reported as not answering; the request is removed.</remarks>
public sealed class DirectoryWitnessClient : ICheckpointWitnessClient
{
    private readonly ConcurrentDictionary<string, long> _accepted = new(StringComparer.Ordinal);

    /// <summary>Creates a client over the shared <paramref name="directory"/>.</summary>
    /// <param name="directory">The directory the witness answers requests in.</param>
    /// <param name="name">The witness's name in reports (default: the directory).</param>
    public DirectoryWitnessClient(string directory, string? name = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        Directory = Path.GetFullPath(directory);
        Name = name ?? Directory;
    }

    /// <summary>The shared directory's full path.</summary>
    public string Directory { get; }

    /// <inheritdoc />
    public string Name { get; }

    /// <summary>How long to wait for the witness's answer (default 30 seconds).</summary>
    public Duration Timeout { get; init; } = Duration.FromSeconds(30);

    /// <summary>How often to look for the answer while waiting (default 50 milliseconds).</summary>
    public Duration PollInterval { get; init; } = Duration.FromMilliseconds(50);

    /// <inheritdoc />
    public async Task<WitnessResult> AddCheckpointAsync(SignedCheckpoint checkpoint, Func<long, CancellationToken, Task<IReadOnlyList<byte[]>>> proofFrom,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(checkpoint);
        ArgumentNullException.ThrowIfNull(proofFrom);
        var origin = checkpoint.Checkpoint.Origin;
        var size = checkpoint.Checkpoint.TreeSize;
        WitnessResult? result = null;
        for (var attempt = 0; attempt < 2; attempt++)
        {
            var oldSize = _accepted.GetValueOrDefault(origin);
            IReadOnlyList<byte[]> proof = oldSize == 0 || oldSize >= size ? [] : await proofFrom(oldSize, cancellationToken).ConfigureAwait(false);
            long? acceptedSize;
            (result, acceptedSize) = await ExchangeAsync(checkpoint, oldSize, proof, cancellationToken).ConfigureAwait(false);
            if (acceptedSize is not { } theirs)
            {
                break;
            }

            _accepted[origin] = theirs;
        }

        if (result!.IsCosigned)
        {
            _accepted[origin] = size;
        }

        return result;
    }

    private async Task<(WitnessResult Result, long? AcceptedSize)> ExchangeAsync(SignedCheckpoint checkpoint, long oldSize, IReadOnlyList<byte[]> proof,
        CancellationToken cancellationToken)
    {
        string request;
        try
        {
            request = WitnessExchange.WriteRequest(Directory, checkpoint, oldSize, proof);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return (new WitnessResult(null, null, $"{Name} cannot be asked: {ex.Message}"), null);
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(Timeout.ToTimeSpan());
        try
        {
            while (true)
            {
                try
                {
                    if (WitnessExchange.TryReadResponse(request, out var acceptedSize) is { } answer)
                    {
                        return (answer, acceptedSize);
                    }
                }
                catch (Exception ex) when (ex is FormatException or IOException)
                {
                    return (new WitnessResult(null, null, $"{Name} answered what is not a witness response: {ex.Message}"), null);
                }

                await Task.Delay(PollInterval.ToTimeSpan(), timeout.Token).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return (new WitnessResult(null, null, $"{Name} did not answer within {Timeout.TotalSeconds:0.#} s."), null);
        }
        finally
        {
            TryRemove(request);
        }
    }

    private static void TryRemove(string request)
    {
        try
        {
            WitnessExchange.Remove(request);
        }
        catch (IOException)
        {
            // A request left behind is answered later and then ignored; it never changes what was stored.
        }
    }
}
