using System.Globalization;
using System.Text.Json;

namespace ComplianceKit.Anchoring;

/// <summary>
/// The witness protocol on files (docs/ANCHORING.md), for a witness on another machine that shares a directory with the log: the log
/// writes <c>&lt;origin folder&gt;.&lt;size, 20 digits&gt;.&lt;id&gt;.request</c> (JSON: the checkpoint, the log's signature, the
/// <c>oldSize</c> it believes the witness accepted last and the consistency proof from it, as in C2SP tlog-witness's add-checkpoint);
/// the witness (<c>compliancekit witness --serve</c>) answers each with <c>&lt;same stem&gt;.response</c>: a co-signature, a refusal,
/// or, when <c>oldSize</c> is not what it accepted, that size so the log asks again. Every file is written to a temporary name,
/// flushed and renamed, so neither side ever reads half a file.
/// </summary>
public static class WitnessExchange
{
    /// <summary>The suffix of a request file.</summary>
    public const string RequestSuffix = ".request";

    /// <summary>The suffix of a response file.</summary>
    public const string ResponseSuffix = ".response";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>Writes a request for <paramref name="checkpoint"/> into <paramref name="directory"/>; returns the request file's path.</summary>
    /// <exception cref="IOException">The directory cannot be written.</exception>
    public static string WriteRequest(string directory, SignedCheckpoint checkpoint, long oldSize, IReadOnlyList<byte[]> consistencyProof)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        ArgumentNullException.ThrowIfNull(checkpoint);
        ArgumentNullException.ThrowIfNull(consistencyProof);
        Directory.CreateDirectory(directory);
        var stem = $"{DirectoryCheckpointSink.FolderOf(checkpoint.Checkpoint.Origin)}.{checkpoint.Checkpoint.TreeSize.ToString("D20", CultureInfo.InvariantCulture)}.{Guid.NewGuid():N}";
        var file = Path.Combine(directory, stem + RequestSuffix);
        var request = new RequestJson(Convert.ToBase64String(checkpoint.Checkpoint.ToBytes()), Convert.ToBase64String(checkpoint.Signature), oldSize,
            consistencyProof.Select(Convert.ToBase64String).ToList());
        DirectoryCheckpointSink.WriteNew(file, JsonSerializer.SerializeToUtf8Bytes(request, Json), replaceUnpublished: false);
        return file;
    }

    /// <summary>
    /// The witness's answer to the request in <paramref name="requestFile"/>, or <see langword="null"/> while there is none. When the
    /// answer is that the request's old size is not the witness's, <paramref name="acceptedSize"/> is the size it accepted last.
    /// </summary>
    /// <exception cref="FormatException">The response is not in this protocol's shape.</exception>
    public static WitnessResult? TryReadResponse(string requestFile, out long? acceptedSize)
    {
        ArgumentException.ThrowIfNullOrEmpty(requestFile);
        acceptedSize = null;
        var file = ResponseFileOf(requestFile);
        if (!File.Exists(file))
        {
            return null;
        }

        ResponseJson response;
        try
        {
            response = JsonSerializer.Deserialize<ResponseJson>(File.ReadAllBytes(file), Json) ?? throw new FormatException($"{file} is empty.");
        }
        catch (JsonException ex)
        {
            throw new FormatException($"{file} is not a witness response: {ex.Message}", ex);
        }

        acceptedSize = response.AcceptedSize;
        WitnessFindingKind? refusal = response.Refusal is null ? null
            : Enum.TryParse<WitnessFindingKind>(response.Refusal, out var kind) ? kind : throw new FormatException($"{file} names an unknown refusal '{response.Refusal}'.");
        var cosignature = response.Cosignature is null ? null : Convert.FromBase64String(response.Cosignature);
        return new WitnessResult(cosignature, refusal, response.Message ?? "");
    }

    /// <summary>
    /// Answers every request in <paramref name="directory"/> that has no response yet, in file-name order (per origin, smallest size
    /// first), with <paramref name="witness"/>; returns what it answered, request by request.
    /// </summary>
    public static async Task<IReadOnlyList<WitnessExchangeAnswer>> AnswerPendingAsync(string directory, CheckpointWitness witness, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        ArgumentNullException.ThrowIfNull(witness);
        var answered = new List<WitnessExchangeAnswer>();
        if (!Directory.Exists(directory))
        {
            return answered;
        }

        foreach (var request in Directory.EnumerateFiles(directory, "*" + RequestSuffix).Order(StringComparer.Ordinal).ToList())
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (File.Exists(ResponseFileOf(request)))
            {
                continue;
            }

            byte[] bytes;
            try
            {
                bytes = await File.ReadAllBytesAsync(request, cancellationToken).ConfigureAwait(false);
            }
            catch (FileNotFoundException)
            {
                continue; // The log gave up on it and removed it.
            }

            var (result, acceptedSize) = await AnswerAsync(bytes, witness, cancellationToken).ConfigureAwait(false);
            var response = new ResponseJson(result.Cosignature is { } c ? Convert.ToBase64String(c) : null, result.Refusal?.ToString(), result.Message, acceptedSize);
            DirectoryCheckpointSink.WriteNew(ResponseFileOf(request), JsonSerializer.SerializeToUtf8Bytes(response, Json), replaceUnpublished: true);
            answered.Add(new WitnessExchangeAnswer(request, result, acceptedSize));
        }

        return answered;
    }

    /// <summary>Removes a request and its response, once the log has read the answer or gave up waiting.</summary>
    public static void Remove(string requestFile)
    {
        ArgumentException.ThrowIfNullOrEmpty(requestFile);
        File.Delete(requestFile);
        File.Delete(ResponseFileOf(requestFile));
    }

    private static async Task<(WitnessResult Result, long? AcceptedSize)> AnswerAsync(byte[] bytes, CheckpointWitness witness, CancellationToken cancellationToken)
    {
        SignedCheckpoint checkpoint;
        RequestJson request;
        IReadOnlyList<byte[]> proof;
        try
        {
            request = JsonSerializer.Deserialize<RequestJson>(bytes, Json) ?? throw new FormatException("The request is empty.");
            checkpoint = new SignedCheckpoint(Checkpoint.Parse(Convert.FromBase64String(request.Checkpoint ?? "")), Convert.FromBase64String(request.Signature ?? ""));
            proof = (request.Proof ?? []).Select(Convert.FromBase64String).ToList();
        }
        catch (Exception ex) when (ex is JsonException or FormatException or ArgumentException)
        {
            return (new WitnessResult(null, null, $"The request is not a witness request: {ex.Message}"), null);
        }

        // C2SP: a request from another size than the witness accepted last is answered with that size, and nothing changes.
        var last = witness.LastAccepted(checkpoint.Checkpoint.Origin)?.TreeSize ?? 0;
        if (request.OldSize != last && last < checkpoint.Checkpoint.TreeSize)
        {
            return (new WitnessResult(null, null, $"{checkpoint.Checkpoint.Origin}: this witness last accepted size {last}, not {request.OldSize}; ask again with a proof from it."), last);
        }

        return (await witness.CosignAsync(checkpoint, last >= checkpoint.Checkpoint.TreeSize ? [] : proof, cancellationToken).ConfigureAwait(false), null);
    }

    private static string ResponseFileOf(string requestFile) =>
        requestFile.EndsWith(RequestSuffix, StringComparison.Ordinal) ? requestFile[..^RequestSuffix.Length] + ResponseSuffix
            : throw new ArgumentException($"{requestFile} is not a {RequestSuffix} file.", nameof(requestFile));

    private sealed record RequestJson(string? Checkpoint, string? Signature, long OldSize, IReadOnlyList<string>? Proof);

    private sealed record ResponseJson(string? Cosignature, string? Refusal, string? Message, long? AcceptedSize);
}
