using System.Security.Cryptography.X509Certificates;
using ComplianceKit.Signing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using NodaTime;

namespace ComplianceKit.Timestamps;

/// <summary>
/// An <see cref="ICmsSigner"/> that signs with an inner signer, then obtains an RFC 3161 timestamp over the signature value
/// and adds it as the signatureTimeStampToken unsigned attribute (CAdES-T). Wrap the signer handed to the approval,
/// evidence, administration or bundle writers with it and their signatures carry a trusted time; nothing else changes.
/// </summary>
/// <remarks>
/// Without a token (every authority down, slow or refused), signing throws <see cref="TimestampUnavailableException"/> so
/// nothing is recorded, or, when the client is configured with <see cref="TimestampUnavailableBehavior.RecordUntimestamped"/>,
/// returns the untimestamped signature, logs warning event 1901 and counts it in <see cref="UntimestampedCount"/>: never
/// silently. Cancellation is never turned into an untimestamped signature. Thread-safe.
/// </remarks>
public sealed partial class TimestampingSigner : ICmsSigner
{
    private readonly ICmsSigner _inner;
    private readonly Rfc3161TimestampClient _client;
    private readonly ILogger _logger;
    private int _untimestamped;

    /// <summary>Wraps <paramref name="inner"/>, timestamping through <paramref name="client"/>.</summary>
    public TimestampingSigner(ICmsSigner inner, Rfc3161TimestampClient client, ILogger<TimestampingSigner>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(inner);
        ArgumentNullException.ThrowIfNull(client);
        _inner = inner;
        _client = client;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
    }

    /// <inheritdoc />
    public X509Certificate2 Certificate => _inner.Certificate;

    /// <summary>How many signatures were returned without a timestamp under <see cref="TimestampUnavailableBehavior.RecordUntimestamped"/>.</summary>
    public int UntimestampedCount => Volatile.Read(ref _untimestamped);

    /// <summary>Signs with the inner signer and adds the timestamp token as described on <see cref="TimestampingSigner"/>.</summary>
    /// <exception cref="TimestampUnavailableException">No authority gave a token and the client is configured to fail.</exception>
    public async ValueTask<byte[]> SignDetachedAsync(ReadOnlyMemory<byte> content, Instant signingTime, CancellationToken cancellationToken = default)
    {
        var signature = await _inner.SignDetachedAsync(content, signingTime, cancellationToken).ConfigureAwait(false);
        byte[] token;
        try
        {
            token = await _client.GetTokenAsync(SignatureTimestamps.SignatureValue(signature), cancellationToken).ConfigureAwait(false);
        }
        catch (TimestampUnavailableException e) when (_client.WhenUnavailable == TimestampUnavailableBehavior.RecordUntimestamped)
        {
            Interlocked.Increment(ref _untimestamped);
            LogUntimestamped(_logger, Certificate.Subject, e.Message);
            return signature;
        }

        return SignatureTimestamps.Attach(signature, token);
    }

    [LoggerMessage(EventId = 1901, Level = LogLevel.Warning, Message = "Signature by {Signer} recorded WITHOUT a timestamp: {Reason}")]
    private static partial void LogUntimestamped(ILogger logger, string signer, string reason);
}
