using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Security.Cryptography.Pkcs;
using ComplianceKit.Signing;

namespace ComplianceKit.Timestamps;

/// <summary>
/// Obtains RFC 3161 timestamp tokens over signature values from the configured Time-Stamp Authorities over HTTP
/// (<c>application/timestamp-query</c>, RFC 3161 section 3.4): a SHA-256 imprint, a fresh 8-byte nonce and certReq set,
/// encoded by <see cref="Rfc3161TimestampRequest"/>. Thread-safe.
/// </summary>
/// <remarks>
/// Each response is accepted only when its status is granted and its token's imprint and nonce are the request's
/// (<see cref="Rfc3161TimestampRequest.ProcessResponse"/>), and, when <see cref="TimestampOptions.TrustAnchors"/> is set,
/// when <see cref="TimestampTokenVerifier"/> accepts it. Authorities are tried in order; each gets
/// <see cref="TimestampOptions.RequestTimeout"/>.
/// </remarks>
public sealed class Rfc3161TimestampClient
{
    private readonly HttpClient _http;
    private readonly Uri[] _urls;
    private readonly TimeSpan _timeout;
    private readonly TimestampTokenVerifier? _verifier;

    /// <summary>Creates a client over <paramref name="http"/> (whose lifetime the caller owns) for <paramref name="options"/>.</summary>
    /// <exception cref="ArgumentException">No authority URL is configured, or the timeout is not positive.</exception>
    public Rfc3161TimestampClient(HttpClient http, TimestampOptions options)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(options);
        if (options.AuthorityUrls.Count == 0)
        {
            throw new ArgumentException("At least one Time-Stamp Authority URL is required.", nameof(options));
        }

        if (options.RequestTimeout <= TimeSpan.Zero)
        {
            throw new ArgumentException("The request timeout must be positive.", nameof(options));
        }

        _http = http;
        _urls = [.. options.AuthorityUrls];
        _timeout = options.RequestTimeout;
        _verifier = options.TrustAnchors.Count == 0 ? null : new TimestampTokenVerifier(options.TrustAnchors);
        WhenUnavailable = options.WhenUnavailable;
    }

    /// <summary>What a <see cref="TimestampingSigner"/> over this client does when no authority gives a token.</summary>
    public TimestampUnavailableBehavior WhenUnavailable { get; }

    /// <summary>Gets a DER TimeStampToken whose imprint is the SHA-256 of <paramref name="signatureValue"/>.</summary>
    /// <param name="signatureValue">The SignerInfo's signature value (<see cref="SignatureTimestamps.SignatureValue"/>).</param>
    /// <param name="cancellationToken">Cancels the whole operation (not only one authority).</param>
    /// <exception cref="TimestampUnavailableException">Every authority failed; the message names each and why.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public async Task<byte[]> GetTokenAsync(ReadOnlyMemory<byte> signatureValue, CancellationToken cancellationToken = default)
    {
        var failures = new List<string>();
        Exception? last = null;
        foreach (var url in _urls)
        {
            var request = Rfc3161TimestampRequest.CreateFromData(signatureValue.Span, HashAlgorithmName.SHA256,
                nonce: RandomNumberGenerator.GetBytes(8), requestSignerCertificates: true);
            try
            {
                var token = await RequestAsync(url, request, cancellationToken).ConfigureAwait(false);
                if (_verifier?.Verify(token, signatureValue.Span) is { IsValid: false } rejected)
                {
                    failures.Add($"{url}: the token is not accepted ({rejected.Status}: {rejected.Message})");
                    continue;
                }

                return token;
            }
            catch (Exception e) when (!cancellationToken.IsCancellationRequested
                && e is HttpRequestException or OperationCanceledException or CryptographicException or IOException)
            {
                last = e;
                failures.Add($"{url}: {(e is OperationCanceledException ? $"no answer within {_timeout}" : e.Message)}");
            }
        }

        throw new TimestampUnavailableException($"No Time-Stamp Authority gave a timestamp: {string.Join("; ", failures)}.", last);
    }

    private async Task<byte[]> RequestAsync(Uri url, Rfc3161TimestampRequest request, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_timeout);
        using var content = new ByteArrayContent(request.Encode());
        content.Headers.ContentType = new MediaTypeHeaderValue("application/timestamp-query");
        using var response = await _http.PostAsync(url, content, timeout.Token).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException($"HTTP {(int)response.StatusCode} {response.ReasonPhrase}");
        }

        var reply = await response.Content.ReadAsByteArrayAsync(timeout.Token).ConfigureAwait(false);

        // Checks status granted, imprint and nonce; throws CryptographicException otherwise.
        var token = request.ProcessResponse(reply, out _);
        return token.AsSignedCms().Encode();
    }
}
