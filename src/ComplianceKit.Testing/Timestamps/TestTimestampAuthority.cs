using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using ComplianceKit.Testing.Pki;
using NodaTime;

namespace ComplianceKit.Testing.Timestamps;

/// <summary>
/// A real RFC 3161 Time-Stamp Authority for tests, listening on <c>http://127.0.0.1:&lt;free port&gt;/</c>: it answers a
/// DER TimeStampReq POSTed as <c>application/timestamp-query</c> with a DER TimeStampResp
/// (<c>application/timestamp-reply</c>) whose token is signed by its own certificate (<see cref="TimestampResponder"/>
/// builds it). OpenSSL's <c>openssl ts -reply</c> and <c>openssl ts -verify</c> accept its responses.
/// </summary>
/// <remarks>
/// <para>The time in each token is read from the <see cref="IClock"/> the authority was started with, so a test can give
/// it a clock that disagrees with the signer's. Hand it a certificate without the time-stamping extended key usage, or an
/// expired one, to test what a verifier refuses; dispose it to test a TSA that is down (the port then refuses connections).</para>
/// <para>Thread-safe; requests are answered one at a time. Never trust such an authority outside tests.</para>
/// </remarks>
public sealed class TestTimestampAuthority : IDisposable
{
    private readonly HttpListener _listener;
    private readonly Task _loop;
    private readonly TimestampResponder _responder;
    private int _requestCount;

    private TestTimestampAuthority(HttpListener listener, Uri url, TimestampResponder responder)
    {
        _listener = listener;
        _responder = responder;
        Url = url;
        _loop = Task.Run(ServeAsync);
    }

    /// <summary>The URL a timestamp client posts requests to.</summary>
    public Uri Url { get; }

    /// <summary>The authority's certificate, public part (what a TSA trust anchor chains it from).</summary>
    public X509Certificate2 Certificate => _responder.Certificate;

    /// <summary>How many HTTP requests the authority has answered (a test asserts a flow asked once, or not at all).</summary>
    public int RequestCount => Volatile.Read(ref _requestCount);

    /// <summary>
    /// Starts an authority with a good time-stamping certificate issued by <paramref name="issuer"/>
    /// (<see cref="TestCertificateAuthority.IssueTimeStamping"/>), stamping the time of <paramref name="clock"/>
    /// (the issuer's clock when null).
    /// </summary>
    public static TestTimestampAuthority Start(TestCertificateAuthority issuer, IClock? clock = null)
    {
        ArgumentNullException.ThrowIfNull(issuer);
        return Start(issuer.IssueTimeStamping("CN=Test Time-Stamp Authority, O=Test Organisation"), clock ?? issuer.Clock, ownsCertificate: true);
    }

    /// <summary>
    /// Starts an authority that signs with <paramref name="certificate"/> (which must carry its private key; it is used as
    /// given, so a certificate without the time-stamping EKU or an expired one makes tokens a verifier must refuse).
    /// </summary>
    /// <param name="certificate">The TSA certificate with its private key; the caller keeps ownership.</param>
    /// <param name="clock">The clock whose time goes into each token.</param>
    /// <exception cref="ArgumentException">The certificate has no private key.</exception>
    public static TestTimestampAuthority StartWith(X509Certificate2 certificate, IClock clock) => Start(certificate, clock, ownsCertificate: false);

    /// <summary>Stops listening: afterwards the URL refuses connections, as a TSA that is down does.</summary>
    public void Dispose()
    {
        if (_listener.IsListening)
        {
            _listener.Stop();
        }

        _listener.Close();
        try
        {
            _loop.Wait(TimeSpan.FromSeconds(5));
        }
        catch (AggregateException)
        {
            // The loop ends with the listener's disposal exception; nothing is left running.
        }

        _responder.Dispose();
    }

    private static TestTimestampAuthority Start(X509Certificate2 certificate, IClock clock, bool ownsCertificate)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        ArgumentNullException.ThrowIfNull(clock);
        var responder = new TimestampResponder(certificate, clock, ownsCertificate);
        for (var attempt = 0; ; attempt++)
        {
            var url = new Uri($"http://127.0.0.1:{FreePort()}/");
            var listener = new HttpListener();
            listener.Prefixes.Add(url.ToString());
            try
            {
                listener.Start();
                return new TestTimestampAuthority(listener, url, responder);
            }
            catch (HttpListenerException) when (attempt < 5)
            {
                // Another process took the port between probing and binding; try another.
                listener.Close();
            }
        }
    }

    private static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    private async Task ServeAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync().ConfigureAwait(false);
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            await AnswerAsync(context).ConfigureAwait(false);
        }
    }

    private async Task AnswerAsync(HttpListenerContext context)
    {
        Interlocked.Increment(ref _requestCount);
        var response = context.Response;
        try
        {
            if (context.Request.HttpMethod != "POST")
            {
                response.StatusCode = 405;
                return;
            }

            using var body = new MemoryStream();
            await context.Request.InputStream.CopyToAsync(body).ConfigureAwait(false);
            var reply = _responder.Respond(body.ToArray());
            response.StatusCode = 200;
            response.ContentType = "application/timestamp-reply";
            response.ContentLength64 = reply.Length;
            await response.OutputStream.WriteAsync(reply).ConfigureAwait(false);
        }
        catch (Exception e) when (e is HttpListenerException or IOException)
        {
            // The client went away; the next request is served as usual.
        }
        finally
        {
            response.Close();
        }
    }
}
